#!/usr/bin/env bash
# Screenshots of the node's results in OHIF 3.13.2 (the @ohif/app npm build), served against Orthanc with its
# DICOMweb plugin, in headless Chromium: the SEG overlays on their source series, the SR opened and hydrated into the
# measurement panel, and the key images and PDF when present. See docs/viewers.md.
#
#   tools/viewers/ohif-screenshots.sh [--input DIR] [--seed N] [--profile ge|philips|siemens] [--out DIR] [--work DIR]
#
#   --input DIR   a folder with one study's source images and the node's results (DICOM files, any depth); without
#                 it a phantom (seed 8081, GE profile unless told) is generated and analysed with the dicomnode CLI
#   --out DIR     where the PNGs go (default docs/viewers)
#   --work DIR    scratch folder (default a new /tmp/ohif-screenshots.XXXX); the log is WORK/ohif-screenshots.log
#   OHIF_STEPS=seg,sr,other   (environment) the steps to run, all by default
#   OHIF_PATIENCE=N           (environment) multiply every browser timeout by N on a loaded machine (default 1)
#
# Needs: node and npm (the registry, for the first run), Orthanc and orthanc-dicomweb, chromium, curl, root for a
# loopback-only network namespace (Orthanc listens on every interface; there it reaches nothing but loopback).
set -euo pipefail

OHIF_VERSION=3.13.2
# sha1 of @ohif/app-3.13.2.tgz as the registry publishes it (npm view @ohif/app@3.13.2 dist.shasum)
OHIF_SHASUM=26a51ffcc1704c30fff403258a1d7392e9a991f3
ORTHANC_HTTP=8042
WEB_PORT=3000

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

step() { echo "[$(date -u +%H:%M:%S)] $*"; }
die() { echo "error: $*" >&2; exit 1; }

# ------------------------------------------------------------------------------------------- inside the namespace
if [ "${1:-}" = "--inside-namespace" ]; then
  work="$2"
  ip link set lo up
  pids=()
  cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
  trap cleanup EXIT

  step "starting Orthanc $(Orthanc --version | head -1 | awk '{print $2}') with the DICOMweb plugin (log: $work/orthanc.log)"
  Orthanc "$work/orthanc.json" >"$work/orthanc.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 60); do
    curl -sf "http://127.0.0.1:$ORTHANC_HTTP/system" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -sf "http://127.0.0.1:$ORTHANC_HTTP/system" >/dev/null || { tail -20 "$work/orthanc.log"; die "Orthanc did not start in 30 s"; }
  curl -sf "http://127.0.0.1:$ORTHANC_HTTP/plugins" | grep -q dicom-web || die "Orthanc runs without the DICOMweb plugin (see $work/orthanc.log)"

  uploaded=0
  while IFS= read -r -d '' file; do
    # Part 10 files only: 'DICM' at offset 128.
    [ "$(dd if="$file" bs=1 skip=128 count=4 2>/dev/null)" = "DICM" ] || continue
    curl -sf --max-time 60 -X POST --data-binary @"$file" "http://127.0.0.1:$ORTHANC_HTTP/instances" >/dev/null || die "Orthanc refused $file"
    uploaded=$((uploaded + 1))
  done < <(find -L "$work/input" -type f -print0 | sort -z)
  step "uploaded $uploaded DICOM files"
  curl -sf "http://127.0.0.1:$ORTHANC_HTTP/series?expand" | node -e '
    let s = ""; process.stdin.on("data", d => (s += d)).on("end", () => {
      for (const x of JSON.parse(s)) console.log(`    ${(x.MainDicomTags.Modality ?? "").padEnd(4)} #${x.MainDicomTags.SeriesNumber ?? ""} ${x.MainDicomTags.SeriesDescription ?? ""} (${x.Instances.length} instances)`);
    });'
  study="$(curl -sf "http://127.0.0.1:$ORTHANC_HTTP/studies?expand" | node -e '
    let s = ""; process.stdin.on("data", d => (s += d)).on("end", () => {
      const studies = JSON.parse(s);
      if (studies.length !== 1) { console.error(`expected one study, Orthanc holds ${studies.length}`); process.exit(1); }
      console.log(studies[0].MainDicomTags.StudyInstanceUID);
    });')"
  step "study $study"

  step "serving OHIF $OHIF_VERSION on http://127.0.0.1:$WEB_PORT/ (log: $work/serve.log)"
  node "$here/serve.mjs" --dist "$work/ohif/dist" --config "$work/app-config.js" --port "$WEB_PORT" \
    --orthanc "http://127.0.0.1:$ORTHANC_HTTP" >"$work/serve.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 40); do
    curl -sf "http://127.0.0.1:$WEB_PORT/app-config.js" >/dev/null 2>&1 && break
    sleep 0.25
  done
  curl -sf "http://127.0.0.1:$WEB_PORT/dicom-web/studies" >/dev/null || die "the proxy does not reach Orthanc's DICOMweb root"

  step "headless Chromium: $(chromium --version 2>/dev/null | head -1)"
  status=0
  timeout $((900 * ${OHIF_PATIENCE:-1})) node "$here/shoot.mjs" --url "http://127.0.0.1:$WEB_PORT" --study "$study" --out "$work/shots" \
    --profile "$work/chromium-profile" --steps "${OHIF_STEPS:-seg,sr,other}" --patience "${OHIF_PATIENCE:-1}" || status=$?
  [ "$status" -eq 0 ] || echo "error: the browser session failed (exit $status; 124: ran past 15 minutes); the screenshots it took are kept" >&2
  exit "$status"
