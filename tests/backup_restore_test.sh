#!/usr/bin/env bash
# The backup-and-restore test of tests/run_all.sh (README.md, "Backups").
#
#   tests/backup_restore_test.sh PYTHON DATABASE DATA_DIR -- ODOO_OPTIONS...
#
# On DATABASE (the addons installed): adds an IG order with its DRA file,
# documents, milestones sent, a transmission log and a portal connection
# (tests/odoo_data_check.py), backs it up with tools/backup.sh,
# restores the backup into a new database with tools/restore.sh and compares
# the two databases' fingerprints (orders, documents read back from the
# filestore, sent marks, transmissions, connections). Also checks that a
# damaged backup and an existing target are refused and leave nothing behind.
# Drops what it made.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=$1 DB=$2 DATA_DIR=$3
shift 4
ODOO_OPTIONS=("$@")
export ODOO_DATA_DIR=$DATA_DIR
restored="${DB}_restored"
work=$(mktemp -d -t ig_soom_backup.XXXXXX)
cleanup() {
    dropdb --if-exists "$restored" 2>/dev/null
    dropdb --if-exists "${DB}_damaged" 2>/dev/null
    rm -rf "${DATA_DIR:?}/filestore/$restored" "$work"
}
trap cleanup EXIT
# Odoo's output: kept in IG_TEST_LOG_DIR when given (the test command checks it for secrets).
log="${IG_TEST_LOG_DIR:-$work}/backup-restore.log"
check() { "$PYTHON" "$ROOT/tests/odoo_data_check.py" "$@" "${ODOO_OPTIONS[@]}" 2>>"$log"; }
fail() { echo "Backup and restore FAILED: $*"; tail -n 20 "$log"; exit 1; }

check seed "$DB" || fail "cannot add the data"
check fingerprint "$DB" >"$work/before.json" || fail "cannot read the database"
backup=$(bash "$ROOT/tools/backup.sh" "$DB" "$work/backups") || fail "tools/backup.sh"
bash "$ROOT/tools/restore.sh" "$backup" "$restored" || fail "tools/restore.sh"
check fingerprint "$restored" >"$work/after.json" || fail "cannot read the restored database"
grep -q BACKUP-202019362 "$work/before.json" || fail "the fingerprint misses the order"
diff -u "$work/before.json" "$work/after.json" || fail "the restored database differs"
orders=$(grep -c '"broker_order_ref"' "$work/after.json")
documents=$(grep -c '"[0-9a-f]\{64\}"' "$work/after.json")

bash "$ROOT/tools/restore.sh" "$backup" "$restored" >/dev/null 2>&1 && fail "a restore overwrote a database"
cp -r "$backup" "$work/damaged"
printf 'x' >>"$work/damaged/filestore.tar.gz"
bash "$ROOT/tools/restore.sh" "$work/damaged" "${DB}_damaged" >/dev/null 2>&1 && fail "a damaged backup was restored"
psql -d postgres -qtAc "SELECT 1 FROM pg_database WHERE datname = '${DB}_damaged'" | grep -q 1 \
    && fail "a refused restore left a database"
echo "Backup and restore: $orders broker orders and $documents checksums (files, passwords) intact; a damaged backup and an existing target refused."
