#!/usr/bin/env python3
"""Writes the validate fixture corpus: one folder per scenario, named after the rule it breaks.

Each scenario is a real credfile-encrypted base file (_base/, encrypted to the throwaway
_base/fixture-identity.txt) changed by one small edit. expected.txt states, by hand, every
diagnostic credfile must give (file:line:col severity code), and whether check-jsonschema with
the exported JSON Schema must agree on accept/reject ("jsonschema: agree"), or why it cannot
("jsonschema: skip — <rule JSON Schema cannot express>").  Run: python3 generate.py
"""
import os, shutil

HERE = os.path.dirname(os.path.abspath(__file__))
SMTP = open(os.path.join(HERE, "_base/smtp-relay.yaml")).read()
GRAPH = open(os.path.join(HERE, "_base/graph-mailbox.yaml")).read()

def line(text, prefix):
    return next(l for l in text.split("\n") if l.startswith(prefix))

def replace(text, prefix, new):
    return text.replace(line(text, prefix), new, 1)

def drop(text, prefix):
    return text.replace(line(text, prefix) + "\n", "", 1)

def insert_after(text, prefix, new):
    old = line(text, prefix)
    return text.replace(old, old + "\n" + new, 1)

def drop_sops(text):
    return text[: text.index("sops:\n")]

PASSWORD = line(SMTP, "password:")
ENC = PASSWORD[len("password: "):]
TAG = ENC[ENC.index(",tag:") + 5 : ENC.index(",type:")]
FAKE_TAG_SHORT = ENC.replace(",tag:" + TAG, ",tag:AAAAAAAAAAAAAAAA", 1)  # 12 bytes, not 16
SKIP_YAML = "skip — strict YAML (duplicate keys, anchors, tags, encoding) is not expressible in JSON Schema"
SKIP_NAME = "skip — the name must equal the file name"
SKIP_RULE = "skip — encrypted_regex must select exactly the sensitive fields (a semantic check)"
SKIP_META = "skip — sops metadata internals (lastmodified format, rule count, age armor) are not in the JSON Schema"
SKIP_DATE = "skip — a secret's expiry against today is not expressible"
SKIP_PREFIX = "skip — names unique across files (environment prefix)"

