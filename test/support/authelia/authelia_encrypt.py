#!/usr/bin/python3
"""Encrypts values as Authelia's storage does, for test fixtures. Independent of Gatehouse's code.

Follows Authelia's source (github.com/authelia/authelia, Apache-2.0):
- internal/utils/aes.go `Encrypt` (v4.39) / internal/utils/crypto.go `Encrypt` (later): AES-256-GCM,
  a random 12-byte nonce prepended to ciphertext|tag (`gcm.Seal(nonce, nonce, plaintext, aad)`).
- Key below schema 25: sha256(encryption_key) (internal/storage/sql_provider.go `NewSQLProvider`,
  later `DeriveLegacyCryptographicKey`). From 25: HKDF-SHA256, no salt, info
  "authelia:kdf:storage:encryption_key:v1", 32 bytes (internal/utils/crypto.go `DeriveCryptographicKey`,
  internal/storage/const.go `hkdfKeyInfo`).
- AAD (internal/storage/encryption_aad.go): none below 25; at 25 "authelia:storage:<table>:<column>"
  or, with an issuer, "authelia:storage:<table>:<issuer>:<column>"; from 26
  "authelia:storage:<table>:<column>:<row>" plus ":<issuer>" when there is one.

stdin: {"encryptionKey": str, "schemaVersion": int, "values": [{"table","column","row","issuer"?,"plaintext": base64}]}
stdout: a JSON list of base64 ciphertexts, in order.
"""
import base64, hashlib, json, os, sys
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

request = json.load(sys.stdin)
raw = request["encryptionKey"].encode()
version = request["schemaVersion"]
if version < 25:
    key = hashlib.sha256(raw).digest()
else:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"authelia:kdf:storage:encryption_key:v1").derive(raw)

def aad(value):
    if version < 25:
        return None
    issuer = value.get("issuer")
    if version < 26:
        parts = [value["table"], value["column"]] if issuer is None else [value["table"], issuer, value["column"]]
    else:
        parts = [value["table"], value["column"], value["row"]] + ([] if issuer is None else [issuer])
    return ("authelia:storage:" + ":".join(parts)).encode()

out = []
for value in request["values"]:
    nonce = os.urandom(12)
    sealed = nonce + AESGCM(key).encrypt(nonce, base64.b64decode(value["plaintext"]), aad(value))
    out.append(base64.b64encode(sealed).decode())
json.dump(out, sys.stdout)
