"""Synthetic credential repositories for the benchmark, written directly in the sops 3.11 format.

Why not `credfile encrypt` or `sops encrypt` per file: 10,000 files one process each take minutes.
This writer follows ../shared/docs/sops-format.md section 10 step by step with the `cryptography`
package (AES-256-GCM with 32-byte IVs, SHA-512 MAC over every value in file order, age X25519
wrapping per section 4.3, 64-column armor). Every file gets its OWN random data key and age file,
as `sops encrypt` would (one key copied N times would trigger credfile's shared-data-key warning).
bench/run verifies a sample of the output with `sops decrypt` and `credfile validate --decrypt`
before measuring anything.

Bump GENERATOR_VERSION whenever the output changes: cached repositories are keyed by it.
"""

import base64
import hashlib
import hmac
import os
import random
import time
import uuid

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

GENERATOR_VERSION = "2"
ENCRYPTED_REGEX = "^(password|client_secret)$"

# --- Bech32 (BIP-173), enough for age keys -------------------------------------------------------

_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _polymod(values):
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if ((top >> i) & 1) else 0
    return chk


def _hrp_expand(hrp):
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _convertbits(data, frombits, tobits, pad):
    acc, bits, out, maxv = 0, 0, [], (1 << tobits) - 1
    for b in data:
        acc = (acc << frombits) | b
        bits += frombits
        while bits >= tobits:
            bits -= tobits
            out.append((acc >> bits) & maxv)
    if pad and bits:
        out.append((acc << (tobits - bits)) & maxv)
    elif not pad and (bits >= frombits or ((acc << (tobits - bits)) & maxv)):
        raise ValueError("bad bech32 padding")
    return out


