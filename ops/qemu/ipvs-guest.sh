#!/usr/bin/env bash
# Runs EsHa's IPVS guest program against a real IPVS: Debian's kernel booted under QEMU (TCG, so no KVM needed) with
# a busybox initramfs holding the kernel's IPVS modules, ipvsadm and the self-contained guest program. The host's own
# kernel is never touched: the kernel .deb is unpacked into the cache, not installed. Exits 0 only when the guest
# printed "GUEST DONE n ok 0 failed" with n > 0 (in --bench mode: when it printed its figures).
#   bash ops/qemu/ipvs-guest.sh [--bench N] [--log FILE]
# Needs root (apt-get) on Debian 12 with the .NET SDK; downloads and the initramfs are cached in $ESHA_QEMU_CACHE
# (default /var/cache/esha-qemu), the initramfs keyed by the hash of its contents, so a second run is fast.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cache=${ESHA_QEMU_CACHE:-/var/cache/esha-qemu}
timeout_seconds=${ESHA_QEMU_TIMEOUT:-900}
guest_args="checks"
log=""
while [ $# -gt 0 ]; do
  case "$1" in
    --bench) guest_args="bench,${2:?--bench needs a count}"; shift 2 ;;
    --log) log=${2:?--log needs a file}; shift 2 ;;
    *) echo "usage: $0 [--bench N] [--log FILE]" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "ipvs-guest: needs root (apt-get, the package cache)" >&2; exit 2; }
say() { echo "ipvs-guest: $*" >&2; }

# Host tools: QEMU and cpio. Everything that goes into the guest comes from .debs unpacked into the cache.
need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
command -v cpio >/dev/null || need+=(cpio)
export DEBIAN_FRONTEND=noninteractive
apt_updated=""
apt_update() { [ -n "$apt_updated" ] || { apt-get update -qq >/dev/null; apt_updated=1; }; }
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  apt_update
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

