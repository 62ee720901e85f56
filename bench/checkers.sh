#!/usr/bin/env bash
# The health-checking benchmarks (issue 6), in network namespaces of their own ("esha-bench-*", removed afterwards):
#  1. `esha run` checking N real servers every second with TCP_CHECK (default 10,000; one accept loop answers all),
#     then M with HTTP_GET (default 2,000; nginx answers): esha's CPU as a share of one core, its RSS, and the checks
#     per second the servers saw;
#  2. check result -> nftables applied latency, p50/p99, with N real servers in the table and with 200.
# Needs root, iproute2, nftables and nginx (ops/test.sh installs them).   bash bench/checkers.sh [TCP [HTTP [SECONDS]]]
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "the checker benchmark needs root (network namespaces)" >&2; exit 2; }
command -v nginx >/dev/null || { echo "needs Debian's nginx-light and nftables" >&2; exit 2; }
dotnet build -c Release src/Cli/EsHa.Cli.csproj -v q -nologo
dotnet run -c Release --project bench/EsHa.Bench -- checkers "$@"
