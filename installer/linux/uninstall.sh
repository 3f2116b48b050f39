#!/usr/bin/env bash
# Removes DicomNode installed by install.sh. The configuration, the data (received studies, the
# database, undelivered results) and the logs stay in place unless --purge is given.
#
#   sudo /opt/dicomnode/installer/linux/uninstall.sh              remove the program and the unit
#   sudo /opt/dicomnode/installer/linux/uninstall.sh --purge      also delete /etc/dicomnode,
#                                                                 /var/lib/dicomnode, /var/log/dicomnode
#                                                                 and the dicomnode user (asks first)
# Options:
#   --root DIR     uninstall from a scratch root made with install.sh --root DIR
#   --purge        delete configuration, data, logs and the service user as well
#   --yes          do not ask before --purge deletes data (needed without a terminal)
set -euo pipefail

service_user=dicomnode
root=/
purge=0
yes=0

die() { echo "uninstall.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --root) root="${2:?--root needs a folder}"; shift 2 ;;
    --root=*) root="${1#*=}"; shift ;;
    --purge) purge=1; shift ;;
    --yes|-y) yes=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done

[ -d "$root" ] || die "no such folder: $root"
root="$(cd "$root" && pwd)"
if [ "$root" = "/" ]; then
  prefix=""
  [ "$(id -u)" -eq 0 ] || die "uninstalling from / needs root (run with sudo)"
else
  prefix="$root"
fi

if [ "$purge" -eq 1 ] && [ "$yes" -eq 0 ]; then
  [ -t 0 ] || die "--purge deletes every received study and undelivered result; add --yes to confirm without a terminal"
  read -r -p "Delete ${prefix}/etc/dicomnode, ${prefix}/var/lib/dicomnode (all received and queued data) and ${prefix}/var/log/dicomnode? Type PURGE: " answer
  [ "$answer" = "PURGE" ] || die "nothing removed"
fi

if [ -z "$prefix" ] && command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
  systemctl disable --now dicomnode.service 2>/dev/null || true
fi

rm -f "$prefix/etc/systemd/system/dicomnode.service"
# Our drop-ins go; a site's own drop-ins (systemctl edit) stay unless purging.
rm -f "$prefix/etc/systemd/system/dicomnode.service.d/gpu.conf" "$prefix/etc/systemd/system/dicomnode.service.d/low-port.conf"
if [ "$purge" -eq 1 ]; then
  rm -rf "$prefix/etc/systemd/system/dicomnode.service.d"
else
  rmdir "$prefix/etc/systemd/system/dicomnode.service.d" 2>/dev/null || true
fi
if [ -z "$prefix" ] && command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
fi

rm -rf "$prefix/opt/dicomnode"
# The PATH link, only if it is ours.
if [ "$(readlink "$prefix/usr/local/bin/dicomnode" 2>/dev/null)" = /opt/dicomnode/dicomnode ]; then
  rm -f "$prefix/usr/local/bin/dicomnode"
fi
echo "removed ${prefix}/opt/dicomnode and the dicomnode unit"

if [ "$purge" -eq 1 ]; then
  rm -rf "$prefix/etc/dicomnode" "$prefix/var/lib/dicomnode" "$prefix/var/log/dicomnode"
  echo "purged ${prefix}/etc/dicomnode, ${prefix}/var/lib/dicomnode and ${prefix}/var/log/dicomnode"
  if [ -z "$prefix" ] && getent passwd "$service_user" >/dev/null; then
    userdel "$service_user"
    echo "removed system user $service_user"
  fi
else
  echo "kept ${prefix}/etc/dicomnode, ${prefix}/var/lib/dicomnode and ${prefix}/var/log/dicomnode (remove them with --purge)"
fi
