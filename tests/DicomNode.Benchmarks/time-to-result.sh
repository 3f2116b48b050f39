#!/usr/bin/env bash
# Time to result and peak memory of `dicomnode serve` analysing synthetic phantom studies with the bundled
# demonstration models (trained on synthetic phantoms; not for clinical use). One phantom study per round (seeds
# 10001, 10002, ...) is sent with storescu to one running node; the node sends its SEGs and SR to a storescp. Each
# round is timed from storescu's exit (the last instance acknowledged) to the SR's arrival, less the quiet period;
# the node's VmRSS and VmHWM are read from /proc after each round. Runs inside a loopback-only network namespace.
# Usage: tests/DicomNode.Benchmarks/time-to-result.sh [ROUNDS]   (default 5; needs dcmtk, bc, and root for
#        `unshare -n`). DICOMNODE_DIR=FOLDER uses an already built dicomnode (e.g. to compare two builds) instead
#        of building src/DicomNode.Service.
set -euo pipefail

rounds=${1:-5}
node_port=11122
scp_port=11123
quiet=2

if [ -n "${TIME_TO_RESULT_WORK:-}" ]; then
  work=$TIME_TO_RESULT_WORK
  export TCP_NODELAY=1
  listening() { awk -v p="$(printf ':%04X' "$1")" '$4 == "0A" && substr($2, length($2) - 4) == p { found = 1 } END { exit !found }' /proc/net/tcp /proc/net/tcp6; }
  wait_listening() {
    for _ in $(seq 600); do listening "$1" && return 0; kill -0 "$2" 2>/dev/null || break; sleep 0.05; done
    echo "nothing listens on port $1" >&2; return 1
  }
  median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
  kib() { awk -v k="$2" '$1 == k":" { print $2 }' "/proc/$1/status"; }

  mkdir -p "$work/received" "$work/data"
  cat >"$work/node.json" <<EOF
{
  "Node": { "AeTitle": "NODE", "Port": $node_port, "BindAddress": "127.0.0.1", "DataDirectory": "$work/data" },
  "StudyAssembly": { "QuietPeriodSeconds": $quiet },
  "Jobs": { "Pipeline": "analysis" },
  "Outbox": { "InitialRetrySeconds": 1, "MaxRetrySeconds": 2 },
  "Inbox": { "MinimumFreeMegabytes": 0 },
  "Http": { "Port": 0 },
  "AcceptAnyCaller": true,
  "Destinations": [ { "Name": "SCP", "AeTitle": "STORESCP", "Host": "127.0.0.1", "Port": $scp_port } ],
  "Routing": { "DefaultDestination": "SCP" }
}
EOF
  storescp -aet STORESCP -od "$work/received" "$scp_port" >"$work/storescp.log" 2>&1 &
  scp=$!
  "$work/dicomnode/dicomnode" serve --config "$work/node.json" >"$work/serve.log" 2>&1 &
  node=$!
  trap 'kill $node $scp 2>/dev/null || true; wait 2>/dev/null || true' EXIT
  wait_listening "$scp_port" "$scp"
  wait_listening "$node_port" "$node" || { cat "$work/serve.log" >&2; exit 1; }
  idle=$(kib "$node" VmRSS)
  : >"$work/times"
  for round in $(seq "$rounds"); do
    study=$(ls -d "$work"/phantoms/phantom-* | sed -n "${round}p")
    storescu -aet BENCH -aec NODE +sd +r 127.0.0.1 "$node_port" "$study/dicom" >"$work/storescu.log" 2>&1 \
      || { cat "$work/storescu.log" >&2; exit 1; }
    start=$(date +%s.%N)
    # storescp names an SR SR.<SOP Instance UID> or SRe.<…> (Enhanced SR); one SR per study.
    for _ in $(seq 6000); do
      [ "$(find "$work/received" -name 'SR*' | wc -l)" -ge "$round" ] && break
      kill -0 "$node" 2>/dev/null || { tail -20 "$work/serve.log" >&2; exit 1; }
      sleep 0.05
    done
    end=$(date +%s.%N)
    [ "$(find "$work/received" -name 'SR*' | wc -l)" -ge "$round" ] || { echo "no SR for $study after 300 s" >&2; tail -20 "$work/serve.log" >&2; exit 1; }
    seconds=$(echo "$end - $start - $quiet" | bc -l)
    echo "$seconds" >>"$work/times"
    printf 'round %d (%s): time to result %.2f s (quiet period of %d s excluded); node VmRSS %d MiB, VmHWM %d MiB; load %s\n' \
      "$round" "$(basename "$study")" "$seconds" "$quiet" "$(( $(kib "$node" VmRSS) / 1024 ))" "$(( $(kib "$node" VmHWM) / 1024 ))" \
      "$(cut -d' ' -f1-3 /proc/loadavg)"
  done
  echo
  printf 'median time to result over %d studies: %.2f s; node VmRSS idle before the first study %d MiB, peak (VmHWM) %d MiB\n' \
    "$rounds" "$(median <"$work/times")" "$(( idle / 1024 ))" "$(( $(kib "$node" VmHWM) / 1024 ))"
  grep -ho 'Study analysed: .*' "$work/serve.log" | sed 's/^/  /' || true
  [ -n "${TIME_TO_RESULT_LOG:-}" ] && cp "$work/serve.log" "$TIME_TO_RESULT_LOG"
  exit 0
fi

root=$(cd "$(dirname "$0")/../.." && pwd)
for tool in storescu storescp bc; do
  command -v "$tool" >/dev/null || { echo "$tool not found (apt-get install dcmtk bc)" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -n "${DICOMNODE_DIR:-}" ]; then
  cp -r "$DICOMNODE_DIR" "$work/dicomnode"
else
  dotnet build -c Release "$root/src/DicomNode.Service" -o "$work/dicomnode" >/dev/null
fi
"$work/dicomnode/dicomnode" phantom --seed 10001 --count "$rounds" --out "$work/phantoms" >/dev/null

export TIME_TO_RESULT_WORK=$work
if [ "$(id -u)" -eq 0 ] && unshare -n true 2>/dev/null; then
  unshare -n -- bash -c 'ip link set lo up && exec bash "$0" "$1"' "$0" "$rounds"
else
  echo "note: no network namespace available; storescp listens on every interface for the run" >&2
  bash "$0" "$rounds"
fi
