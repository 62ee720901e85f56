#!/usr/bin/env bash
# A lab on one machine to watch failover: network namespaces "esha-lab-NAME-client" (a bridge, 10.9.0.10/24) and one
# per node, "esha-lab-NAME-NODE", each with eth0 on the bridge (10.9.0.1, .2, ... in the order given). Nothing is
# connected to the host's network. Needs root and iproute2.
#
#   ops/lab/lab.sh up NAME NODE [NODE...]     build it
#   ops/lab/lab.sh run NAME NODE CONFIG       run `esha run -f CONFIG` on a node (journal in /tmp/esha-lab-NAME-NODE.db)
#   ops/lab/lab.sh keepalived NAME NODE CONFIG run Debian's keepalived on a node instead
#   ops/lab/lab.sh link NAME NODE up|down     cut or restore a node's link
#   ops/lab/lab.sh show NAME                  who holds which address
#   ops/lab/lab.sh down NAME                  remove it all (and what runs in it)
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
cmd="${1:-}"; name="${2:-}"
[ -n "$cmd" ] && [ -n "$name" ] || { sed -n '2,12p' "$0"; exit 2; }
client="esha-lab-$name-client"

case "$cmd" in
  up)
    shift 2
    ip netns add "$client"
    ip -n "$client" link set lo up
    ip -n "$client" link add br0 type bridge
    ip -n "$client" link set br0 up
    ip -n "$client" addr add 10.9.0.10/24 dev br0
    i=0
    for node in "$@"; do
      ns="esha-lab-$name-$node"
      ip netns add "$ns"
      ip -n "$ns" link set lo up
      ip -n "$client" link add "v$i" type veth peer name eth0 netns "$ns"
      ip -n "$client" link set "v$i" master br0 up
      ip -n "$ns" addr add "10.9.0.$((i + 1))/24" dev eth0
      ip -n "$ns" link set eth0 up
      echo "$node: namespace $ns, 10.9.0.$((i + 1)) on eth0"
      i=$((i + 1))
    done
    echo "client: namespace $client, 10.9.0.10 on br0"
    ;;
  run)
    node="$3"; config="$4"
    ip netns exec "esha-lab-$name-$node" dotnet "$here/src/Cli/bin/Release/net10.0/esha.dll" run -f "$config" \
      --journal "/tmp/esha-lab-$name-$node.db" --node "$node"
    ;;
  keepalived)
    node="$3"; config="$4"
    ip netns exec "esha-lab-$name-$node" keepalived -n -l -D -f "$config" -p "/tmp/esha-lab-$name-$node.pid" \
      -r "/tmp/esha-lab-$name-$node.vrrp.pid"
    ;;
  link)
    ip -n "esha-lab-$name-$3" link set eth0 "$4"
    ;;
  show)
    for ns in $(ip netns list | awk '{print $1}' | grep "^esha-lab-$name-"); do
      echo "$ns: $(ip -n "$ns" -br -4 addr show | awk '{$1=$1; print}' | tr '\n' ' ')"
    done
    ;;
  down)
    for ns in $(ip netns list | awk '{print $1}' | grep "^esha-lab-$name-"); do
      for pid in $(ip netns pids "$ns"); do kill "$pid" 2>/dev/null || true; done
      ip netns delete "$ns"
    done
    ;;
  *)
    sed -n '2,12p' "$0"; exit 2
    ;;
esac
