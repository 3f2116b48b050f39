#!/usr/bin/env bash
# Installs (or upgrades) DicomNode as a systemd service.
#
#   sudo installer/linux/install.sh                 publish from this source tree and install into /
#   installer/linux/install.sh --root /tmp/stage    everything lands under /tmp/stage (no user, no systemctl)
#
# Options:
#   --root DIR          install under DIR instead of / (implies --no-user and --no-systemctl)
#   --no-user           do not create the dicomnode system user (and do not chown)
#   --no-systemctl      do not run systemctl (daemon-reload, try-restart)
#   --from DIR          install an already published folder instead of running dotnet publish
#   --self-contained    publish with its own .NET runtime for this machine's architecture
#   --no-build          pass --no-build to dotnet publish (the solution is already built)
#   --configuration C   build configuration to publish (default Release)
#   --gpu               also install the GPU drop-in (dropins/gpu.conf)
#   --low-port          also install the drop-in that allows a port below 1024 (dropins/low-port.conf)
#
# What goes where (under the root):
#   /opt/dicomnode/                     the published node (root:root 0755), replaced whole on upgrade
#   /opt/dicomnode/installer/           this installer, its README and uninstall.sh
#   /etc/dicomnode/appsettings.json     configuration (root:dicomnode 0640), never overwritten:
#                                       a newer default is written beside it as appsettings.json.dist
#   /etc/dicomnode/dicomnode.env        environment for the unit (DOTNET_ROOT, DICOMNODE_ overrides)
#   /var/lib/dicomnode/                 data: inbox, database, outbox (dicomnode:dicomnode 0750)
#   /var/log/dicomnode/                 log files (dicomnode:dicomnode 0750)
#   /etc/systemd/system/dicomnode.service (0644) and dicomnode.service.d/ drop-ins
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
service_user=dicomnode

root=/
make_user=1
use_systemctl=1
from=""
self_contained=0
no_build=0
configuration=Release
gpu=0
low_port=0

die() { echo "install.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --root) root="${2:?--root needs a folder}"; shift 2 ;;
    --root=*) root="${1#*=}"; shift ;;
    --no-user) make_user=0; shift ;;
    --no-systemctl) use_systemctl=0; shift ;;
    --from) from="${2:?--from needs a folder}"; shift 2 ;;
    --from=*) from="${1#*=}"; shift ;;
    --self-contained) self_contained=1; shift ;;
    --no-build) no_build=1; shift ;;
    --configuration|-c) configuration="${2:?--configuration needs a name}"; shift 2 ;;
    --gpu) gpu=1; shift ;;
    --low-port) low_port=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done

mkdir -p "$root"
root="$(cd "$root" && pwd)"
if [ "$root" != "/" ]; then
  # A scratch root is a staging area or a test: the host's users and systemd are not ours to change.
  make_user=0
  use_systemctl=0
  prefix="$root"
else
  prefix=""
  [ "$(id -u)" -eq 0 ] || die "installing into / needs root (run with sudo), or use --root DIR"
fi

opt="$prefix/opt/dicomnode"
etc="$prefix/etc/dicomnode"
data="$prefix/var/lib/dicomnode"
logs="$prefix/var/log/dicomnode"
units="$prefix/etc/systemd/system"

# 1. The service user: a system account with no login shell and no home of its own.
if [ "$make_user" -eq 1 ] && ! getent passwd "$service_user" >/dev/null; then
  nologin="$(command -v nologin || echo /usr/sbin/nologin)"
  useradd --system --user-group --home-dir /var/lib/dicomnode --no-create-home \
    --shell "$nologin" --comment "DicomNode DICOM AI node" "$service_user"
  echo "created system user $service_user"
fi
# Files are given to the service user only where it exists (never in a scratch root with --no-user).
if [ "$make_user" -eq 1 ] || { [ "$root" = "/" ] && getent passwd "$service_user" >/dev/null; }; then
  owner_known=1
else
  owner_known=0
fi
own() { # same arguments as chown
  if [ "$owner_known" -eq 1 ]; then chown "$@"; fi
}

# 2. Publish into a staging folder beside the target, then swap it in, so that an upgrade never leaves
#    files of the previous version behind and a failed publish leaves the installed node untouched.
mkdir -p "$(dirname "$opt")"
staging="$(mktemp -d "$opt.new.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
if [ -n "$from" ]; then
  [ -x "$from/dicomnode" ] || die "--from $from holds no dicomnode executable"
  cp -a "$from/." "$staging/"
else
  command -v dotnet >/dev/null || die "dotnet (the .NET 10 SDK) is needed to publish; or give --from DIR"
  publish=(dotnet publish "$repo/src/DicomNode.Service/DicomNode.Service.csproj" -c "$configuration" -o "$staging" --nologo -v quiet)
  case "$(uname -m)" in
    x86_64) rid=linux-x64 ;;
    aarch64|arm64) rid=linux-arm64 ;;
    *) rid= ;;
  esac
  if [ "$self_contained" -eq 1 ]; then
    [ -n "$rid" ] || die "no .NET runtime identifier known for $(uname -m)"
    publish+=(-r "$rid" --self-contained true)
  elif [ -n "$rid" ] && [ "$no_build" -eq 0 ]; then
    # For a runtime identifier the project publishes ReadyToRun: a fresh node starts without compiling (issue 23).
    publish+=(-r "$rid" --self-contained false)
  else
    publish+=(--self-contained false)
  fi
  [ "$no_build" -eq 1 ] && publish+=(--no-build)
  echo "publishing: ${publish[*]}"
  "${publish[@]}"
