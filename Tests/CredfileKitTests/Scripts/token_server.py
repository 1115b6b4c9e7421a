"""A local Entra ID token endpoint for GraphCheckTests: HTTPS on 127.0.0.1:<free port>, with a
certificate from a throw-away CA made by `trustme`.

  token_server.py DIRECTORY CLIENT_ID CLIENT_SECRET

Writes DIRECTORY/ca.pem (the CA to trust), DIRECTORY/other-ca.pem (a CA that signed nothing
here, for the wrong-CA case), then DIRECTORY/ready.json ({"port": N}). Every request is
appended to DIRECTORY/requests.jsonl (path, content type, form, the token issued), so a test
can check the request byte for byte and search reports for the token.

POST /{tenant}/oauth2/v2.0/token answers as Entra ID's v2.0 endpoint does for the client
credentials grant (status, error, error_codes, error_description with its "AADSTSnnnn:"
prefix). The request is checked first: form encoding, grant_type, scope, client_id (else
AADSTS700016), client_secret (else AADSTS7000215). Then the tenant picks the scenario
(TENANTS below); a tenant not listed is unknown (AADSTS90002). Tokens are unsigned JWTs
(a fake signature part) whose payload carries the scenario's `roles`.

Runs until killed, until its parent is gone, or for an hour.
"""
import base64
import http.server
import json
import os
import ssl
import sys
import threading
import time
import urllib.parse

import trustme

directory, CLIENT_ID, SECRET = sys.argv[1], sys.argv[2], sys.argv[3]
parent = os.getppid()
ca = trustme.CA()
ca.cert_pem.write_to_path(os.path.join(directory, "ca.pem"))
trustme.CA().cert_pem.write_to_path(os.path.join(directory, "other-ca.pem"))
certificate = ca.issue_cert("127.0.0.1", "localhost")
log_lock = threading.Lock()

SCOPE = "https://graph.microsoft.com/.default"
ALL_ROLES = ["Mail.Read", "Mail.ReadWrite", "User.Read.All"]

# tenant -> ("token", roles or None) | ("error", status, error, code) | other shapes
TENANTS = {
    "all-roles.example.com": ("token", ALL_ROLES),
    "4f1c2d3e-0000-4000-8000-00000000abcd": ("token", ALL_ROLES),
    "read-only.example.com": ("token", ["Mail.Read"]),
    "no-roles.example.com": ("token", None),
    "empty-roles.example.com": ("token", []),
    # A role holding the secret (a hostile or echoing authority) and one with a line break.
    "odd-roles.example.com": ("token", ["Mail.Read", "Mail.ReadWrite", "x" + SECRET + "x", "Forged\nline"]),
    "expired-secret.example.com": ("error", 401, "invalid_client", 7000222),
    "consent-missing.example.com": ("error", 400, "invalid_grant", 65001),
    "disabled-app.example.com": ("error", 400, "unauthorized_client", 7000112),
    "blocked.example.com": ("error", 400, "access_denied", 53003),
    "unlisted-code.example.com": ("error", 400, "invalid_request", 9999999),
    # error_codes missing: the code is only in the description's prefix.
    "description-only.example.com": ("description-only", 400, "invalid_request", 90002),
    # The error text quotes the secret and a token (as a careless server might).
    "echo.example.com": ("echo",),
    "not-json.example.com": ("raw", 200, "text/html", b"<html><body>sign in</body></html>"),
    "no-token.example.com": ("raw", 200, "application/json", b'{"token_type":"Bearer","expires_in":3599}'),
    "opaque-token.example.com": ("raw", 200, "application/json", b'{"token_type":"Bearer","access_token":"a.b.c.d.e"}'),
    "server-error.example.com": ("raw", 503, "text/html", b"<html>Service Unavailable</html>"),
    "slow.example.com": ("slow",),
}

