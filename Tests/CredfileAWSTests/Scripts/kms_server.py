"""A real local AWS (moto's server: KMS, STS, IAM) for CredfileAWSTests, on 127.0.0.1:<free port>.

  kms_server.py READY_FILE

Starts moto's server (the one `moto_server` runs) on a port the kernel picks, sets up through
boto3 — an independent AWS client — an IAM user with an access key, two roles, two KMS keys
(one disabled), an alias and a ciphertext made by boto3, and a second small server that answers
as KMS does for a disabled key (moto does not model that), then turns on moto's IAM
authentication (signatures and keys are checked from then on) and writes READY_FILE (JSON,
renamed into place). It runs until killed, until its parent is gone, or for 10 minutes.
"""
import json
import os
import sys
import time

import boto3
import requests
from moto.moto_server.threaded_moto_server import ThreadedMotoServer

ready_file = sys.argv[1]
parent = os.getppid()
server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
host, port = server.get_host_and_port()
endpoint = f"http://127.0.0.1:{port}"
region = "eu-west-1"
setup = dict(endpoint_url=endpoint, region_name=region, aws_access_key_id="setup", aws_secret_access_key="setup")

iam = boto3.client("iam", **setup)
iam.create_user(UserName="credfile")
allow_all = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
iam.put_user_policy(UserName="credfile", PolicyName="all", PolicyDocument=json.dumps(allow_all))
access = iam.create_access_key(UserName="credfile")["AccessKey"]
trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}
role = iam.create_role(RoleName="kms-user", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
allow_kms = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}
iam.put_role_policy(RoleName="kms-user", PolicyName="kms", PolicyDocument=json.dumps(allow_kms))
role_without_kms = iam.create_role(RoleName="no-kms", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]

kms = boto3.client("kms", **setup)
key = kms.create_key(Description="credfile test key")["KeyMetadata"]["Arn"]
disabled = kms.create_key(Description="credfile disabled key")["KeyMetadata"]["Arn"]
kms.create_alias(AliasName="alias/credfile", TargetKeyId=key)
plaintext = bytes(range(32))
context = {"app": "credfile", "env": "test"}
blob = kms.encrypt(KeyId=key, Plaintext=plaintext, EncryptionContext=context)["CiphertextBlob"]
disabled_blob = kms.encrypt(KeyId=disabled, Plaintext=plaintext)["CiphertextBlob"]
kms.disable_key(KeyId=disabled.split("/")[-1])  # moto wants the id here, not the ARN

# From here on every request must carry a valid signature by a known access key.
requests.post(f"{endpoint}/moto-api/reset-auth", data=b"0", timeout=10).raise_for_status()

import base64
import http.server
import threading


class DisabledKMS(http.server.BaseHTTPRequestHandler):
    """moto (5.2) never checks a key's state in Encrypt/Decrypt, so the answer real KMS gives
    for a disabled key is served from here: HTTP 400, the JSON 1.1 error shape of the KMS API
    reference ("__type" + "message", X-Amzn-ErrorType)."""

    def log_message(self, *args):
        pass

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        body = json.dumps({"__type": "DisabledException", "message": f"{disabled} is disabled."}).encode()
        self.send_response(400)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("X-Amzn-ErrorType", "DisabledException:")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


disabled_server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), DisabledKMS)
threading.Thread(target=disabled_server.serve_forever, daemon=True).start()

info = {
    "disabledEndpoint": f"http://127.0.0.1:{disabled_server.server_address[1]}",
    "endpoint": endpoint,
    "region": region,
    "accessKeyId": access["AccessKeyId"],
    "secretAccessKey": access["SecretAccessKey"],
    "keyArn": key,
    "aliasArn": key.split(":key/")[0] + ":alias/credfile",
    "disabledKeyArn": disabled,
    "roleArn": role,
    "roleWithoutKmsArn": role_without_kms,
    "plaintextHex": plaintext.hex(),
    "contextBlob": base64.b64encode(blob).decode(),
    "disabledBlob": base64.b64encode(disabled_blob).decode(),
}
with open(ready_file + ".tmp", "w") as f:
    json.dump(info, f)
os.rename(ready_file + ".tmp", ready_file)

deadline = time.monotonic() + 600
while time.monotonic() < deadline and os.getppid() == parent:
    time.sleep(0.5)
