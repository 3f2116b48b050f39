#!/usr/bin/env bash
# Fetches the native ONNX Runtime library from the npm package onnxruntime-node and unpacks the
# shared libraries of every platform it ships into a cache folder, one folder per .NET runtime
# identifier:
#
#   fetch-onnxruntime.sh VERSION CACHE_DIR
#   -> CACHE_DIR/linux-x64/libonnxruntime.so.1, CACHE_DIR/win-x64/onnxruntime.dll, ...
#
# Only `npm pack` is used: it downloads the tarball and checks it against the registry's integrity
# hash, and it runs none of the package's scripts (the postinstall script would download more).
set -euo pipefail

version="${1:?usage: fetch-onnxruntime.sh VERSION CACHE_DIR}"
cache_dir="${2:?usage: fetch-onnxruntime.sh VERSION CACHE_DIR}"
package="onnxruntime-node@${version}"

fail() {
  echo "fetch-onnxruntime: $*" >&2
  echo "fetch-onnxruntime: alternatively set DICOMNODE_ONNXRUNTIME_PATH to an ONNX Runtime ${version} shared library (libonnxruntime.so.1 or onnxruntime.dll) and build again" >&2
  exit 1
}

command -v npm >/dev/null 2>&1 || fail "npm is not on PATH; it is needed once to download ${package}"
command -v tar >/dev/null 2>&1 || fail "tar is not on PATH"

mkdir -p "$cache_dir"
work="$(mktemp -d "${cache_dir%/}/.fetch.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "fetch-onnxruntime: npm pack ${package}"
(cd "$work" && npm pack "$package" --ignore-scripts --silent >/dev/null) || fail "npm pack ${package} failed (no network or no registry?)"
tarball="$(ls "$work"/onnxruntime-node-*.tgz 2>/dev/null | head -n 1)"
[ -n "$tarball" ] || fail "npm pack produced no tarball"

tar -xzf "$tarball" -C "$work" package/bin/napi-v6 || fail "the tarball has no package/bin/napi-v6 folder"

# npm's os/arch names -> .NET runtime identifiers.
found=0
for platform_dir in "$work"/package/bin/napi-v6/*/*/; do
  os="$(basename "$(dirname "$platform_dir")")"
  arch="$(basename "$platform_dir")"
  case "$os" in
    linux) rid_os=linux ;;
    win32) rid_os=win ;;
    darwin) rid_os=osx ;;
    *) continue ;;
  esac
  rid="${rid_os}-${arch}"
  staging="$work/out/$rid"
  mkdir -p "$staging"
  for file in "$platform_dir"*; do
    name="$(basename "$file")"
    # The Node.js binding is of no use to .NET; keep the native runtime and its DirectML companions.
    case "$name" in
      *.node) continue ;;
    esac
    cp "$file" "$staging/"
  done
  rm -rf "${cache_dir%/}/$rid"
  mv "$staging" "${cache_dir%/}/$rid"
  echo "fetch-onnxruntime: ${cache_dir%/}/$rid"
  found=1
done
[ "$found" = 1 ] || fail "no platform folders under package/bin/napi-v6"