mkdir -p "$cache/debs" "$cache/unpacked" "$cache/initramfs"
# One run at a time per cache: runs share the unpacked packages and the work folder.
exec 9>"$cache/lock"
flock 9
# The newest Debian kernel the archive offers (the linux-image-amd64 metapackage names it), plus the guest's tools.
kernel_package=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/.*Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -1)
if [ -z "$kernel_package" ]; then
  apt_update
  kernel_package=$(apt-cache depends linux-image-amd64 | sed -n 's/.*Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -1)
fi
[ -n "$kernel_package" ] || { say "no linux-image-*-amd64 in the package lists"; exit 1; }
packages=("$kernel_package" busybox-static ipvsadm libnl-3-200 libnl-genl-3-200 libpopt0)

# Downloads each package once (apt-get download names the file <name>_<version>_<arch>.deb) and unpacks it once.
unpacked=()
for package in "${packages[@]}"; do
  deb=$(ls "$cache/debs/${package}_"*.deb 2>/dev/null | head -1 || true)
  if [ -z "$deb" ]; then
    say "downloading $package"
    apt_update
    (cd "$cache/debs" && apt-get download -qq -o APT::Sandbox::User=root "$package" >/dev/null) || { say "apt-get download $package failed"; exit 1; }
    deb=$(ls "$cache/debs/${package}_"*.deb | head -1)
  fi
  dir="$cache/unpacked/$(basename "$deb" .deb)"
  if [ ! -d "$dir" ]; then
    dpkg -x "$deb" "$dir.tmp" && mv "$dir.tmp" "$dir"
  fi
  unpacked+=("$dir")
done
kernel_dir=${unpacked[0]}
vmlinuz=$(ls "$kernel_dir"/boot/vmlinuz-* | head -1)
modules_dir=$(ls -d "$kernel_dir"/lib/modules/*/ | head -1)

# The guest program, self-contained so the guest needs no SDK or runtime.
publish="$cache/work/guest"
say "publishing the guest program"
rm -rf "$publish"   # no leftovers from an older publish in the guest
nice -n 10 dotnet publish "$repo/tests/EsHa.IpvsGuest/EsHa.IpvsGuest.csproj" -c Release -r linux-x64 --self-contained \
  -o "$publish" -nologo -v q >&2

# The root file system, laid out afresh each run; its content decides which cached initramfs it is.
root="$cache/work/root"
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,proc,sys,dev,tmp,root,modules,opt/esha-guest,lib64,lib/x86_64-linux-gnu}
cp "${unpacked[1]}/bin/busybox" "$root/bin/busybox"
cp "$(find "${unpacked[2]}" -path '*sbin/ipvsadm' -type f | head -1)" "$root/sbin/ipvsadm"
cp -a "$publish/." "$root/opt/esha-guest/"
library_path=""
for dir in "${unpacked[@]:3}"; do library_path+="$dir/usr/lib/x86_64-linux-gnu:$dir/lib/x86_64-linux-gnu:"; done
# Shared libraries of ipvsadm and of the .NET runtime's native parts, resolved as the host's loader would.
for binary in "$root/sbin/ipvsadm" "$root/opt/esha-guest/EsHa.IpvsGuest" "$root"/opt/esha-guest/*.so; do
  { LD_LIBRARY_PATH="$library_path" ldd "$binary" 2>/dev/null || true; } | awk '/=> \//{print $3} /^\t\/lib64/{print $1}'
done | sort -u | while read -r library; do
  case "$library" in
    # ldd names the unpacked path for libraries from the .debs; the guest looks for them in the standard place.
    "$cache"/*) cp -L "$library" "$root/lib/x86_64-linux-gnu/" ;;
    *) mkdir -p "$root$(dirname "$library")" && cp -L "$library" "$root$library" ;;
  esac
done
# Debian 12's kernel has none of these built in; the .deb has no modules.dep, so the order is ours.
modules=(crc32c_generic libcrc32c nf_defrag_ipv4 nf_defrag_ipv6 nf_conntrack ip_vs ip_vs_rr ip_vs_wrr ip_vs_sh ip_vs_lc)
for module in "${modules[@]}"; do
  file=$(find "$modules_dir" -name "$module.ko*" | head -1)
  [ -n "$file" ] || { say "module $module not in $kernel_package"; exit 1; }
  case "$file" in
    *.ko.xz) xz -dc "$file" > "$root/modules/$module.ko" ;;
    *.ko.zst) zstd -qdc "$file" > "$root/modules/$module.ko" ;;
    *.ko.gz) gzip -dc "$file" > "$root/modules/$module.ko" ;;
    *) cp "$file" "$root/modules/$module.ko" ;;
  esac
done
cat > "$root/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin:/sbin HOME=/root DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_EnableDiagnostics=0
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for module in ${modules[*]}; do
  insmod /modules/\$module.ko || echo "GUEST MODULE \$module failed to load"
done
ip link set lo up
args=\$(sed -n 's/.*esha_guest=\([^ ]*\).*/\1/p' /proc/cmdline | tr , ' ')
echo "GUEST START \$(uname -r) \$args"
/opt/esha-guest/EsHa.IpvsGuest \$args 2>&1
echo "GUEST EXIT \$?"
poweroff -f
INIT
chmod +x "$root/init"

key=$(cd "$root" && find . -type f -o -type l | LC_ALL=C sort | tar -cf - --no-recursion --mtime=@0 --owner=0 --group=0 -T - | sha256sum | cut -c1-16)
initramfs="$cache/initramfs/$key.cpio"
if [ ! -f "$initramfs" ]; then
  say "building initramfs $key"
  (cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet > "$initramfs.tmp") && mv "$initramfs.tmp" "$initramfs"
  ls -t "$cache"/initramfs/*.cpio | tail -n +4 | xargs -r rm -f   # keep the three newest
else
  say "initramfs $key is cached"
fi

[ -n "$log" ] || log=$(mktemp --suffix=.ipvs-guest.log)
say "booting $(basename "$vmlinuz") under QEMU (TCG), log $log"
raw="$log.raw"
timeout -k 10 "$timeout_seconds" qemu-system-x86_64 -accel tcg -m 1536 -smp 2 -kernel "$vmlinuz" -initrd "$initramfs" \
  -append "console=ttyS0 panic=-1 quiet esha_guest=$guest_args" -nographic -no-reboot -nic none \
  < /dev/null > "$raw" 2>&1 &
qemu_timeout=$!
# timeout passes a TERM on to QEMU, so an interrupted run leaves no QEMU behind.
trap 'kill "$qemu_timeout" 2>/dev/null || true' EXIT INT TERM
tail -n +1 -f --pid="$qemu_timeout" "$raw" | tr -d '\r' | tee "$log"
wait "$qemu_timeout" || say "QEMU ended with status $?"
trap - EXIT INT TERM
rm -f "$raw"

if grep -Eq '^GUEST DONE [1-9][0-9]* ok 0 failed' "$log"; then
  exit 0
fi
say "the guest did not pass (see $log)"
exit 1
