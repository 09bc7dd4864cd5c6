#!/usr/bin/env bash
# The project's one test command: runs every test and fails on any failure.
#
#  0. Finds Odoo 18: the installed one when `python3 -c "import odoo"` works
#     and IG_ODOO_SRC is not set; otherwise a cached Odoo 18 source and
#     virtual environment (tests/get_odoo.sh): IG_ODOO_SRC (a folder or a git
#     URL), by default Odoo's official repository, branch 18.0.
#  1. The pure tests under tests/ (pytest, no Odoo needed).
#  2. The addons' Odoo tests (ig_soom_dra and workshop_damage_report), once
#     per database language of IG_TEST_LANGS
#     (default "en_US de_DE"): an English-only database, then a German one.
#     The script starts the local PostgreSQL server (installing it with apt if
#     missing), creates a role, copies a template database with fleet and
#     repair (built once per language and kept), installs both addons into the
#     copy from a folder that holds the addons alone (as the Docker set-up
#     mounts them) with --test-enable, and fails on any test failure, on any
#     ERROR or CRITICAL line logged and on any WARNING logged by an addon.
#     On the English database Odoo's own repair tests run too (they are
#     written for an English database).
#  3. The browser tours once more, against a multi-process server
#     (--workers=2; tests/prefork_tours.py): every tour test of both addons
#     (found in their tests), each in its own copy of the last test database,
#     its set-up committed, the tour in headless Chromium against that
#     server, its checks on what the workers committed; fails on a failed
#     tour, an ERROR or CRITICAL line of the server's log, a worker that
#     died, or when one process served every request. IG_TEST_PREFORK=0
#     skips it.
#  4. Production checks on the last test database: a backup of
#     tools/backup.sh restored by tools/restore.sh into a new database holds
#     the same orders, documents and transmission log
#     (tests/backup_restore_test.sh); the previous version of the addons,
#     taken from git, installed with data and upgraded to this checkout, keeps
#     that data (tests/upgrade_test.sh); no log of the run holds a password
#     the tests configure (tests/secrets_in_logs.py).
#
# Settings (environment): see README.md, "Tests".
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 2

DB_USER=${IG_TEST_DB_USER:-ig_soom_test}
DB_PASSWORD=${IG_TEST_DB_PASSWORD:-ig_soom_test}
DB_HOST=${IG_TEST_DB_HOST:-localhost}
LANGS=${IG_TEST_LANGS:-en_US de_DE}
# The project's addons: installed and tested together.
ADDONS=(ig_soom_dra workshop_damage_report)
LOG_DIR=${IG_TEST_LOG_DIR:-$(mktemp -d -t ig_soom_tests.XXXXXX)}
DATA_DIR=${IG_TEST_DATA_DIR:-$HOME/.local/share/ig_soom_test}
mkdir -p "$LOG_DIR" "$DATA_DIR"

say() { printf '\n== %s\n' "$*"; }

# --- 0. Odoo ----------------------------------------------------------------
PYTHON=python3
run_odoo=1
no_odoo_rc=0
if [ "${IG_TEST_ODOO:-1}" = 0 ]; then
    run_odoo=0
elif [ -n "${IG_ODOO_SRC:-}" ] || ! python3 -c "import odoo" >/dev/null 2>&1; then
    say "Odoo 18 from ${IG_ODOO_SRC:-https://github.com/odoo/odoo (18.0)}, cached"
    if PYTHON=$(bash "$ROOT/tests/get_odoo.sh"); then
        echo "Python of the cached Odoo: $PYTHON"
    else
        echo "Cannot get Odoo 18 (see above): the Odoo tests cannot run (IG_TEST_ODOO=0 skips them)."
        PYTHON=python3
        run_odoo=0
        no_odoo_rc=1
    fi
fi

# --- 1. Pure tests ----------------------------------------------------------
say "Pure tests (tests/, no Odoo)"
"$PYTHON" -m pytest -p no:cacheprovider -p no:odoo tests -q
pure_rc=$?
if [ "$pure_rc" -ne 0 ]; then
    echo "Pure tests FAILED (pytest exit code $pure_rc)."
fi
if [ "$run_odoo" = 0 ]; then
    say "Odoo tests NOT run."
    [ "$pure_rc" -ne 0 ] && exit 1
    exit "$no_odoo_rc"
