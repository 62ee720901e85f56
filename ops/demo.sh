#!/usr/bin/env bash
# The main job, for now: check the user's own keepalived configurations (../shared/corpus/seed) the way
# keepalived -t does, with EsHa's diagnostics. Needs only the .NET SDK.
set -uo pipefail
cd "$(dirname "$0")/.."
seed=${1:-../shared/corpus/seed}
dotnet build src/Cli -c Release -nologo -v q >/dev/null || exit 1
esha() { dotnet src/Cli/bin/Release/net10.0/esha.dll "$@"; }
for file in "$seed"/ka01/conf.d/www.ming.org.conf.http "$seed"/ka02/conf.d/www.ming.org.conf.http \
            "$seed"/ka02/conf.d/www.ming.org.conf.tcp; do
  echo "== esha check-config -f $file --no-host-checks"
  esha check-config -f "$file" --no-host-checks
  echo
done
echo "== esha config diff (ka01 vs ka02, HTTP_GET variant)"
esha config diff "$seed"/ka01/conf.d/www.ming.org.conf.http "$seed"/ka02/conf.d/www.ming.org.conf.http
exit 0
