"""Local SMTP servers for the `check` and `send-mail` tests (aiosmtpd), on 127.0.0.1 with
free ports, certificates from throw-away CAs (trustme).

  smtp_server.py DIRECTORY

Writes DIRECTORY/ca.pem (the CA of every listener), DIRECTORY/other-ca.pem (a CA that signed
nothing the servers use), then DIRECTORY/ready.json with the port of each listener:

  starttls   STARTTLS offered and required before AUTH; AUTH PLAIN LOGIN after it
  implicit   TLS from the first byte; AUTH PLAIN LOGIN
  plain      no STARTTLS at all; AUTH PLAIN LOGIN over plain text
  mismatch   STARTTLS with a certificate for mail.elsewhere.test only (not 127.0.0.1)
  echo       STARTTLS; answers AUTH with a 535 that repeats what the client sent (base64
             and decoded), as a hostile server could
  loginonly  STARTTLS; AUTH LOGIN only

Accepts user "mailer@example.test" with password "Correct-Horse-7". Every AUTH command and
every delivered message is appended to DIRECTORY/events.jsonl, one JSON object a line:
{"listener", "event": "auth-command" | "auth" | "data", ...}; a message's bytes (as received,
dot-stuffing undone) are hex in "content". Runs until killed, until its parent is gone, or
for an hour.
"""
import asyncio
import base64
import json
import os
import ssl
import sys
import time
import warnings

import trustme
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

warnings.simplefilter("ignore", DeprecationWarning)  # aiosmtpd's own Session.login_data

USER = b"mailer@example.test"
PASSWORD = b"Correct-Horse-7"

directory = sys.argv[1]
parent = os.getppid()
events_path = os.path.join(directory, "events.jsonl")

ca = trustme.CA()
ca.cert_pem.write_to_path(os.path.join(directory, "ca.pem"))
trustme.CA().cert_pem.write_to_path(os.path.join(directory, "other-ca.pem"))


def context_for(*names):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert(*names).configure_cert(context)
    return context


good = context_for("127.0.0.1", "localhost")
wrong_name = context_for("mail.elsewhere.test")


def record(listener, event, **fields):
    with open(events_path, "a") as f:
        f.write(json.dumps({"listener": listener, "event": event, **fields}) + "\n")
        f.flush()


class Handler:
    def __init__(self, listener):
        self.listener = listener

    async def handle_DATA(self, server, session, envelope):
        record(self.listener, "data", mail_from=envelope.mail_from, rcpt_tos=envelope.rcpt_tos,
               content=envelope.original_content.hex(), authenticated=bool(session.authenticated))
        return "250 2.0.0 Ok: queued as T3ST"


def authenticator_for(listener):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER and auth_data.password == PASSWORD
        tls = server.transport is not None and server.transport.get_extra_info("ssl_object") is not None
        record(listener, "auth", mechanism=mechanism, ok=ok, tls=tls)
        # handled=False: aiosmtpd answers a failure itself (535 5.7.8 …); True would mean "answered".
        return AuthResult(success=ok, handled=False)
    return authenticate


class RecordingSMTP(SMTP):
    def __init__(self, listener, **kwargs):
        super().__init__(Handler(listener), authenticator=authenticator_for(listener), **kwargs)
        self.listener = listener

    async def smtp_AUTH(self, arg):
        record(self.listener, "auth-command", mechanism=(arg or "").split(" ")[0].upper())
        if self.listener == "echo" and self.session.ssl is not None:
            response = await self.challenge_auth("", encode_to_b64=False)
            if not isinstance(response, bytes):
                return
            sent = base64.b64encode(response).decode()
            parts = response.split(b"\0")
            await self.push("535-5.7.8 rejected %s" % sent)
            await self.push("535 5.7.8 user %s password %s" % (parts[1].decode(), parts[-1].decode()))
            return
        return await super().smtp_AUTH(arg)


def factory(listener, **kwargs):
    kwargs.setdefault("auth_require_tls", True)
    kwargs.setdefault("hostname", "mx.test")
    return lambda: RecordingSMTP(listener, **kwargs)


async def main():
    loop = asyncio.get_running_loop()
    listeners = {
        "starttls": (factory("starttls", tls_context=good, require_starttls=True), None),
        # aiosmtpd counts only STARTTLS as TLS for auth_require_tls; this one is TLS from the start.
        "implicit": (factory("implicit", auth_require_tls=False), good),
        "plain": (factory("plain", auth_require_tls=False), None),
        "mismatch": (factory("mismatch", tls_context=wrong_name, require_starttls=True), None),
        "echo": (factory("echo", tls_context=good, require_starttls=True), None),
        "loginonly": (factory("loginonly", tls_context=good, require_starttls=True, auth_exclude_mechanism=["PLAIN"]), None),
    }
    ports = {}
    for name, (make, implicit_tls) in listeners.items():
        server = await loop.create_server(make, host="127.0.0.1", port=0, ssl=implicit_tls)
        ports[name] = server.sockets[0].getsockname()[1]
    with open(os.path.join(directory, "ready.tmp"), "w") as f:
        json.dump(ports, f)
    os.rename(os.path.join(directory, "ready.tmp"), os.path.join(directory, "ready.json"))
    deadline = time.monotonic() + 3600
    while time.monotonic() < deadline and os.getppid() == parent:
        await asyncio.sleep(0.5)


asyncio.run(main())