fi

# --- 2. Odoo tests ----------------------------------------------------------
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

# psql as the server's superuser (over its socket: the caller's PG* settings
# name the test role, which may not exist yet).
as_postgres() {
    env -u PGHOST -u PGUSER -u PGPASSWORD -u PGDATABASE su postgres -c "$1"
}

ensure_role() {
    as_postgres "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'\"" | grep -q 1 \
        || as_postgres "psql -qc \"CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD'\""
}

ensure_chromium() {
    # Odoo's browser tests (tours) need a headless Chrome or Chromium.
    for browser in google-chrome chromium chromium-browser google-chrome-stable; do
        command -v "$browser" >/dev/null 2>&1 && return 0
    done
    say "Chromium is missing (needed by the browser tours): installing it with apt"
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
}

say "Odoo tests (${ADDONS[*]} on fresh databases: $LANGS)"
ensure_postgres || { echo "Cannot start PostgreSQL."; exit 1; }
ensure_chromium || { echo "Cannot install Chromium for the browser tests."; exit 1; }
ensure_role || { echo "Cannot create the database role $DB_USER."; exit 1; }
export PGHOST=$DB_HOST PGUSER=$DB_USER PGPASSWORD=$DB_PASSWORD

# The addons alone in an addons folder, as docker-compose.yml mounts them:
# their tests must need nothing else of the repository.
ADDON_DIR=$(mktemp -d -t ig_soom_addon.XXXXXX)
for addon in "${ADDONS[@]}"; do
    cp -a "$ROOT/$addon" "$ADDON_DIR/"
done
find "$ADDON_DIR" -name __pycache__ -type d -prune -exec rm -rf {} +
# The shared DRA examples beside the repository, when there (FORMAT.md): the
# browser tour takes them through the assistant too.
if [ -d "$ROOT/../shared/dra/examples" ]; then
    IG_TEST_DRA_EXAMPLES=$(cd "$ROOT/../shared/dra/examples" && pwd)
    export IG_TEST_DRA_EXAMPLES
fi

