#!/usr/bin/env bash
# The upgrade test of tests/run_all.sh (README.md, "Upgrades").
#
#   tests/upgrade_test.sh PYTHON TEMPLATE DATA_DIR ODOO_ADDONS_PATH -- ODOO_OPTIONS...
#
# Takes the previous version of ig_soom_dra from the git history: the tree
# just before the commit that last changed the version in its manifest (so
# the last state of the previous version), with workshop_damage_report of
# the same commit. Installs both into a copy of TEMPLATE, adds data with that
# code (an IG order with its DRA file and documents, milestones sent to SOOM,
# a transmission log, a portal connection: tests/odoo_data_check.py),
# upgrades to the addons of this checkout (-u) and compares the data before
# and after; the installed version must be the manifest's. Fails on an error
# logged by the upgrade. Drops what it made.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=$1 TEMPLATE=$2 DATA_DIR=$3 ODOO_ADDONS_PATH=$4
shift 5
ODOO_OPTIONS=("$@")
db="ig_soom_upgrade_$$"
work=$(mktemp -d -t ig_soom_upgrade.XXXXXX)
cleanup() {
    dropdb --if-exists "$db" 2>/dev/null
    rm -rf "${DATA_DIR:?}/filestore/$db" "$work"
}
trap cleanup EXIT
# Odoo's output: kept in IG_TEST_LOG_DIR when given (the test command checks it for secrets).
logs=${IG_TEST_LOG_DIR:-$work}
fail() { echo "Upgrade test FAILED: $*"; exit 1; }
manifest=ig_soom_dra/__manifest__.py
version_of() { "$PYTHON" -c "import ast, sys; print(ast.literal_eval(sys.stdin.read())['version'])"; }

git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1 \
    || fail "$ROOT has no git history: the previous version cannot be found"
current=$(version_of <"$ROOT/$manifest")
bump=$(git -C "$ROOT" log -n 1 --format=%H -G'"version"' -- "$manifest")
[ -n "$bump" ] || fail "no commit changed the version of $manifest"
[ "$(git -C "$ROOT" show "$bump:$manifest" | version_of)" = "$current" ] \
    || fail "the version $current of the checkout is not committed"
previous=$(git -C "$ROOT" show "$bump^:$manifest" | version_of) \
    || fail "the commit before $bump has no $manifest"
mkdir -p "$work/old"
git -C "$ROOT" archive "$bump^" ig_soom_dra workshop_damage_report | tar -x -C "$work/old" \
    || fail "cannot take the addons of $bump^ from git"
echo "Upgrade: ig_soom_dra $previous (commit ${bump:0:10}^) -> $current (this checkout)"

run_odoo() {
    local addons=$1
    shift
    "$PYTHON" -m odoo --addons-path="$ODOO_ADDONS_PATH,$addons" "${ODOO_OPTIONS[@]}" -d "$db" \
        --stop-after-init --max-cron-threads=0 --http-port=0 --log-level=warn "$@"
}
check() {
    local addons=$1
    shift
    "$PYTHON" "$ROOT/tests/odoo_data_check.py" "$@" "$db" --addons-path="$ODOO_ADDONS_PATH,$addons" \
        "${ODOO_OPTIONS[@]}" 2>>"$logs/upgrade-check.log"
}
installed_version() {
    psql -d "$db" -qtAc "SELECT latest_version FROM ir_module_module WHERE name = 'ig_soom_dra'"
}

createdb -T "$TEMPLATE" "$db" || fail "cannot copy the template database"
cp -a "$DATA_DIR/filestore/$TEMPLATE" "$DATA_DIR/filestore/$db"
run_odoo "$work/old" -i ig_soom_dra,workshop_damage_report >"$logs/upgrade-install.log" 2>&1 \
    || { tail -n 30 "$logs/upgrade-install.log"; fail "the previous version does not install"; }
[ "$(installed_version)" = "$previous" ] || fail "installed $(installed_version), not $previous"
check "$work/old" seed || { tail -n 20 "$logs/upgrade-check.log"; fail "cannot add data with $previous"; }
check "$work/old" fingerprint >"$work/before.json" || fail "cannot read the data of $previous"

# The upgrade: the addons of this checkout, alone in a folder as they are deployed.
mkdir -p "$work/new"
cp -a "$ROOT/ig_soom_dra" "$ROOT/workshop_damage_report" "$work/new/"
find "$work/new" -name __pycache__ -type d -prune -exec rm -rf {} +
run_odoo "$work/new" -u ig_soom_dra,workshop_damage_report >"$logs/upgrade.log" 2>&1 \
    || { tail -n 30 "$logs/upgrade.log"; fail "the upgrade to $current failed"; }
if grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) " "$logs/upgrade.log"; then
    fail "the upgrade logged errors"
fi
[ "$(installed_version)" = "$current" ] || fail "after the upgrade: $(installed_version), not $current"
check "$work/new" fingerprint >"$work/after.json" || fail "cannot read the data after the upgrade"
grep -q BACKUP-202019362 "$work/after.json" || fail "the order is missing after the upgrade"
diff -u "$work/before.json" "$work/after.json" || fail "the data changed in the upgrade"
echo "Upgrade $previous -> $current: orders, documents, sent marks, transmissions and connections intact."
