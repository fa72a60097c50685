#!/usr/bin/python3
"""Password hashes in the formats Authelia (go-crypt) writes, made by passlib (Debian python3-passlib).

stdin: [{"scheme": "pbkdf2-sha1"|"pbkdf2-sha256"|"pbkdf2-sha512"|"scrypt"|"bcrypt-2a"|"bcrypt-2y"|"bcrypt-2b"|"bcrypt-sha256", "password": str}]
stdout: a JSON list of hashes, in order. Costs are small: these are test fixtures.
"""
import json, sys
from passlib.hash import bcrypt, bcrypt_sha256, pbkdf2_sha1, pbkdf2_sha256, pbkdf2_sha512, scrypt

SCHEMES = {
    "pbkdf2-sha1": lambda: pbkdf2_sha1.using(rounds=1000),
    "pbkdf2-sha256": lambda: pbkdf2_sha256.using(rounds=1000),
    "pbkdf2-sha512": lambda: pbkdf2_sha512.using(rounds=1000),
    "scrypt": lambda: scrypt.using(rounds=4, block_size=8, parallelism=1),
    "bcrypt-2a": lambda: bcrypt.using(rounds=4, ident="2a"),
    "bcrypt-2y": lambda: bcrypt.using(rounds=4, ident="2y"),
    "bcrypt-2b": lambda: bcrypt.using(rounds=4, ident="2b"),
    # passlib's bcrypt_sha256 writes version 2, "$bcrypt-sha256$v=2,t=2b,r=N$salt$key": go-crypt's sha256 variant.
    "bcrypt-sha256": lambda: bcrypt_sha256.using(rounds=4),
}
json.dump([SCHEMES[item["scheme"]]().hash(item["password"]) for item in json.load(sys.stdin)], sys.stdout)
