#!/usr/bin/env bash
# Sets up EsHa's central store on a PostgreSQL server: the database, the esha_writer role (nodes ship with it) and
# the esha_auditor role (read-only), Marten's tables, and the grants.
# Usage: PGHOST=... PGPORT=... PGUSER=<superuser> [PGPASSWORD=...] ops/postgres/setup.sh [DATABASE]
#        ESHA_WRITER_PASSWORD / ESHA_AUDITOR_PASSWORD set the roles' passwords (unset: none, for peer/trust auth).
#        ESHA names the esha command (default: esha on PATH, else the repository's Release build).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
db="${1:-esha}"
if [ -n "${ESHA:-}" ]; then
  esha=($ESHA)
elif command -v esha >/dev/null; then
  esha=(esha)
else
  esha=(dotnet "$here/../../src/Cli/bin/Release/net10.0/esha.dll")
fi

psql -X -q -v ON_ERROR_STOP=1 -d postgres -v db="$db" \
  -v writer_password="${ESHA_WRITER_PASSWORD:-}" -v auditor_password="${ESHA_AUDITOR_PASSWORD:-}" -f "$here/database.sql"
store="Host=${PGHOST:-localhost};Port=${PGPORT:-5432};Username=${PGUSER:-postgres};Database=$db"
[ -z "${PGPASSWORD:-}" ] || store="$store;Password=$PGPASSWORD"
"${esha[@]}" store init --store "$store"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$here/grants.sql"
echo "central store ready: database $db, roles esha_writer (nodes) and esha_auditor (read-only)"
