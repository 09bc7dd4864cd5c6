#!/bin/bash
# Entry point of the production Odoo container (docker-compose.prod.yml).
#
# The passwords come from the environment (the file .env.prod, not in the
# repository). They are written, with the rest of deploy/odoo.prod.conf, into a
# configuration file in a tmpfs that only the odoo user can read, and never
# appear on a command line (the official image's entry point passes the
# database password as an argument, visible to `ps`).
set -euo pipefail

: "${ODOO_DB_NAME:?set ODOO_DB_NAME in .env.prod}"
: "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env.prod}"
: "${ODOO_MASTER_PASSWORD:?set ODOO_MASTER_PASSWORD in .env.prod}"

# The example's passwords, or short ones, are refused: the container does not start.
for name in POSTGRES_PASSWORD ODOO_MASTER_PASSWORD; do
    value=${!name}
    if [ "$value" = change-me ] || [ "$value" = change-me-too ] || [ "${#value}" -lt 16 ]; then
        echo "$name in .env.prod is the example's or shorter than 16 characters:" \
            "set a long random one (openssl rand -base64 32)." >&2
        exit 1
    fi
done

umask 077
CONF=/run/odoo/odoo.conf
{
    cat /etc/odoo/odoo.prod.conf
    printf 'db_name = %s\n' "$ODOO_DB_NAME"
    printf 'dbfilter = ^%s$\n' "$ODOO_DB_NAME"
    printf 'db_password = %s\n' "$POSTGRES_PASSWORD"
    printf 'admin_passwd = %s\n' "$ODOO_MASTER_PASSWORD"
} > "$CONF"
unset POSTGRES_PASSWORD ODOO_MASTER_PASSWORD

for _ in $(seq 60); do
    pg_isready -q -h db -p 5432 -U odoo && break
    sleep 1
done
exec odoo -c "$CONF" "$@"
