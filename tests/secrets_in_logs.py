"""Check that no log of a test run holds a password the tests configure.

    python3 tests/secrets_in_logs.py LOG [LOG ...]

The passwords are those of ``TEST_SECRETS`` in ``ig_soom_dra/tests/common.py``
(read from the file's syntax: nothing is imported, so this runs without Odoo),
plus the HTTP Basic token of the SOOM stand-in's user and password, the form
in which a leaked request header would show. Prints each log line that holds
one (with the secret masked) and exits with 1 if there is any, 2 if the
secrets cannot be read.
"""

import ast
import base64
import sys
from pathlib import Path

COMMON = Path(__file__).resolve().parents[1] / "ig_soom_dra" / "tests" / "common.py"


def configured_secrets(path=COMMON):
    """The secrets of ``TEST_SECRETS`` in ``path``, and the stand-in's Basic token."""
    strings = {}
    secrets = None
    for node in ast.parse(Path(path).read_text(encoding="utf-8")).body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
            continue
        name = getattr(node.targets[0], "id", None)
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            strings[name] = node.value.value
        elif name == "TEST_SECRETS" and isinstance(node.value, ast.Tuple):
            secrets = [
                element.value if isinstance(element, ast.Constant) else strings[element.id]
                for element in node.value.elts
            ]
    if not secrets:
        raise ValueError(f"{path} defines no TEST_SECRETS")
    if "SOOM_USER" in strings and "SOOM_PASSWORD" in strings:
        token = f"{strings['SOOM_USER']}:{strings['SOOM_PASSWORD']}".encode()
        secrets.append(base64.b64encode(token).decode())
    return secrets


def leaks(lines, secrets):
    """``(line number, line with the secrets masked)`` of each line holding a secret."""
    for number, line in enumerate(lines, 1):
        if any(secret in line for secret in secrets):
            masked = line
            for secret in secrets:
                masked = masked.replace(secret, "*" * 8)
            yield number, masked.rstrip("\n")


def main(argv):
    try:
        secrets = configured_secrets()
    except (OSError, SyntaxError, ValueError, KeyError) as error:
        print(f"Cannot read the tests' secrets: {error}")
        return 2
    found = 0
    for name in argv:
        with open(name, encoding="utf-8", errors="replace") as log:
            for number, line in leaks(log, secrets):
                found += 1
                print(f"{name}:{number}: {line[:300]}")
    if found:
        print(f"{found} log lines hold a password the tests configure.")
        return 1
    print(f"No log line of {len(argv)} logs holds one of the {len(secrets)} configured secrets.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
