"""Odoo's requirements.txt as the test command's virtual environment installs it.

``tests/get_odoo.sh`` installs Odoo's pinned packages, but:

- python-ldap is left out (LDAP login only; it builds against the OpenLDAP headers);
- cbor2 is 5.6.2 (Odoo pins 5.4.2 below Python 3.12, which does not build on 3.11);
- psycopg2 comes as psycopg2-binary of the same version (no PostgreSQL headers needed).

Usage: python3 tests/odoo_requirements.py ODOO_SOURCE/requirements.txt > requirements.txt
"""

import re
import sys

LEFT_OUT = ("python-ldap", "cbor2")
ADDED = ("cbor2==5.6.2",)


def requirements(lines):
    """Return the lines to install, from the lines of Odoo's requirements.txt."""
    result = []
    for raw in lines:
        line = raw.rstrip("\n")
        name = re.match(r"\s*([A-Za-z0-9_.-]*)", line).group(1).lower()
        if name in LEFT_OUT:
            continue
        if name == "psycopg2":
            line = re.sub(r"^\s*psycopg2\b", "psycopg2-binary", line, flags=re.IGNORECASE)
        result.append(line)
    return [*result, *ADDED]


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        print("\n".join(requirements(handle)))