fi

# ------------------------------------------------------------------------------------------- outside: preparation
input=""
seed=8081
profile=ge
out="$repo/docs/viewers"
work=""
while [ $# -gt 0 ]; do
  case "$1" in
    --input) input="$(cd "$2" && pwd)"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --profile) profile="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done
[ -n "$work" ] || work="$(mktemp -d /tmp/ohif-screenshots.XXXX)"
mkdir -p "$work" "$out"
out="$(cd "$out" && pwd)"
exec > >(tee -a "$work/ohif-screenshots.log") 2>&1
step "work folder $work"

for tool in node npm Orthanc chromium curl unshare ip; do
  command -v "$tool" >/dev/null || die "$tool is not installed (apt: nodejs npm orthanc orthanc-dicomweb chromium curl util-linux iproute2)"
done
plugin="$(ls /usr/lib/orthanc/libOrthancDicomWeb.so* 2>/dev/null | head -1)"
[ -n "$plugin" ] || die "the Orthanc DICOMweb plugin is not installed (apt install orthanc-dicomweb)"
[ "$(id -u)" -eq 0 ] && unshare -n true 2>/dev/null || die "needs root for a loopback-only network namespace (unshare -n)"

if [ ! -d "$here/node_modules/ws" ]; then
  step "npm ci --prefix tools/viewers"
  npm ci --prefix "$here" --no-audit --no-fund --ignore-scripts
fi

cache="$here/.cache/ohif-app-$OHIF_VERSION"
if [ ! -f "$cache/dist/index.html" ]; then
  step "fetching @ohif/app@$OHIF_VERSION (about 50 MB) into $cache"
  rm -rf "$cache.partial" && mkdir -p "$cache.partial"
  (cd "$cache.partial" && npm pack "@ohif/app@$OHIF_VERSION" --silent >/dev/null)
  tarball="$cache.partial/ohif-app-$OHIF_VERSION.tgz"
  [ "$(sha1sum "$tarball" | cut -d' ' -f1)" = "$OHIF_SHASUM" ] || die "@ohif/app-$OHIF_VERSION.tgz does not have the published sha1 $OHIF_SHASUM"
  tar -xzf "$tarball" -C "$cache.partial" --strip-components=1 package/dist
  rm -f "$tarball"
  rm -rf "$cache" && mv "$cache.partial" "$cache"
