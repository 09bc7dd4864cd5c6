#!/usr/bin/env bash
# The project's one test command: runs every test and fails on any failure.
#
#  1. The pure tests under tests/ (pytest, no Odoo needed).
#  2. When `import odoo` works: the addon's Odoo tests. The script starts the
#     local PostgreSQL server (installing it with apt if missing), creates a
#     role, copies a template database that has fleet and repair installed
#     (built once and kept), installs ig_soom_dra into the copy with
#     --test-enable and fails on any test failure and on any ERROR or CRITICAL
#     line logged, and on any WARNING logged by the addon itself.
#
# Settings (environment): IG_TEST_DB_USER / IG_TEST_DB_PASSWORD (role to
# create and use, default ig_soom_test), IG_TEST_DB_HOST (default localhost),
# IG_TEST_KEEP_DB=1 to keep the test database afterwards.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 2

DB_USER=${IG_TEST_DB_USER:-ig_soom_test}
DB_PASSWORD=${IG_TEST_DB_PASSWORD:-ig_soom_test}
DB_HOST=${IG_TEST_DB_HOST:-localhost}
LOG_DIR=${IG_TEST_LOG_DIR:-$(mktemp -d -t ig_soom_tests.XXXXXX)}
DATA_DIR=${IG_TEST_DATA_DIR:-$HOME/.local/share/ig_soom_test}
mkdir -p "$LOG_DIR" "$DATA_DIR"

say() { printf '\n== %s\n' "$*"; }

# --- 1. Pure tests ----------------------------------------------------------
say "Pure tests (tests/, no Odoo)"
python3 -m pytest -p no:cacheprovider -p no:odoo tests -q
pure_rc=$?
if [ "$pure_rc" -ne 0 ]; then
    echo "Pure tests FAILED (pytest exit code $pure_rc)."
fi

# --- 2. Odoo tests ----------------------------------------------------------
if ! python3 -c "import odoo" >/dev/null 2>&1; then
    say "Odoo tests NOT run: 'import odoo' fails with python3 on this machine."
    echo "Install Odoo 18 (see README.md, 'Source install') to run the addon's tests."
    exit "$pure_rc"
fi

ensure_postgres() {
    if ! command -v pg_ctlcluster >/dev/null 2>&1 && ! command -v pg_ctl >/dev/null 2>&1; then
        say "PostgreSQL is missing: installing it with apt"
        apt-get update -qq && apt-get install -y -qq postgresql >/dev/null || return 1
    fi
    if command -v pg_lsclusters >/dev/null 2>&1; then
        if [ -z "$(pg_lsclusters -h)" ]; then
            version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
            pg_createcluster "$version" main >/dev/null || return 1
        fi
        pg_lsclusters -h | while read -r version cluster _ status _; do
            if [ "$status" != "online" ]; then
                pg_ctlcluster "$version" "$cluster" start || exit 1
            fi
        done || return 1
    fi
    for _ in $(seq 1 30); do
        pg_isready -q -h "$DB_HOST" && return 0
        sleep 1
    done
    echo "PostgreSQL does not answer on $DB_HOST."
    return 1
}

ensure_role() {
    su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'\"" | grep -q 1 \
        || su postgres -c "psql -qc \"CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD'\""
}

ensure_chromium() {
    # Odoo's browser tests (tours) need a headless Chrome or Chromium.
    for browser in google-chrome chromium chromium-browser google-chrome-stable; do
        command -v "$browser" >/dev/null 2>&1 && return 0
    done
    say "Chromium is missing (needed by the browser tours): installing it with apt"
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
}

say "Odoo tests (ig_soom_dra/tests on a fresh database)"
ensure_postgres || { echo "Cannot start PostgreSQL."; exit 1; }
ensure_chromium || { echo "Cannot install Chromium for the browser tests."; exit 1; }
ensure_role || { echo "Cannot create the database role $DB_USER."; exit 1; }
export PGHOST=$DB_HOST PGUSER=$DB_USER PGPASSWORD=$DB_PASSWORD

ADDONS_PATH=$(python3 - "$ROOT" <<'EOF'
import os
import sys

import odoo

base = os.path.dirname(odoo.__file__)
paths = [os.path.join(base, "addons")]
source_addons = os.path.join(os.path.dirname(base), "addons")
if os.path.isdir(os.path.join(source_addons, "repair")):
    paths.insert(0, source_addons)
paths.append(sys.argv[1])
print(",".join(paths))
EOF
)
ODOO_VERSION=$(python3 -c "import odoo.release as r; print(r.version)")
TEMPLATE="ig_soom_tpl_$(printf '%s|fleet,repair|de_DE|demo' "$ODOO_VERSION" | md5sum | cut -c1-10)"
DB="ig_soom_test_$$"
HTTP_PORT=$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
odoo_cmd=(python3 -m odoo --addons-path="$ADDONS_PATH" --db_host="$DB_HOST"
          --db_user="$DB_USER" --db_password="$DB_PASSWORD" --http-port="$HTTP_PORT"
          --data-dir="$DATA_DIR"
          --http-interface=127.0.0.1 --stop-after-init --max-cron-threads=0)

template_exists() {
    psql -d postgres -qtAc "SELECT 1 FROM pg_database WHERE datname = '$TEMPLATE'" | grep -q 1 \
        && [ -d "$DATA_DIR/filestore/$TEMPLATE" ]
}
if ! template_exists; then
    dropdb --if-exists "$TEMPLATE"
    dropdb --if-exists "${TEMPLATE}_build"
    say "Building the template database $TEMPLATE (fleet, repair, German; once)"
    if ! "${odoo_cmd[@]}" -d "${TEMPLATE}_build" -i fleet,repair --load-language=de_DE \
            --log-level=warn >"$LOG_DIR/template.log" 2>&1; then
        tail -n 40 "$LOG_DIR/template.log"
        dropdb --if-exists "${TEMPLATE}_build"
        echo "Building the template database failed."
        exit 1
    fi
    psql -d postgres -qc "ALTER DATABASE \"${TEMPLATE}_build\" RENAME TO \"$TEMPLATE\""
    rm -rf "$DATA_DIR/filestore/$TEMPLATE"
    mv "$DATA_DIR/filestore/${TEMPLATE}_build" "$DATA_DIR/filestore/$TEMPLATE"
fi

# A copy of the template: the database and its filestore.
createdb -T "$TEMPLATE" "$DB" || { echo "Cannot copy the template database."; exit 1; }
cp -a "$DATA_DIR/filestore/$TEMPLATE" "$DATA_DIR/filestore/$DB"
cleanup() {
    [ "${IG_TEST_KEEP_DB:-0}" = 1 ] && return
    dropdb --if-exists "$DB"
    rm -rf "${DATA_DIR:?}/filestore/$DB"
}
trap cleanup EXIT

LOG="$LOG_DIR/odoo-tests.log"
echo "Installing ig_soom_dra into $DB and running its tests (log: $LOG)"
"${odoo_cmd[@]}" -d "$DB" -i ig_soom_dra --test-enable --test-tags /ig_soom_dra \
    --log-level=test >"$LOG" 2>&1
odoo_rc=$?

python3 "$ROOT/tests/odoo_log_summary.py" "$LOG" "$odoo_rc"
summary_rc=$?

if [ "$pure_rc" -ne 0 ] || [ "$summary_rc" -ne 0 ]; then
    exit 1
fi
exit 0