def bech32_encode(hrp, data: bytes) -> str:
    d = _convertbits(data, 8, 5, True)
    pm = _polymod(_hrp_expand(hrp) + d + [0] * 6) ^ 1
    checksum = [(pm >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_CHARSET[x] for x in d + checksum)


def bech32_decode(s: str) -> tuple[str, bytes]:
    s = s.lower()
    pos = s.rfind("1")
    hrp, d = s[:pos], [_CHARSET.index(c) for c in s[pos + 1:]]
    if _polymod(_hrp_expand(hrp) + d) != 1:
        raise ValueError("bad bech32 checksum")
    return hrp, bytes(_convertbits(d[:-6], 5, 8, False))


# --- age v1, X25519 recipient, armored (sops-format.md 4.3) -------------------------------------

def new_identity() -> tuple[str, str]:
    """(identity AGE-SECRET-KEY-1…, recipient age1…), a throw-away pair for one run."""
    key = X25519PrivateKey.generate()
    secret = key.private_bytes_raw()
    public = key.public_key().public_bytes_raw()
    return bech32_encode("age-secret-key-", secret).upper(), bech32_encode("age", public)


def _b64raw(b: bytes) -> bytes:
    return base64.b64encode(b).rstrip(b"=")


def _hkdf(ikm: bytes, salt: bytes | None, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(ikm)


def age_armored(payload: bytes, recipient_public: bytes) -> str:
    file_key = os.urandom(16)
    eph = X25519PrivateKey.generate()
    eph_pub = eph.public_key().public_bytes_raw()
    shared = eph.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    wrap_key = _hkdf(shared, eph_pub + recipient_public, b"age-encryption.org/v1/X25519")
    body = ChaCha20Poly1305(wrap_key).encrypt(b"\0" * 12, file_key, None)
    header = b"age-encryption.org/v1\n-> X25519 " + _b64raw(eph_pub) + b"\n" + _b64raw(body) + b"\n---"
    mac = hmac.new(_hkdf(file_key, None, b"header"), header, hashlib.sha256).digest()
    header += b" " + _b64raw(mac) + b"\n"
    nonce = os.urandom(16)
    chunk = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload")).encrypt(b"\0" * 11 + b"\x01", payload, None)
    b64 = base64.b64encode(header + nonce + chunk).decode()
    lines = [b64[i:i + 64] for i in range(0, len(b64), 64)]
    return "-----BEGIN AGE ENCRYPTED FILE-----\n" + "\n".join(lines) + "\n-----END AGE ENCRYPTED FILE-----\n"


# --- sops values ---------------------------------------------------------------------------------

def enc_value(data_key: bytes, plaintext: bytes, aad: str, typ: str = "str") -> str:
    iv = os.urandom(32)
    sealed = AESGCM(data_key).encrypt(iv, plaintext, aad.encode())
    b = lambda x: base64.b64encode(x).decode()  # noqa: E731
    return f"ENC[AES256_GCM,data:{b(sealed[:-16])},iv:{b(iv)},tag:{b(sealed[-16:])},type:{typ}]"


# --- credentials ---------------------------------------------------------------------------------

TEAMS = ["billing", "recruiting", "support", "ops", "marketing", "hr", "finance", "sales", "legal", "it"]
_SECRET_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def _secret(rng: random.Random, n: int, extra: str = "") -> str:
    return "".join(rng.choice(_SECRET_CHARS + extra) for _ in range(n))


def credential(kind: str, i: int, width: int, rng: random.Random) -> tuple[str, list]:
    """(name, fields): fields = [(key, yaml_text, mac_bytes, plaintext_or_None_if_not_secret)]."""
    name = f"{kind}-{i:0{width}d}"
    team = TEAMS[i % len(TEAMS)]
    if kind == "smtp":
        port = [587, 465, 25][i % 3]
        # Every smtp credential has a password, so TLS is on at every port: since issue 15
        # validate warns on a password without TLS, and a measured run must print nothing.
        tls = True
        user = f"noreply-{i}@{team}.example.com"
        pw = _secret(rng, 24, "-_.~")
        fields = [
            ("name", name, name, None),
            ("type", "smtp", "smtp", None),
            ("description", f"Outbound mail for {team} notifications ({i})", None, None),
            ("host", f"smtp{i % 7}.{team}.example.com", None, None),
            ("port", str(port), str(port), None),
            ("tls", "true" if tls else "false", "True" if tls else "False", None),
            ("email", user, None, None),
            ("username", user, None, None),
            ("password", None, None, pw),
        ]
    else:
        secret = _secret(rng, 3) + "8Q~" + _secret(rng, 34, "-_.~")  # Azure client secret shape
        expires = f"{2027 + i % 3}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        fields = [
            ("name", name, name, None),
            ("type", "msgraph", "msgraph", None),
            ("description", f"Mailbox reader for the {team} inbox ({i})", None, None),
            ("tenant_id", str(uuid.UUID(int=rng.getrandbits(128), version=4)), None, None),
            ("client_id", str(uuid.UUID(int=rng.getrandbits(128), version=4)), None, None),
            ("client_secret", None, None, secret),
            ("secret_expires", f'"{expires}"', expires, None),
        ]
    return name, fields


def sops_file(kind: str, name: str, fields: list, data_key: bytes, recipient: str, recipient_pub: bytes,
              lastmodified: str, enc_block: str | None = None) -> str:
    """One credential in sops 3.11's YAML layout (checklist of sops-format.md section 10)."""
    out = [f"# {kind} credential {name} (synthetic, benchmark only)\n"]  # top-level comment: plain under encrypted_regex, never hashed
    h = hashlib.sha512()
    for key, text, mac_bytes, secret in fields:
        if secret is not None:
            value = enc_value(data_key, secret.encode(), f"{key}:")
            h.update(secret.encode())
        else:
            value = text
            h.update((mac_bytes if mac_bytes is not None else text).encode())
        out.append(f"{key}: {value}\n")
    mac = enc_value(data_key, h.hexdigest().upper().encode(), lastmodified)
    if enc_block is None:
        enc_block = age_armored(data_key, recipient_pub)
    armor = "".join(" " * 12 + line + "\n" for line in enc_block.splitlines())
    out.append("sops:\n    age:\n")
    out.append(f"        - recipient: {recipient}\n          enc: |\n{armor}")
    out.append(f'    lastmodified: "{lastmodified}"\n    mac: {mac}\n')
    out.append(f"    encrypted_regex: {ENCRYPTED_REGEX}\n    version: 3.11.0\n")
    return "".join(out), enc_block


def _write_chunk(args):
    root, recipient, start, stop, width, lastmodified = args
    _, pub = bech32_decode(recipient)
    rng = random.Random(start)
    for i in range(start, stop):
        kind = "smtp" if i % 2 == 0 else "msgraph"
        name, fields = credential(kind, i, width, rng)
        text, _ = sops_file(kind, name, fields, os.urandom(32), recipient, pub, lastmodified)
        with open(os.path.join(root, "credentials", name + ".yaml"), "w") as f:
            f.write(text)
    return stop - start


def generate(root: str, n: int, jobs: int = 2) -> dict:
    """Writes ROOT/{.sops.yaml, credentials/*.yaml, identity.txt, staged-edit.yaml}; returns facts."""
    t0 = time.perf_counter()
    os.makedirs(os.path.join(root, "credentials"), exist_ok=True)
    identity, recipient = new_identity()
    with open(os.path.join(root, "identity.txt"), "w") as f:
        os.fchmod(f.fileno(), 0o600)
        f.write(f"# throw-away benchmark identity\n# public key: {recipient}\n{identity}\n")
    with open(os.path.join(root, ".sops.yaml"), "w") as f:
        f.write("creation_rules:\n  - path_regex: ^credentials/.*\\.yaml$\n"
                f"    encrypted_regex: {ENCRYPTED_REGEX}\n    age: {recipient}\n")
    width = max(5, len(str(n - 1)))
    lastmodified = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    step = max(1, min(2000, (n + jobs - 1) // jobs))
    chunks = [(root, recipient, s, min(n, s + step), width, lastmodified) for s in range(0, n, step)]
    if jobs > 1 and n >= 500:
        from multiprocessing import Pool
        with Pool(jobs) as pool:
            written = sum(pool.map(_write_chunk, chunks))
    else:
        written = sum(map(_write_chunk, chunks))
    assert written == n
    # The pre-commit case: credential 0 edited as `sops set` would (same data key, same age file,
    # new description, re-encrypted secret, new lastmodified and MAC).
    _, pub = bech32_decode(recipient)
    with open(os.path.join(root, "credentials", f"smtp-{0:0{width}d}.yaml")) as f:
        original = f.read()
    name, fields = credential("smtp", 0, width, random.Random(0))
    enc_block = _extract_enc_block(original)
    data_key = _unwrap_for_edit(root, original)
    fields = [(k, (t + " (edited)") if k == "description" else t, m, s) for k, t, m, s in fields]
    edited, _ = sops_file("smtp", name, fields, data_key, recipient, pub,
                          time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), enc_block)
    with open(os.path.join(root, "staged-edit.yaml"), "w") as f:
        f.write(edited)
    return {"n": n, "seconds": time.perf_counter() - t0, "recipient": recipient, "width": width}


def _extract_enc_block(text: str) -> str:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "-----BEGIN AGE ENCRYPTED FILE-----")
    stop = next(i for i, line in enumerate(lines) if line.strip() == "-----END AGE ENCRYPTED FILE-----")
    return "\n".join(line.strip() for line in lines[start:stop + 1]) + "\n"


def _unwrap_for_edit(root: str, text: str) -> bytes:
    """The data key of a generated file, unwrapped with the run's identity (age decryption)."""
    identity = open(os.path.join(root, "identity.txt")).read().split()[-1]
    _, secret = bech32_decode(identity)
    key = X25519PrivateKey.from_private_bytes(secret)
    blob = base64.b64decode("".join(_extract_enc_block(text).splitlines()[1:-1]))
    header_end = blob.index(b"\n---") + 1
    header = blob[:header_end].decode().splitlines()
    eph_pub = base64.b64decode(header[1].split()[2] + "==")
    body = base64.b64decode(header[2] + "==")
    rest = blob[header_end:]
    rest = rest[rest.index(b"\n") + 1:]
    nonce, chunk = rest[:16], rest[16:]
    pub = key.public_key().public_bytes_raw()
    wrap_key = _hkdf(key.exchange(X25519PublicKey.from_public_bytes(eph_pub)), eph_pub + pub,
                     b"age-encryption.org/v1/X25519")
    file_key = ChaCha20Poly1305(wrap_key).decrypt(b"\0" * 12, body, None)
    return ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload")).decrypt(b"\0" * 11 + b"\x01", chunk, None)
