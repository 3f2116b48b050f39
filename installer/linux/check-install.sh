#!/usr/bin/env bash
# Checks the Linux installer on this machine without touching the system: installs into a scratch
# root, then verifies the unit with systemd-analyze, the published binary, the folders and their
# modes, that a second install keeps the site's configuration, and that uninstall keeps data unless
# --purge. tests/DicomNode.Installer.Tests runs the same checks under dotnet test.
#
#   installer/linux/check-install.sh [--no-build] [--configuration C] [--keep]
#
# Needs: the .NET 10 SDK, and systemd-analyze (Debian package "systemd").
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
install_args=()
configuration=()
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) install_args+=(--no-build); shift ;;
    --configuration|-c) configuration=(--configuration "${2:?}"); shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "check-install.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done

command -v systemd-analyze >/dev/null || { echo "check-install.sh: systemd-analyze is missing (apt-get install systemd)" >&2; exit 2; }

root="$(mktemp -d /tmp/dicomnode-root.XXXXXX)"
if [ "$keep" -eq 0 ]; then trap 'rm -rf "$root"' EXIT; fi
passed=0
failed=0
check() { # check DESCRIPTION COMMAND...
  local what="$1"; shift
  if "$@"; then echo "ok: $what"; passed=$((passed + 1)); else echo "FAILED: $what"; failed=$((failed + 1)); fi
}
mode_is() { [ "$(stat -c %a "$2")" = "$1" ]; }

# systemd-analyze verify --root resolves the unit's dependencies (sysinit.target, network-online.target,
# ...) inside the root, and checks that ExecStart's binary exists there: give the scratch root a
# copy of this machine's system units, so that verify sees the installed binary and real targets.
"$here/install.sh" --root "$root" "${install_args[@]}" "${configuration[@]}" > "$root.install.log" 2>&1 || { cat "$root.install.log"; exit 1; }
mkdir -p "$root/usr/lib/systemd"
cp -a "$(dirname "$(readlink -f /lib/systemd/system/multi-user.target)")" "$root/usr/lib/systemd/system"

unit="$root/etc/systemd/system/dicomnode.service"
verify_output="$(systemd-analyze verify --root="$root" "$unit" 2>&1)" && verify_rc=0 || verify_rc=$?
echo "systemd-analyze verify: exit $verify_rc${verify_output:+, output:}"
[ -n "$verify_output" ] && echo "$verify_output"
# Unknown keys are only warnings (exit 0), so any output at all is a failure.
check "systemd-analyze verify passes with no warning" test "$verify_rc" -eq 0 -a -z "$verify_output"
systemd-analyze security --offline=yes --root="$root" "$unit" 2>&1 | tail -1

runs_help() { "$1" --help > /dev/null; }
check "the published dicomnode --help exits 0" runs_help "$root/opt/dicomnode/dicomnode"
check "configuration installed, mode 0640" mode_is 640 "$root/etc/dicomnode/appsettings.json"
check "configuration folder mode 0750" mode_is 750 "$root/etc/dicomnode"
check "data folder mode 0750" mode_is 750 "$root/var/lib/dicomnode"
check "log folder mode 0750" mode_is 750 "$root/var/log/dicomnode"
check "unit installed, mode 0644" mode_is 644 "$unit"
check "unit is the shipped one" cmp -s "$here/dicomnode.service" "$unit"

echo '{ "Node": { "AeTitle": "SITE_EDITED" } }' > "$root/etc/dicomnode/appsettings.json"
"$here/install.sh" --root "$root" --no-build "${configuration[@]}" --gpu --low-port > "$root.install2.log" 2>&1 || { cat "$root.install2.log"; exit 1; }
check "a second install keeps the site's configuration" grep -q SITE_EDITED "$root/etc/dicomnode/appsettings.json"
check "a second install writes the new default as .dist" cmp -s "$here/appsettings.json" "$root/etc/dicomnode/appsettings.json.dist"
verify_output="$(systemd-analyze verify --root="$root" "$unit" 2>&1)" && verify_rc=0 || verify_rc=$?
check "systemd-analyze verify passes with the GPU and low-port drop-ins" test "$verify_rc" -eq 0 -a -z "$verify_output"

touch "$root/var/lib/dicomnode/kept.marker"
"$here/uninstall.sh" --root "$root" > /dev/null
check "uninstall removes the program" test ! -e "$root/opt/dicomnode"
check "uninstall keeps the data" test -e "$root/var/lib/dicomnode/kept.marker"
"$here/uninstall.sh" --root "$root" --purge --yes > /dev/null
check "uninstall --purge removes the data" test ! -e "$root/var/lib/dicomnode"

rm -f "$root.install.log" "$root.install2.log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
