#!/usr/bin/env bash
# EsHa's test command: installs what the tests need, builds, runs every test project and ends with the line
# "N passed, N failed". CI (.ci/run) runs exactly this.
set -uo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -x /usr/sbin/keepalived ] || need_apt+=(keepalived)   # the config oracle (keepalived -t) and VRRP peer, Debian's 2.2.7
[ -x /usr/bin/tcpdump ] || need_apt+=(tcpdump)          # captures keepalived's adverts; decodes EsHa's
[ -x /usr/sbin/ip ] || need_apt+=(iproute2)             # the tests' own network namespaces
[ -x /usr/sbin/nft ] || need_apt+=(nftables)            # esha lint's live rules; the LVS data plane (libnftables)
[ -x /usr/sbin/nginx ] || need_apt+=(nginx-light)       # the real servers' HTTP servers in the LVS site and probe tests
[ -x /usr/bin/openssl ] || need_apt+=(openssl)          # the probe tests' self-signed certificate for SSL_GET
[ -x /usr/sbin/dnsmasq ] || need_apt+=(dnsmasq-base)    # the probe tests' DNS server (DNS_CHECK, UDP_CHECK); -base starts no daemon
[ -x /usr/bin/python3 ] || need_apt+=(python3)          # the probe tests' SMTP server (Python 3.11's smtpd module)
[ -x /usr/lib/postgresql/15/bin/initdb ] || need_apt+=(postgresql-15)  # a throwaway cluster for the central store tests
[ -x /usr/bin/chromium ] || need_apt+=(chromium)        # opens esha timeline --html pages headless (their DOM after the script, a screenshot)
# QEMU boots Debian's kernel for the real-IPVS test (ops/qemu/ipvs-guest.sh downloads the kernel and ipvsadm itself).
command -v qemu-system-x86_64 >/dev/null || need_apt+=(qemu-system-x86)
command -v cpio >/dev/null || need_apt+=(cpio)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing from Debian: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  # The packages start daemons; the tests use `keepalived -t` and clusters of their own.
  systemctl stop keepalived postgresql nginx dnsmasq >/dev/null 2>&1 || true
  systemctl disable keepalived postgresql nginx dnsmasq >/dev/null 2>&1 || true
fi

dotnet build EsHa.sln -c Release -nologo -v q || { echo "0 passed, 1 failed"; exit 1; }

passed=0
failed=0
status=0
for project in tests/*/; do
  name=$(basename "$project")
  # Programs that tests run elsewhere (EsHa.IpvsGuest runs inside a QEMU guest) hold no tests of their own.
  grep -q 'xunit' "$project"*.csproj || continue
  log=$(mktemp)
  dotnet test --project "$project" -c Release --no-build 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  p=$(sed -n 's/^ *succeeded: *\([0-9]*\).*/\1/p' "$log" | tail -1)
  f=$(sed -n 's/^ *failed: *\([0-9]*\).*/\1/p' "$log" | tail -1)
  if [ -z "$p" ] || [ -z "$f" ]; then
    echo "$name: no test summary (exit $rc)"
    f=$((${f:-0} + 1)); p=${p:-0}
  fi
  [ "$rc" -eq 0 ] || status=1
  passed=$((passed + p))
  failed=$((failed + f))
  rm -f "$log"
done

[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status
