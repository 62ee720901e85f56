#!/usr/bin/env bash
# The failover rig (issue 5's benchmark): keepalived as master and, alternately, keepalived or EsHa as the backup, in
# network namespaces of its own ("esha-bench-*", removed afterwards); a client probes the VIP over TCP every 5 ms
# while the master's link is cut or the master is stopped. Prints each run, the medians and the ratio, then EsHa's
# and keepalived's RSS and idle CPU with the user's ka01 configuration. Needs root, iproute2 and Debian's keepalived.
#   bash bench/failover.sh [ROUNDS]        (default 3)
#   bash bench/failover.sh --footprint-only | --no-footprint
#   ESHA_FAILOVER_CASES=v3 keeps the cases whose name contains "v3"; ESHA_FAILOVER_ENV="DOTNET_X=1" runs EsHa with it
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "the failover rig needs root (network namespaces)" >&2; exit 2; }
command -v keepalived >/dev/null || { echo "needs Debian's keepalived: apt-get install keepalived" >&2; exit 2; }
dotnet build -c Release src/Cli/EsHa.Cli.csproj -v q -nologo
dotnet run -c Release --project bench/EsHa.Bench -- failover "$@"
