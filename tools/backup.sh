#!/usr/bin/env bash
# Back up one Odoo database and its filestore (README.md, "Backups").
#
#   tools/backup.sh DATABASE [DESTINATION]
#
# Writes DESTINATION/DATABASE-<UTC time>/ (DESTINATION defaults to ./backups)
# with db.dump (pg_dump, custom format), filestore.tar.gz (the database's
# folder of Odoo's filestore) and SHA256SUMS, readable by the owner only, and
# prints that folder. The dump is taken first, the filestore after it: every
# file the dump refers to is then in the archive, because Odoo keeps the file
# of a deleted attachment until its daily garbage collection.
#
# Connection: the PostgreSQL variables PGHOST, PGPORT, PGUSER and PGPASSWORD
# (PGPASSWORD falls back to POSTGRES_PASSWORD, which the production container
# has). Filestore: ODOO_DATA_DIR, by default /var/lib/odoo (Odoo's data_dir).
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 DATABASE [DESTINATION]" >&2
    exit 2
fi
db=$1
destination=${2:-./backups}
data_dir=${ODOO_DATA_DIR:-/var/lib/odoo}
export PGPASSWORD=${PGPASSWORD:-${POSTGRES_PASSWORD:-}}

umask 077
target="$destination/$db-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$target"
pg_dump --format=custom --no-owner --no-privileges --file="$target/db.dump" "$db"
if [ -d "$data_dir/filestore/$db" ]; then
    tar -C "$data_dir/filestore" -czf "$target/filestore.tar.gz" "$db"
else
    echo "warning: $data_dir/filestore/$db does not exist: the backup holds no files" >&2
    tar -czf "$target/filestore.tar.gz" -T /dev/null
fi
(cd "$target" && sha256sum db.dump filestore.tar.gz >SHA256SUMS)
echo "$target"
