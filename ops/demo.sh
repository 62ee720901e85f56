#!/usr/bin/env bash
# The main job: simulate the user's two-node cluster (ops/examples/seed: ka01 loses its link at 30 s and gets it
# back at 60 s) into embedded journals, print the VIP's timeline, why it moved, the state at 45 s and what nopreempt
# would have changed, then check the user's own configurations (../shared/corpus/seed) the way
# keepalived -t does and show what differs between the two nodes. Needs only the .NET SDK.
set -uo pipefail
cd "$(dirname "$0")/.."
seed=$(cd "${1:-../shared/corpus/seed}" && pwd) || { echo "seed corpus not found"; exit 1; }
dotnet build src/Cli -c Release -nologo -v q >/dev/null || { echo "build failed"; exit 1; }
esha() { dotnet src/Cli/bin/Release/net10.0/esha.dll "$@"; }

echo "== esha simulate ops/examples/seed/scenario.json --journal <tmp>: ka01 loses its link at 30 s, returns at 60 s"
journal=$(mktemp -d /tmp/esha-demo-journal.XXXXXX)
esha simulate ops/examples/seed/scenario.json --journal "$journal" || { rm -rf "$journal"; exit 1; }
echo
echo "== esha verify: each node's embedded journal ($journal/NODE.db), its hash chain recomputed"
esha verify --journal "$journal/ka01.db" --journal "$journal/ka02.db" || exit 1
echo
journals=(--journal "$journal/ka01.db" --journal "$journal/ka02.db")
echo "== esha timeline --vip 192.168.126.100: both nodes' decisions about the VIP, merged by wall clock"
esha timeline "${journals[@]}" --vip 192.168.126.100 || exit 1
echo
echo "== esha why --vip 192.168.126.100 --all: why did the VIP move? (root cause first)"
esha why "${journals[@]}" --vip 192.168.126.100 --all || exit 1
echo "== esha why with only ka02's journal: the first move, inferred from the adverts that stopped"
esha why --journal "$journal/ka02.db" --vip 192.168.126.100 || exit 1
echo "== esha replay --at 00:00:45: the state of both nodes then"
esha replay "${journals[@]}" --at 2026-01-01T00:00:45Z || exit 1
echo
# What-if: ka01 with nopreempt (the line the user left commented out), from the same recorded inputs.
whatif=$(mktemp -d /tmp/esha-demo-whatif.XXXXXX)
cp -r ops/examples/seed/ka01/. "$whatif"
sed -i 's/#nopreempt/nopreempt/' "$whatif/conf.d/www.ming.org.conf"
echo "== esha replay --config ka01=<ka01 with nopreempt>: what would have happened"
esha replay "${journals[@]}" --config "ka01=$whatif/keepalived.conf" || { rm -rf "$whatif"; exit 1; }
rm -rf "$whatif" "$journal"
echo

# Each node as deployed: keepalived.conf includes /apps/keepalived/etc/keepalived/conf.d/*.conf, where exactly one
# of the site files sits as www.ming.org.conf. Stage that tree and check it with --root, includes and all.
stage=$(mktemp -d /tmp/esha-demo.XXXXXX)
trap 'rm -rf "$stage"' EXIT
for node in ka01 ka02; do
  for variant in http tcp; do
    etc="$stage/$node-$variant/apps/keepalived/etc/keepalived"
    mkdir -p "$etc/conf.d"
    cp "$seed/$node/keepalived.conf" "$etc/keepalived.conf"
    cp "$seed/$node/conf.d/www.ming.org.conf.$variant" "$etc/conf.d/www.ming.org.conf"
    echo "== $node ($variant variant): esha check-config --root <staged $node> -f /apps/keepalived/etc/keepalived/keepalived.conf --no-host-checks"
    esha check-config --root "$stage/$node-$variant" -f /apps/keepalived/etc/keepalived/keepalived.conf --no-host-checks
    echo
  done
done

echo "== esha config diff ka01 ka02 (HTTP_GET variant): what would behave differently"
esha config diff "$seed/ka01/conf.d/www.ming.org.conf.http" "$seed/ka02/conf.d/www.ming.org.conf.http"
exit 0