DESCRIPTIONS = {
    90002: "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.",
    700016: "Application with identifier '{client}' was not found in the directory '{tenant}'.",
    7000215: "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{client}'.",
    7000222: "The provided client secret keys for app '{client}' are expired.",
    65001: "The user or administrator has not consented to use the application with ID '{client}'.",
    7000112: "Application '{client}' is disabled.",
    53003: "Access has been blocked by Conditional Access policies.",
    9999999: "Something unusual happened.",
    900144: "The request body must contain the following parameter: '{missing}'.",
    70011: "The provided value for the input parameter 'scope' is not valid.",
}


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(tenant, roles):
    header = {"alg": "RS256", "typ": "JWT", "kid": "test"}
    payload = {"aud": "https://graph.microsoft.com", "iss": f"https://sts.windows.net/{tenant}/", "tid": tenant,
               "appid": CLIENT_ID, "exp": int(time.time()) + 3600}
    if roles is not None:
        payload["roles"] = roles
    return ".".join([b64url(json.dumps(header).encode()), b64url(json.dumps(payload).encode()), b64url(b"not-a-real-signature")])


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def json(self, status, obj):
        self.reply(status, "application/json; charset=utf-8", json.dumps(obj).encode())

    def error(self, status, error, code, tenant, description=None, codes=True, **extra):
        text = description or DESCRIPTIONS[code].format(tenant=tenant, client=CLIENT_ID, **extra)
        body = {"error": error, "error_description": f"AADSTS{code}: {text}\r\nTrace ID: 0d1e\r\nCorrelation ID: 5a6b\r\nTimestamp: 2026-12-06 06:00:00Z",
                "timestamp": "2026-12-06 06:00:00Z", "trace_id": "0d1e", "correlation_id": "5a6b",
                "error_uri": f"https://login.microsoftonline.com/error?code={code}"}
        if codes:
            body["error_codes"] = [code]
        self.json(status, body)

    def log(self, entry):
        with log_lock, open(os.path.join(directory, "requests.jsonl"), "a") as f:
            f.write(json.dumps(entry) + "\n")

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        parts = self.path.split("/")
        entry = {"path": self.path, "contentType": self.headers.get("Content-Type"), "accept": self.headers.get("Accept"),
                 "body": raw.decode("utf-8", "replace")}
        if len(parts) != 5 or parts[0] != "" or parts[2:] != ["oauth2", "v2.0", "token"]:
            self.log(entry)
            return self.reply(404, "text/html", b"<html>not found</html>")
        tenant = parts[1]
        form = urllib.parse.parse_qs(raw.decode(), keep_blank_values=True, strict_parsing=True)
        entry["form"] = form
        issued = self.answer(tenant, form)
        if issued:
            entry["issued"] = issued
        self.log(entry)

    def answer(self, tenant, form):
        """Answers the token request; returns the token it issued, if any."""
        if self.headers.get("Content-Type") != "application/x-www-form-urlencoded" or any(len(v) != 1 for v in form.values()):
            return self.error(400, "invalid_request", 900144, tenant, missing="grant_type")
        single = {k: v[0] for k, v in form.items()}
        for name in ("client_id", "client_secret", "grant_type", "scope"):
            if name not in single:
                return self.error(400, "invalid_request", 900144, tenant, missing=name)
        if single["grant_type"] != "client_credentials" or set(single) != {"client_id", "client_secret", "grant_type", "scope"}:
            return self.error(400, "invalid_request", 900144, tenant, missing="grant_type")
        if single["scope"] != SCOPE:
            return self.error(400, "invalid_scope", 70011, tenant)
        scenario = TENANTS.get(tenant)
        if scenario is None:
            return self.error(400, "invalid_request", 90002, tenant)
        if single["client_id"] != CLIENT_ID:
            return self.error(400, "unauthorized_client", 700016, tenant)
        if scenario[0] == "echo":
            echoed = f"The secret {single['client_secret']} and the token {token(tenant, ALL_ROLES)} were seen."
            return self.error(401, "invalid_client", 9999998, tenant, description=echoed)
        if single["client_secret"] != SECRET:
            return self.error(401, "invalid_client", 7000215, tenant)
        return self.scenario(tenant, scenario)

    def scenario(self, tenant, scenario):
        kind = scenario[0]
        if kind == "token":
            issued = token(tenant, scenario[1])
            self.json(200, {"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": issued})
            return issued
        if kind == "error":
            return self.error(scenario[1], scenario[2], scenario[3], tenant)
        if kind == "description-only":
            return self.error(scenario[1], scenario[2], scenario[3], tenant, codes=False)
        if kind == "raw":
            return self.reply(scenario[1], scenario[2], scenario[3])
        if kind == "slow":
            time.sleep(5)
            issued = token(tenant, ALL_ROLES)
            self.json(200, {"token_type": "Bearer", "access_token": issued})
            return issued


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
certificate.configure_cert(context)
server.socket = context.wrap_socket(server.socket, server_side=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
with open(os.path.join(directory, "ready.tmp"), "w") as f:
    json.dump({"port": server.server_address[1]}, f)
os.rename(os.path.join(directory, "ready.tmp"), os.path.join(directory, "ready.json"))

deadline = time.monotonic() + 3600
while time.monotonic() < deadline and os.getppid() == parent:
    time.sleep(0.5)