# (scenario, schema, {file: text}, [expected "file:line:col severity code"], jsonschema verdict)
S = "smtp-relay.yaml"
G = "graph-mailbox.yaml"
SCENARIOS = [
    # --- valid files
    ("valid-smtp", "smtp", {S: SMTP}, [], "agree"),
    ("valid-msgraph", "msgraph", {G: GRAPH}, [], "agree"),
    ("valid-smtp-minimal-no-secrets", "smtp", {S: "name: smtp-relay\ntype: smtp\ndescription: Minimal relay\nhost: 10.0.0.25\n"}, [], "agree"),
    ("valid-smtp-ipv6-host", "smtp", {S: replace(SMTP, "host:", "host: 2001:db8::25")}, [], "agree"),
    ("valid-msgraph-unquoted-date", "msgraph", {G: replace(GRAPH, "secret_expires:", "secret_expires: 2027-06-30")}, [], "agree"),
    ("valid-msgraph-expires-soon-is-a-warning", "msgraph", {G: replace(GRAPH, "secret_expires:", 'secret_expires: "2026-12-01"')},
     [f"{G}:7:17 warning secret.expires-soon"], "agree"),
    ("valid-generic-token", "generic", {"api-token.yaml": replace(replace(replace(SMTP, "name:", "name: api-token"), "type:", "type: generic"), "host:", "url: https://api.example.com/v1")
        .replace(line(SMTP, "port:") + "\n", "").replace(line(SMTP, "tls:") + "\n", "").replace(line(SMTP, "email:") + "\n", "")
        .replace("password: ENC", "token: ENC").replace(line(SMTP, "username:") + "\n", "").replace("^(password)$", "^(password|token)$")}, [], "agree"),
    # --- strict YAML
    ("yaml-duplicate-key", "smtp", {S: insert_after(SMTP, "host:", "host: other.example.com")}, [f"{S}:6:1 error yaml.duplicate-key"], SKIP_YAML),
    ("yaml-anchor", "smtp", {S: replace(SMTP, "host:", "host: &h smtp.example.com")}, [f"{S}:5:7 error yaml.anchor"], SKIP_YAML),
    ("yaml-alias", "smtp", {S: replace(SMTP, "username:", "username: *mail")}, [f"{S}:9:11 error yaml.alias"], SKIP_YAML),
    ("yaml-custom-tag", "smtp", {S: replace(SMTP, "host:", "host: !env SMTP_HOST")}, [f"{S}:5:7 error yaml.unsupported-tag"], SKIP_YAML),
    ("yaml-merge-key", "smtp", {S: insert_after(SMTP, "host:", "<<: {port: 25}")}, [f"{S}:6:1 error yaml.merge-key"], SKIP_YAML),
    ("yaml-non-string-key", "smtp", {S: insert_after(SMTP, "host:", "true: yes")}, [f"{S}:6:1 error yaml.non-string-key"], SKIP_YAML),
    ("yaml-multiple-documents", "smtp", {S: SMTP + "---\nname: other\n"}, [f"{S}:26:1 error yaml.multiple-documents"], SKIP_YAML),
    ("yaml-not-a-mapping", "smtp", {S: "- name: smtp-relay\n- type: smtp\n"}, [f"{S}:1:1 error yaml.not-a-mapping"], "agree"),
    ("yaml-empty-file", "smtp", {S: ""}, [f"{S}:1:1 error yaml.empty"], SKIP_YAML),
    ("yaml-crlf-line-ends", "smtp", {S: SMTP.replace("\n", "\r\n")}, [f"{S}:1:37 error yaml.carriage-return"], SKIP_YAML),
    ("yaml-byte-order-mark", "smtp", {S: "\ufeff" + SMTP}, [f"{S}:1:1 error yaml.byte-order-mark"], SKIP_YAML),
    ("yaml-syntax-unclosed-flow", "smtp", {S: replace(SMTP, "port:", "port: [587")}, [f"{S}:7:4 error yaml.syntax"], "agree"),
    # --- common fields
    ("name-missing", "smtp", {S: drop(SMTP, "name:")}, [f"{S}:2:1 error field.missing"], "agree"),
    ("name-not-a-slug", "smtp", {S: replace(SMTP, "name:", "name: SMTP_Relay")}, [f"{S}:2:7 error name.invalid"], "agree"),
    ("name-double-separator", "smtp", {"smtp--relay.yaml": replace(SMTP, "name:", "name: smtp--relay")}, ["smtp--relay.yaml:2:7 error name.invalid"], "agree"),
    ("name-not-a-string", "smtp", {S: replace(SMTP, "name:", "name: 123")}, [f"{S}:2:7 error field.invalid"], "agree"),
    ("name-differs-from-file-name", "smtp", {S: replace(SMTP, "name:", "name: smtp-other")}, [f"{S}:2:7 error name.file-mismatch"], SKIP_NAME),
    ("type-missing", "smtp", {S: drop(SMTP, "type:")}, [f"{S}:2:1 error field.missing"], "agree"),
    ("type-unknown", "smtp", {S: replace(SMTP, "type:", "type: ftp")}, [f"{S}:3:7 error type.unknown"], "agree"),
    ("description-missing", "smtp", {S: drop(SMTP, "description:")}, [f"{S}:3:1 error field.missing"], "agree"),
    ("description-empty", "smtp", {S: replace(SMTP, "description:", 'description: ""')}, [f"{S}:4:14 error field.invalid"], "agree"),
    ("description-not-a-string", "smtp", {S: replace(SMTP, "description:", "description: 42")}, [f"{S}:4:14 error field.invalid"], "agree"),
    # --- fields of the type
    ("field-unknown", "smtp", {S: insert_after(SMTP, "username:", "proxy: socks5.example.com")}, [f"{S}:10:1 error field.unknown"], "agree"),
    ("field-not-a-scalar", "smtp", {S: replace(SMTP, "host:", "host: [a.example.com, b.example.com]")}, [f"{S}:5:7 error field.not-a-scalar"], "agree"),
    ("host-missing", "smtp", {S: drop(SMTP, "host:")}, [f"{S}:3:1 error field.missing"], "agree"),
    ("host-empty-label", "smtp", {S: replace(SMTP, "host:", "host: smtp..example.com")}, [f"{S}:5:7 error field.invalid"], "agree"),
    ("host-underscore", "smtp", {S: replace(SMTP, "host:", "host: smtp_relay.example.com")}, [f"{S}:5:7 error field.invalid"], "agree"),
    ("host-ipv4-out-of-range", "smtp", {S: replace(SMTP, "host:", "host: 10.0.0.256")}, [f"{S}:5:7 error field.invalid"], "agree"),
    ("port-out-of-range", "smtp", {S: replace(SMTP, "port:", "port: 70000")}, [f"{S}:6:7 error field.invalid"], "agree"),
    ("port-zero", "smtp", {S: replace(SMTP, "port:", "port: 0")}, [f"{S}:6:7 error field.invalid"], "agree"),
    ("port-quoted-string", "smtp", {S: replace(SMTP, "port:", 'port: "587"')}, [f"{S}:6:7 error field.invalid"], "agree"),
    ("tls-yaml11-yes-is-a-string", "smtp", {S: replace(SMTP, "tls:", "tls: yes")}, [f"{S}:7:6 error field.invalid"], "agree"),
    ("email-without-at", "smtp", {S: replace(SMTP, "email:", "email: invoices.example.com")}, [f"{S}:8:8 error field.invalid"], "agree"),
    ("field-encrypted-but-not-sensitive", "smtp", {S: replace(SMTP, "host:", "host: " + ENC)}, [f"{S}:5:7 error field.encrypted"], "agree"),
    # --- rules
    ("rule-together-password-without-username", "smtp", {S: drop(SMTP, "username:")}, [f"{S}:9:1 error rule.together"], "agree"),
    ("rule-together-username-without-password", "smtp", {S: drop_sops(drop(SMTP, "password:"))}, [f"{S}:9:1 error rule.together"], "agree"),
    # --- secrets
    ("secret-in-plain-text", "smtp", {S: replace(SMTP, "password:", "password: fixture-password-1234")}, [f"{S}:10:11 error secret.not-encrypted"], "agree"),
    ("secret-bad-base64", "smtp", {S: replace(SMTP, "password:", "password: " + ENC.replace("data:", "data:@@", 1))}, [f"{S}:10:11 error secret.malformed"], "agree"),
    ("secret-short-tag", "smtp", {S: replace(SMTP, "password:", "password: " + FAKE_TAG_SHORT)}, [f"{S}:10:11 error secret.malformed"], "agree"),
    ("secret-unknown-enc-type", "smtp", {S: replace(SMTP, "password:", "password: " + ENC.replace("type:str]", "type:bytes]"))}, [f"{S}:10:11 error secret.malformed"], "agree"),
    ("secret-wrong-enc-type", "smtp", {S: replace(SMTP, "password:", "password: " + ENC.replace("type:str]", "type:int]"))}, [f"{S}:10:11 error secret.wrong-type"], "agree"),
    ("msgraph-client-secret-missing", "msgraph", {G: drop(GRAPH, "client_secret:")}, [f"{G}:2:1 error field.missing"], "agree"),
    ("msgraph-tenant-not-a-uuid", "msgraph", {G: replace(GRAPH, "tenant_id:", "tenant_id: 6f1c2a3b-1111")}, [f"{G}:4:12 error field.invalid"], "agree"),
    ("msgraph-date-wrong-format", "msgraph", {G: replace(GRAPH, "secret_expires:", 'secret_expires: "30/06/2027"')}, [f"{G}:7:17 error field.invalid"], "agree"),
    ("msgraph-date-not-in-calendar", "msgraph", {G: replace(GRAPH, "secret_expires:", 'secret_expires: "2027-02-30"')}, [f"{G}:7:17 error field.invalid"], "agree"),
    ("msgraph-secret-expired", "msgraph", {G: replace(GRAPH, "secret_expires:", 'secret_expires: "2026-01-31"')}, [f"{G}:7:17 error secret.expired"], SKIP_DATE),
    # --- the sops block
    ("sops-block-missing", "smtp", {S: drop_sops(SMTP)}, [f"{S}:10:1 error sops.missing"], "agree"),
    ("sops-mac-missing", "smtp", {S: drop(SMTP, "    mac:")}, [f"{S}:11:1 error sops.mac-not-found"], "agree"),
    ("sops-mac-malformed", "smtp", {S: replace(SMTP, "    mac:", "    mac: not-a-mac")}, [f"{S}:23:10 error sops.malformed"], "agree"),
    ("sops-version-missing", "smtp", {S: drop(SMTP, "    version:")}, [f"{S}:12:5 error sops.malformed"], "agree"),
    ("sops-version-not-semver", "smtp", {S: replace(SMTP, "    version:", "    version: 3.11")}, [f"{S}:25:14 error sops.malformed"], "agree"),
    ("sops-lastmodified-not-a-time", "smtp", {S: replace(SMTP, "    lastmodified:", '    lastmodified: "yesterday"')}, [f"{S}:22:19 error sops.malformed"], SKIP_META),
    ("sops-two-selection-rules", "smtp", {S: insert_after(SMTP, "    encrypted_regex:", "    unencrypted_suffix: _plain")}, [f"{S}:25:5 error sops.malformed"], SKIP_META),
    ("sops-rule-misses-sensitive-field", "smtp", {S: replace(SMTP, "    encrypted_regex:", "    encrypted_regex: ^(secret)$")}, [f"{S}:24:5 error sops.rule-mismatch"], SKIP_RULE),
    ("sops-rule-encrypts-plain-field", "smtp", {S: replace(SMTP, "    encrypted_regex:", "    encrypted_regex: ^(password|host)$")}, [f"{S}:24:5 error sops.rule-mismatch"], SKIP_RULE),
    ("sops-age-recipient-malformed", "smtp", {S: replace(SMTP, "        - recipient:", "        - recipient: age1notavalidrecipient")}, [f"{S}:13:22 error sops.malformed"], SKIP_META),
    ("sops-age-enc-not-age", "smtp", {S: SMTP.replace("-----BEGIN AGE ENCRYPTED FILE-----", "-----BEGIN PGP MESSAGE-----", 1)}, [f"{S}:14:16 error sops.malformed"], SKIP_META),
    # --- across files
    ("names-share-an-environment-prefix", "smtp", {S: SMTP, "smtp_relay.yaml": replace(SMTP, "name:", "name: smtp_relay")}, ["smtp_relay.yaml:2:7 error name.prefix-collision", "smtp_relay.yaml:14:16 warning sops.shared-data-key"], SKIP_PREFIX),
]

def main():
    for entry in os.listdir(HERE):
        path = os.path.join(HERE, entry)
        if os.path.isdir(path) and not entry.startswith("_"):
            shutil.rmtree(path)
    for name, schema, files, expected, verdict in SCENARIOS:
        folder = os.path.join(HERE, name)
        os.makedirs(folder)
        for file, text in files.items():
            with open(os.path.join(folder, file), "w", newline="") as f:
                f.write(text)
        with open(os.path.join(folder, "expected.txt"), "w") as f:
            f.write(f"# schema: {schema}\n# jsonschema: {verdict}\n")
            for e in expected:
                f.write(e + "\n")
    print(f"{len(SCENARIOS)} scenarios ({sum(1 for s in SCENARIOS if not s[0].startswith('valid'))} invalid)")

if __name__ == "__main__":
    main()
