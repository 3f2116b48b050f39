#!/usr/bin/env bash
# Runs the whole test suite. Build first (it may fetch packages), then the tests inside a
# loopback-only network namespace when we can make one: the DICOM peers the tests start
# (storescp, Orthanc) listen on every interface, and there they reach nothing but loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
configuration="${CONFIGURATION:-Release}"
dotnet build DicomNode.sln -c "$configuration"
# The viewer bench (tests/viewers: dcmjs and the Cornerstone3D adapters at OHIF's versions), pinned by its lock file.
if [ ! -d tests/viewers/node_modules ]; then
  npm ci --prefix tests/viewers --no-audit --no-fund --ignore-scripts
fi
# DCMTK tools leave Nagle's algorithm on unless told; every small PDU would wait ~40 ms.
export TCP_NODELAY=1
test_command=(dotnet test DicomNode.sln -c "$configuration" --no-build "$@")
if [ "$(id -u)" -eq 0 ] && unshare -n true 2>/dev/null; then
  exec unshare -n -- bash -c 'ip link set lo up && exec "$@"' bash "${test_command[@]}"
fi
echo "note: no network namespace available; running the tests in the current one" >&2
exec "${test_command[@]}"