fi
[ -x "$staging/dicomnode" ] || die "the published folder has no dicomnode executable"
mkdir -p "$staging/installer/linux/dropins"
cp "$here/dicomnode.service" "$here/install.sh" "$here/uninstall.sh" "$here/appsettings.json" "$staging/installer/linux/"
cp "$here"/dropins/*.conf "$staging/installer/linux/dropins/"
[ -f "$here/../README.md" ] && cp "$here/../README.md" "$staging/installer/README.md"
chmod -R u=rwX,go=rX "$staging"
chmod 0755 "$staging/dicomnode" "$staging/installer/linux/install.sh" "$staging/installer/linux/uninstall.sh"
own -R root:root "$staging"
if [ -d "$opt" ]; then
  mv "$opt" "$staging.old"
  mv "$staging" "$opt"
  rm -rf "$staging.old"
  echo "upgraded $opt"
else
  mv "$staging" "$opt"
  echo "installed $opt"
fi
trap - EXIT

# 3. Configuration: the site's file is never overwritten.
install -d -m 0750 "$etc"
own root:"$service_user" "$etc"
if [ -e "$etc/appsettings.json" ]; then
  install -m 0640 "$here/appsettings.json" "$etc/appsettings.json.dist"
  own root:"$service_user" "$etc/appsettings.json.dist"
  if cmp -s "$etc/appsettings.json" "$etc/appsettings.json.dist"; then
    rm -f "$etc/appsettings.json.dist"
  else
    echo "kept $etc/appsettings.json; the new default is beside it as appsettings.json.dist"
  fi
else
  install -m 0640 "$here/appsettings.json" "$etc/appsettings.json"
  own root:"$service_user" "$etc/appsettings.json"
  echo "wrote $etc/appsettings.json"
fi

# The unit reads this file for its environment: where the .NET runtime is (a framework-dependent
# install), and any DICOMNODE_Section__Key overrides the site adds. Written once, then the site's.
if [ ! -e "$etc/dicomnode.env" ]; then
  {
    echo "# Environment of dicomnode.service (KEY=value lines). Written once by install.sh, then yours."
    echo "# Configuration overrides use DICOMNODE_Section__Key, e.g. DICOMNODE_Node__Port=11112."
    if [ "$self_contained" -eq 0 ] && command -v dotnet >/dev/null; then
      echo "DOTNET_ROOT=$(dirname "$(readlink -f "$(command -v dotnet)")")"
    fi
  } > "$etc/dicomnode.env"
  chmod 0640 "$etc/dicomnode.env"
  own root:"$service_user" "$etc/dicomnode.env"
fi
if [ "$self_contained" -eq 0 ] && [ -z "$from" ]; then
  dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  case "$dotnet_root" in
    /home/*|/root/*|/root) echo "warning: the .NET runtime is under $dotnet_root, which ProtectHome=yes hides from the service;" \
      "install .NET system-wide (e.g. /usr/share/dotnet) or use --self-contained" >&2 ;;
  esac
fi

# 4. Data and logs belong to the service user, and to nobody else.
install -d -m 0750 "$data" "$logs"
own "$service_user:$service_user" "$data" "$logs"

# 5. The unit and the drop-ins asked for. Site drop-ins (systemctl edit) are left alone.
install -d -m 0755 "$units"
install -m 0644 "$here/dicomnode.service" "$units/dicomnode.service"
own root:root "$units/dicomnode.service"
for dropin in gpu low-port; do
  wanted=0
  [ "$dropin" = gpu ] && wanted=$gpu
  [ "$dropin" = low-port ] && wanted=$low_port
  if [ "$wanted" -eq 1 ]; then
    install -d -m 0755 "$units/dicomnode.service.d"
    install -m 0644 "$here/dropins/$dropin.conf" "$units/dicomnode.service.d/$dropin.conf"
    echo "installed drop-in $units/dicomnode.service.d/$dropin.conf"
  fi
done

# 5b. `dicomnode` on PATH for the service engineer (it finds /etc/dicomnode/appsettings.json by itself).
install -d -m 0755 "$prefix/usr/local/bin"
ln -sfn /opt/dicomnode/dicomnode "$prefix/usr/local/bin/dicomnode"
echo "linked $prefix/usr/local/bin/dicomnode -> /opt/dicomnode/dicomnode"

if [ "$use_systemctl" -eq 1 ] && command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  # An upgrade takes effect at once where the node was running; a new install waits for the site.
  systemctl try-restart dicomnode.service
fi

# 6. Check that what we installed runs at all.
if ! "$opt/dicomnode" --help >/dev/null 2>&1; then
  echo "warning: $opt/dicomnode --help failed; is the .NET 10 runtime installed (or use --self-contained)?" >&2
fi

cat <<EOF

DicomNode is installed under ${root}.
Next steps:
  1. Edit ${etc}/appsettings.json: Node:AeTitle, Node:Port, AcceptedCallers, Destinations, Routing.
  2. systemctl enable --now dicomnode
  3. systemctl status dicomnode; journalctl -u dicomnode -f; logs also in ${logs}
  4. curl http://localhost:8080/health   (Http:Port in the configuration)
  5. dicomnode echo <host> <port> --aec <AE> to check a destination answers; dicomnode --help for the rest.
EOF
if [ "$root" != "/" ]; then
  echo "(scratch root: no user was created and systemctl was not run; owners were left as they are)"
fi
# JPEG-LS and JPEG 2000 are decoded by native libraries (Debian packages libcharls2 and libopenjp2-7);
# without them the node still runs but does not accept those transfer syntaxes.
for lib in libcharls.so.2:libcharls2 libopenjp2.so.7:libopenjp2-7; do
  if ! ldconfig -p 2>/dev/null | grep -q "${lib%%:*}"; then
    echo "note: ${lib%%:*} not found: apt-get install ${lib##*:} to accept that compressed transfer syntax"
  fi
done
