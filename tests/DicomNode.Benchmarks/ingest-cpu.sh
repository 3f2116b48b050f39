#!/usr/bin/env bash
# CPU per received instance of `dicomnode serve`, fresh and warm (issue 23): one node process receives series A
# (500 instances, one association; a fresh process, start-up and compilation included), then series B (the same
# instances with a new study, series and SOP Instance UIDs: warm, nothing compiled any more). Prints the process's CPU
# seconds (user + system, /proc/PID/stat) per instance for each, and the wall time of each send.
# Usage: tests/DicomNode.Benchmarks/ingest-cpu.sh DICOMNODE_DIR SERIES_A SERIES_B   (run as root: unshare -n)
# SERIES_A from `DicomNode.Benchmarks --generate DIR 500`; SERIES_B a copy renamed with e.g.
#   dcmodify -nb -m "(0020,000d)=NEW_STUDY" -m "(0020,000e)=NEW_SERIES" -gin DIR/*.dcm
set -euo pipefail
if [ -z "${INGEST_CPU_INNER:-}" ]; then
  export INGEST_CPU_INNER=1
  exec unshare -n -- bash -c 'ip link set lo up && exec bash "$0" "$@"' "$0" "$@"
fi
node=$1 a=$2 b=$3 port=11120
data=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$data"' EXIT
export TCP_NODELAY=1
echo '{ "AcceptedCallers": [ { "AeTitle": "BENCH" } ] }' >"$data/appsettings.json"
"$node/dicomnode" serve --aet DICOMNODE --bind 127.0.0.1 --port $port --data "$data" --http-port 0 >"$data.log" 2>&1 &
pid=$!
for _ in $(seq 400); do echoscu -aet BENCH -aec DICOMNODE 127.0.0.1 $port >/dev/null 2>&1 && break; sleep 0.05; done
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13) / hz }' "/proc/$pid/stat"; }
before=$(cpu)
for series in "$a" "$b"; do
  count=$(ls "$series"/*.dcm | wc -l)
  start=$(date +%s.%N)
  storescu -R -aet BENCH -aec DICOMNODE 127.0.0.1 $port +sd "$series" >/dev/null 2>&1
  end=$(date +%s.%N)
  after=$(cpu)
  printf '%s: %d instances in %.3f s, %.2f ms CPU per instance (%s), load %s\n' "$(basename "$series")" "$count" \
    "$(echo "$end - $start" | bc -l)" "$(echo "($after - $before) * 1000 / $count" | bc -l)" \
    "$([ "$series" = "$a" ] && echo "fresh: start-up, echo and compilation included" || echo warm)" "$(cut -d' ' -f1-3 /proc/loadavg)"
  before=$after
done
stored=$(find "$data/inbox" -name '*.dcm' | wc -l)
echo "stored: $stored"
rm -f "$data.log"
