#!/usr/bin/env bash
# Get Odoo 18 for the test command (tests/run_all.sh) on a machine without it.
#
# Makes, once, a cached Odoo 18 source and a virtual environment with Odoo's
# Python packages and the project's (requirements.txt), and prints the path
# of that environment's python, from which `import odoo` works. Everything
# else goes to stderr.
#
#   IG_ODOO_SRC     an Odoo 18 source: a folder (used in place) or a git URL
#                   (shallow clone); default https://github.com/odoo/odoo
#   IG_ODOO_BRANCH  branch to clone; default 18.0 for Odoo's repository,
#                   the remote's default branch for another URL
#   IG_ODOO_CACHE   cache folder; default ~/.cache/ig_soom_dra
#
# A source and its environment are kept per IG_ODOO_SRC and branch; delete
# the cache folder to get a fresh clone. Odoo's requirements are installed as
# pinned, with the changes of tests/odoo_requirements.py (no python-ldap,
# cbor2 5.6.2, psycopg2-binary).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OFFICIAL=https://github.com/odoo/odoo
SRC=${IG_ODOO_SRC:-$OFFICIAL}
BRANCH=${IG_ODOO_BRANCH:-}
if [ -z "$BRANCH" ] && [ "$SRC" = "$OFFICIAL" ]; then
    BRANCH=18.0
fi
CACHE=${IG_ODOO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ig_soom_dra}
KEY=$(printf '%s|%s' "$SRC" "$BRANCH" | md5sum | cut -c1-10)
mkdir -p "$CACHE"

log() { printf '%s\n' "$*" >&2; }

if ! python3 -c "import venv, ensurepip" 2>/dev/null; then
    log "python3 has no venv/ensurepip (Debian/Ubuntu: apt-get install python3-venv)."
    exit 1
fi

# --- The source ---------------------------------------------------------------
if [ -d "$SRC" ]; then
    ODOO=$(cd "$SRC" && pwd)
else
    ODOO="$CACHE/odoo-$KEY"
    if [ ! -f "$ODOO/odoo/release.py" ]; then
        rm -rf "$ODOO" "$ODOO.partial"
        branch_args=()
        [ -n "$BRANCH" ] && branch_args=(--branch "$BRANCH")
        command -v git >/dev/null || { log "git is needed to clone $SRC."; exit 1; }
        log "Cloning $SRC ${BRANCH:+(branch $BRANCH) }into $ODOO (shallow)"
        git clone -q --depth 1 --single-branch "${branch_args[@]}" "$SRC" "$ODOO.partial" >&2
        mv "$ODOO.partial" "$ODOO"
    fi
fi
if ! grep -q "^version_info = (18, " "$ODOO/odoo/release.py" 2>/dev/null; then
    log "$ODOO is no Odoo 18 source (odoo/release.py)."
    exit 1
fi

# --- The virtual environment ----------------------------------------------------
PY_VERSION=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
VENV="$CACHE/venv-$KEY-py$PY_VERSION"
REQUIREMENTS="$CACHE/requirements-$KEY.txt"
python3 "$ROOT/tests/odoo_requirements.py" "$ODOO/requirements.txt" >"$REQUIREMENTS.new"
mv "$REQUIREMENTS.new" "$REQUIREMENTS"
STAMP=$(cat "$REQUIREMENTS" "$ROOT/requirements.txt" "$ROOT/requirements-addon.txt" | md5sum | cut -c1-32)
if [ ! -x "$VENV/bin/python" ]; then
    log "Creating the virtual environment $VENV"
    python3 -m venv "$VENV" >&2
fi
if [ "$(cat "$VENV/.ig_soom_dra_stamp" 2>/dev/null)" != "$STAMP" ]; then
    log "Installing Odoo's Python packages and the project's into $VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip wheel >&2
    (cd "$ROOT" && "$VENV/bin/python" -m pip install -q -r "$REQUIREMENTS" -r requirements.txt) >&2
    echo "$STAMP" >"$VENV/.ig_soom_dra_stamp"
fi
# Odoo itself: its source folder on the environment's path.
SITE=$("$VENV/bin/python" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
echo "$ODOO" >"$SITE/ig_soom_dra_odoo.pth"
if ! "$VENV/bin/python" -c "import odoo.release" >&2; then
    log "The environment $VENV cannot import Odoo."
    exit 1
fi
echo "$VENV/bin/python"
