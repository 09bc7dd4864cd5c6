#!/usr/bin/env bash
# Restore a backup of tools/backup.sh into a NEW database (README.md, "Backups").
#
#   tools/restore.sh BACKUP_FOLDER NEW_DATABASE
#
# Checks the backup's checksums, creates NEW_DATABASE (it must not exist: a
# restore never overwrites a database), restores the dump into it and unpacks
# the filestore as Odoo's filestore folder of NEW_DATABASE. Nothing is left
# behind when a step fails. A copy that runs beside the production database
# should be neutralised before it is started (no outgoing mail, no scheduled
# actions): `odoo neutralize -d NEW_DATABASE`.
#
# Connection and filestore: as tools/backup.sh (PG* variables, ODOO_DATA_DIR).
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 BACKUP_FOLDER NEW_DATABASE" >&2
    exit 2
fi
backup=$1
db=$2
data_dir=${ODOO_DATA_DIR:-/var/lib/odoo}
export PGPASSWORD=${PGPASSWORD:-${POSTGRES_PASSWORD:-}}

(cd "$backup" && sha256sum --quiet --check SHA256SUMS) || {
    echo "the backup $backup is damaged (checksums differ): nothing restored" >&2
    exit 1
}
if [ -e "$data_dir/filestore/$db" ]; then
    echo "the filestore folder $data_dir/filestore/$db exists already: nothing restored" >&2
    exit 1
fi
createdb "$db" || {
    echo "cannot create the database $db (does it exist already?): nothing restored" >&2
    exit 1
}
unpack=$(mktemp -d "$data_dir/filestore/.restore-$db.XXXXXX" 2>/dev/null \
    || { mkdir -p "$data_dir/filestore" && mktemp -d "$data_dir/filestore/.restore-$db.XXXXXX"; })
fail() {
    echo "$1: nothing restored" >&2
    rm -rf "$unpack"
    dropdb --if-exists "$db"
    exit 1
}
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$db" "$backup/db.dump" \
    || fail "the dump could not be restored"
tar -C "$unpack" -xzf "$backup/filestore.tar.gz" || fail "the filestore could not be unpacked"
source_folder=$(find "$unpack" -mindepth 1 -maxdepth 1 -type d | head -n 1)
if [ -n "$source_folder" ]; then
    mv "$source_folder" "$data_dir/filestore/$db"
else
    mkdir -p "$data_dir/filestore/$db"
fi
rm -rf "$unpack"
echo "restored $backup into the database $db"