ADDONS_PATH=$("$PYTHON" - "$ADDON_DIR" <<'EOF'
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
ODOO_VERSION=$("$PYTHON" -c "import odoo.release as r; print(r.version)")
HTTP_PORT=$("$PYTHON" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
odoo_cmd=("$PYTHON" -m odoo --addons-path="$ADDONS_PATH" --db_host="$DB_HOST"
          --db_user="$DB_USER" --db_password="$DB_PASSWORD" --http-port="$HTTP_PORT"
          --data-dir="$DATA_DIR"
          --http-interface=127.0.0.1 --stop-after-init --max-cron-threads=0)

DBS=()
cleanup() {
    rm -rf "$ADDON_DIR"
    [ "${IG_TEST_KEEP_DB:-0}" = 1 ] && return
    for db in "${DBS[@]}"; do
        dropdb --if-exists "$db"
        rm -rf "${DATA_DIR:?}/filestore/$db"
    done
}
trap cleanup EXIT

template_exists() {
    psql -d postgres -qtAc "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1 \
        && [ -d "$DATA_DIR/filestore/$1" ]
}

# ensure_template LANG: the name of the template database of that language
# (fleet, repair, demo data; German loaded unless LANG is en_US), built once.
ensure_template() {
    local lang=$1 template load_language=()
    template="ig_soom_tpl_$(printf '%s|fleet,repair|%s|demo' "$ODOO_VERSION" "$lang" | md5sum | cut -c1-10)"
    [ "$lang" != en_US ] && load_language=(--load-language="$lang")
    if ! template_exists "$template"; then
        dropdb --if-exists "$template"
        dropdb --if-exists "${template}_build"
        say "Building the template database $template (fleet, repair, $lang; once)" >&2
        if ! "${odoo_cmd[@]}" -d "${template}_build" -i fleet,repair "${load_language[@]}" \
                --log-level=warn >"$LOG_DIR/template-$lang.log" 2>&1; then
            tail -n 40 "$LOG_DIR/template-$lang.log" >&2
            dropdb --if-exists "${template}_build"
            echo "Building the template database failed." >&2
            return 1
        fi
        psql -d postgres -qc "ALTER DATABASE \"${template}_build\" RENAME TO \"$template\""
        rm -rf "$DATA_DIR/filestore/$template"
        mv "$DATA_DIR/filestore/${template}_build" "$DATA_DIR/filestore/$template"
    fi
    echo "$template"
}

odoo_failed=0
for lang in $LANGS; do
    template=$(ensure_template "$lang") || exit 1
    # Odoo's repair tests assert English texts: they run on the English database.
    tags=${IG_TEST_TAGS:-/ig_soom_dra,/workshop_damage_report}
    if [ "$lang" = en_US ] && [ -z "${IG_TEST_TAGS:-}" ]; then
        tags="$tags,/repair"
    fi
    # repair is in the template: updating it runs its tests with the addon installed.
    update=()
    case ",$tags," in *,/repair[,:.]*) update=(-u repair) ;; esac
    db="ig_soom_test_$$_${lang}"
    createdb -T "$template" "$db" || { echo "Cannot copy the template database."; exit 1; }
    DBS+=("$db")
    cp -a "$DATA_DIR/filestore/$template" "$DATA_DIR/filestore/$db"
    log="$LOG_DIR/odoo-tests-$lang.log"
    say "Odoo tests on $lang ($db, $tags; log: $log)"
    started=$SECONDS
    "${odoo_cmd[@]}" -d "$db" -i "$(IFS=,; echo "${ADDONS[*]}")" "${update[@]}" --test-enable --test-tags "$tags" \
        --log-level=test >"$log" 2>&1
    odoo_rc=$?
    "$PYTHON" "$ROOT/tests/odoo_log_summary.py" "$log" "$odoo_rc" "${ADDONS[@]}" || odoo_failed=1
    echo "($lang: $(((SECONDS - started) / 60)) min $(((SECONDS - started) % 60)) s)"
done

odoo_conf=(--addons-path="$ADDONS_PATH" --db_host="$DB_HOST" --db_user="$DB_USER"
           --db_password="$DB_PASSWORD" --data-dir="$DATA_DIR")

# --- 3. Browser tours on a prefork server -----------------------------------
# Before the production checks, which add data to the last test database.
if [ "${IG_TEST_PREFORK:-1}" != 0 ]; then
    say "Browser tours on a prefork server (--workers=2, copies of $db)"
    started=$SECONDS
    only=()
    [ -n "${IG_TEST_PREFORK_TOURS:-}" ] && only=(-k "$IG_TEST_PREFORK_TOURS")
    "$PYTHON" "$ROOT/tests/prefork_tours.py" --db "$db" --log "$LOG_DIR/prefork-server.log" \
        "${only[@]}" -- "${odoo_conf[@]}" \
        || odoo_failed=1
    echo "(prefork tours: $(((SECONDS - started) / 60)) min $(((SECONDS - started) % 60)) s)"
fi

# --- 4. Production checks ---------------------------------------------------
# On the last test database (both addons installed): a backup restored into a
# new database holds the same orders, documents and transmission log.
say "Backup and restore (tools/backup.sh, tools/restore.sh on $db)"
IG_TEST_LOG_DIR=$LOG_DIR bash "$ROOT/tests/backup_restore_test.sh" "$PYTHON" "$db" "$DATA_DIR" -- "${odoo_conf[@]}" \
    || odoo_failed=1
# The previous version (from git) with data, upgraded to this one.
say "Upgrade from the previous version (tests/upgrade_test.sh)"
IG_TEST_LOG_DIR=$LOG_DIR bash "$ROOT/tests/upgrade_test.sh" "$PYTHON" "$template" "$DATA_DIR" "${ADDONS_PATH%,*}" -- \
    --db_host="$DB_HOST" --db_user="$DB_USER" --db_password="$DB_PASSWORD" --data-dir="$DATA_DIR" \
    || odoo_failed=1
# No log of the whole run holds a password the tests configure.
say "Secrets in the logs (tests/secrets_in_logs.py, $LOG_DIR)"
"$PYTHON" "$ROOT/tests/secrets_in_logs.py" "$LOG_DIR"/*.log || odoo_failed=1

if [ "$pure_rc" -ne 0 ] || [ "$odoo_failed" -ne 0 ]; then
    exit 1
fi
exit 0