fi
ln -sfn "$cache" "$work/ohif"

rm -rf "$work/input" && mkdir -p "$work/input"
if [ -n "$input" ]; then
  ln -s "$input" "$work/input/study"
else
  cli="$repo/src/DicomNode.Service/bin/Release/net10.0/dicomnode"
  if [ ! -x "$cli" ]; then
    step "building the dicomnode CLI"
    dotnet build "$repo/src/DicomNode.Service" -c Release -v q >/dev/null
  fi
  step "dicomnode phantom --seed $seed --profile $profile"
  "$cli" phantom --seed "$seed" --profile "$profile" --out "$work/phantom"
  subject="$(printf '%s/phantom/phantom-%04d' "$work" "$seed")"
  step "dicomnode analyze $subject (demonstration models, not for clinical use)"
  "$cli" analyze "$subject" --out "$work/results"
  ln -s "$subject/dicom" "$work/input/source"
  ln -s "$work/results" "$work/input/results"
fi

cat >"$work/orthanc.json" <<EOF
{
  "Name": "DicomNode viewer bench",
  "StorageDirectory": "$work/orthanc-db",
  "IndexDirectory": "$work/orthanc-db",
  "HttpPort": $ORTHANC_HTTP,
  "DicomPort": 4242,
  "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false,
  "StableAge": 1,
  "Plugins": ["$plugin"],
  "DicomWeb": {
    "Enable": true,
    "Root": "/dicom-web/",
    "EnableWado": true,
    "WadoRoot": "/wado",
    "Ssl": false,
    "StudiesMetadata": "Full",
    "SeriesMetadata": "Full"
  }
}
EOF

cat >"$work/app-config.js" <<EOF
/** OHIF $OHIF_VERSION against the local Orthanc, through the same-origin proxy of serve.mjs (viewer bench). */
window.config = {
  routerBasename: '/',
  extensions: [],
  modes: [],
  showStudyList: true,
  maxNumberOfWebWorkers: 2,
  showWarningMessageForCrossOrigin: false,
  showCPUFallbackMessage: false,
  showLoadingIndicator: true,
  strictZSpacingForVolumeViewport: true,
  showErrorDetails: 'always',
  defaultDataSourceName: 'orthanc',
  investigationalUseDialog: { option: 'never' },
  dataSources: [
    {
      namespace: '@ohif/extension-default.dataSourcesModule.dicomweb',
      sourceName: 'orthanc',
      configuration: {
        friendlyName: 'Orthanc (viewer bench)',
        name: 'orthanc',
        wadoUriRoot: 'http://127.0.0.1:$WEB_PORT/wado',
        qidoRoot: 'http://127.0.0.1:$WEB_PORT/dicom-web',
        wadoRoot: 'http://127.0.0.1:$WEB_PORT/dicom-web',
        qidoSupportsIncludeField: false,
        imageRendering: 'wadors',
        thumbnailRendering: 'wadors',
        enableStudyLazyLoad: true,
        supportsFuzzyMatching: false,
        supportsWildcard: true,
        omitQuotationForMultipartRequest: true,
        bulkDataURI: { enabled: true },
      },
    },
  ],
};
EOF

step "Orthanc, the web server and Chromium in a loopback-only network namespace"
session=0
unshare -n -- bash "$0" --inside-namespace "$work" || session=$?

shopt -s nullglob
shots=("$work"/shots/*.png)
[ ${#shots[@]} -gt 0 ] || die "no screenshots were taken (see $work/ohif-screenshots.log)"
cp "${shots[@]}" "$out/"
step "${#shots[@]} screenshots copied to $out; log: $work/ohif-screenshots.log"
[ "$session" -eq 0 ] || die "the viewer session did not finish (exit $session): some screenshots are missing, see the log"
