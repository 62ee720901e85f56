#!/usr/bin/env bash
# IPVS mutations per second (issue 6's benchmark): boots Debian's kernel under QEMU (ops/qemu/ipvs-guest.sh) with the
# guest program in bench mode, which times weight changes (SET_DEST), add/delete pairs, a bulk load and its read
# through EsHa's generic netlink backend, and the same weight change by ipvsadm, one process per change.
# QEMU here emulates the CPU (TCG), so absolute figures are far below a real director's; compare runs, not machines.
#   bash bench/ipvs-guest.sh [N]        (default 2000 mutations per figure)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-2000}
log=$(mktemp --suffix=.ipvs-bench.log)
status=0
bash ops/qemu/ipvs-guest.sh --bench "$count" --log "$log" >/dev/null || status=$?
grep -E '^(BENCH|CHECK .* FAIL|GUEST DONE)' "$log" || true
[ "$status" -eq 0 ] || echo "the benchmark guest did not finish cleanly (exit $status); log: $log" >&2
exit "$status"
