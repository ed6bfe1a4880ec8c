"""Admin password hashes: ``pbkdf2_sha256$iterations$salt_hex$hash_hex``.

Generate one with ``python -m geo.passwords`` (asks twice, prints the hash) and put it in
``ADMIN_PASSWORD_HASH`` (environment) or ``.streamlit/secrets.toml``. Only the hash is stored.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import secrets
import sys

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000


def hash_password(password: str, iterations: int = ITERATIONS) -> str:
    """A salted PBKDF2-SHA256 hash of ``password`` in the configured text format."""
    if not password:
        raise ValueError("empty password")
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return f"{ALGORITHM}${iterations}${salt.hex()}${digest.hex()}"


def verify_password(password: str, encoded: str) -> bool:
    """True when ``password`` matches ``encoded``; raises ValueError for a malformed hash."""
    try:
        algorithm, iterations, salt_hex, hash_hex = encoded.strip().split("$")
        rounds, salt, expected = int(iterations), bytes.fromhex(salt_hex), bytes.fromhex(hash_hex)
    except ValueError as error:
        raise ValueError("malformed password hash (expected pbkdf2_sha256$iterations$salt_hex$hash_hex)") from error
    if algorithm != ALGORITHM or rounds < 1 or not salt or not expected:
        raise ValueError(f"unsupported password hash: {algorithm}")
    actual = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, rounds)
    return hmac.compare_digest(actual, expected)


def main() -> int:
    first = getpass.getpass("Admin password: ")
    if first != getpass.getpass("Repeat: "):
        print("passwords differ", file=sys.stderr)
        return 1
    if len(first) < 10:
        print("use at least 10 characters", file=sys.stderr)
        return 1
    print(hash_password(first))
    return 0


if __name__ == "__main__":
    sys.exit(main())
