"""A tiny HTTPS server for CredfileHTTPTests, on 127.0.0.1:<free port>, with a certificate from
a throw-away CA made by `trustme`.

  https_server.py DIRECTORY

Writes DIRECTORY/ca.pem (the CA to trust) and then DIRECTORY/ready.json ({"port": N}). Answers
GET /hello with 200 "hello over tls", POST /echo with the request body and its headers as
JSON, GET /big with 2 MiB, GET /slow after 5 s, GET /redirect with a 302. Runs until killed, until its parent is
gone, or for 10 minutes.
"""
import http.server
import json
import os
import ssl
import sys
import threading
import time

import trustme

directory = sys.argv[1]
parent = os.getppid()
ca = trustme.CA()
ca.cert_pem.write_to_path(os.path.join(directory, "ca.pem"))
certificate = ca.issue_cert("127.0.0.1", "localhost")


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, body, headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Test", "one")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/hello":
            self.reply(200, b"hello over tls")
        elif self.path == "/big":
            self.reply(200, b"x" * (2 << 20))
        elif self.path == "/slow":
            time.sleep(5)
            self.reply(200, b"late")
        elif self.path == "/redirect":
            self.reply(302, b"", [("Location", "/hello")])
        else:
            self.reply(404, b"not found")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        answer = {"body": body.hex(), "headers": {k.lower(): v for k, v in self.headers.items()}, "method": self.command}
        self.reply(201, json.dumps(answer).encode(), [("Content-Type", "application/json")])


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
certificate.configure_cert(context)
server.socket = context.wrap_socket(server.socket, server_side=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
with open(os.path.join(directory, "ready.tmp"), "w") as f:
    json.dump({"port": server.server_address[1]}, f)
os.rename(os.path.join(directory, "ready.tmp"), os.path.join(directory, "ready.json"))

deadline = time.monotonic() + 600
while time.monotonic() < deadline and os.getppid() == parent:
    time.sleep(0.5)
