#!/usr/bin/env bash
# Compares receiving a 500-instance MR series (256x256, 16-bit, Explicit VR Little Endian) over one
# association from DCMTK's storescu: `dicomnode serve` against DCMTK's storescp, in alternating rounds,
# each receiver starting with an empty folder. Runs inside a loopback-only network namespace.
# Usage: tests/DicomNode.Benchmarks/compare-storescp.sh [ROUNDS]   (default 5; needs dcmtk, bc, and
#        root for `unshare -n`; without it the receivers run in the current namespace on 127.0.0.1)
set -euo pipefail

rounds=${1:-5}
ours_port=11112
theirs_port=11113
theirs_sync_port=11114

# The measuring half, run inside the namespace by the setup half below.
if [ -n "${COMPARE_STORESCP_WORK:-}" ]; then
  work=$COMPARE_STORESCP_WORK
  series="$work/series"
  count=$(ls "$series"/*.dcm | wc -l)
  bytes=$(cat "$series"/*.dcm | wc -c)
  # DCMTK tools leave Nagle's algorithm on unless told; every small PDU would wait ~40 ms.
  export TCP_NODELAY=1
  cat "$series"/*.dcm >/dev/null

  listening() { awk -v p="$(printf ':%04X' "$1")" '$4 == "0A" && substr($2, length($2) - 4) == p { found = 1 } END { exit !found }' /proc/net/tcp /proc/net/tcp6; }
  wait_listening() {
    for _ in $(seq 200); do listening "$1" && return 0; kill -0 "$2" 2>/dev/null || break; sleep 0.05; done
    echo "nothing listens on port $1" >&2; return 1
  }
  stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
  median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

  # One storescu run (one association, every file), timed from process start to exit; then checks that
  # the receiver holds every instance, since storescu exits 0 even when a store failed.
  send() { # AE PORT RECEIVED-FOLDER PATTERN
    local start end stored
    start=$(date +%s.%N)
    storescu -R -aet BENCH -aec "$1" 127.0.0.1 "$2" +sd "$series" >"$work/storescu.log" 2>&1
    end=$(date +%s.%N)
    stored=$(find "$3" -type f -name "$4" | wc -l)
    if [ "$stored" -ne "$count" ]; then
      echo "$1 holds $stored of $count instances; storescu said:" >&2; cat "$work/storescu.log" >&2; return 1
    fi
    echo "$end - $start" | bc -l
  }

  round_ours() {
    local data="$work/ours-$1" pid
    "$work/dicomnode/dicomnode" serve --aet DICOMNODE --bind 127.0.0.1 --port "$ours_port" --data "$data" --http-port 0 >"$work/serve.log" 2>&1 &
    pid=$!
    wait_listening "$ours_port" "$pid" || { cat "$work/serve.log" >&2; return 1; }
    # The durable inbox files instances under inbox/<study>/<series>/.
    send DICOMNODE "$ours_port" "$data/inbox" '*.dcm' >>"$work/ours"
    stop "$pid"; rm -rf "$data"
  }

  round_theirs() { # ROUND PORT RESULTS [storescp options...]
    local data="$work/theirs-$1" port=$2 results=$3 pid
    shift 3
    mkdir "$data"
    storescp -aet STORESCP "$@" -od "$data" "$port" >"$work/storescp.log" 2>&1 &
    pid=$!
    wait_listening "$port" "$pid" || { cat "$work/storescp.log" >&2; return 1; }
    send STORESCP "$port" "$data" 'MR.*' >>"$results"
    stop "$pid"; rm -rf "$data"
  }

  : >"$work/ours"; : >"$work/theirs"; : >"$work/theirs-sync"
  for round in $(seq "$rounds"); do
    round_ours "$round"
    round_theirs "$round" "$theirs_port" "$work/theirs"
    # DCMTK 3.6.7's storescp has no fsync option; the nearest is a synchronous `sync FILE` after each
    # instance (-xcr ... -xs). It runs after the response is sent, in a child process, before the next
    # request is read: the cost of an fsync per instance plus a fork and exec, not durability before success.
    round_theirs "$round" "$theirs_sync_port" "$work/theirs-sync" -xcr 'sync #p/#f' -xs
    printf 'round %d: dicomnode serve %.3f s (%.0f/s), storescp %.3f s (%.0f/s), storescp + sync %.3f s (%.0f/s)\n' "$round" \
      "$(tail -1 "$work/ours")" "$(echo "$count / $(tail -1 "$work/ours")" | bc -l)" \
      "$(tail -1 "$work/theirs")" "$(echo "$count / $(tail -1 "$work/theirs")" | bc -l)" \
      "$(tail -1 "$work/theirs-sync")" "$(echo "$count / $(tail -1 "$work/theirs-sync")" | bc -l)"
  done

  ours=$(median <"$work/ours"); theirs=$(median <"$work/theirs"); theirs_sync=$(median <"$work/theirs-sync")
  echo
  echo "$count instances, $bytes bytes, storescu -> receiver over one association on loopback; medians of $rounds rounds:"
  printf '  %-46s %8.3f s  %7.0f instances/s  %6.1f MB/s\n' \
    "dicomnode serve (durable inbox)" "$ours" "$(echo "$count / $ours" | bc -l)" "$(echo "$bytes / 1000000 / $ours" | bc -l)" \
    "storescp (no fsync)" "$theirs" "$(echo "$count / $theirs" | bc -l)" "$(echo "$bytes / 1000000 / $theirs" | bc -l)" \
    "storescp -xcr 'sync #p/#f' -xs" "$theirs_sync" "$(echo "$count / $theirs_sync" | bc -l)" "$(echo "$bytes / 1000000 / $theirs_sync" | bc -l)"
  printf '  ratio of instances/s, ours / storescp: %.2f; ours / storescp + sync: %.2f\n' \
    "$(echo "$theirs / $ours" | bc -l)" "$(echo "$theirs_sync / $ours" | bc -l)"
  echo "  Not like for like: dicomnode serve writes each instance to a temporary file, re-reads it to check"
  echo "  it parses and matches the command's UIDs, fsyncs it, renames it into place, fsyncs the folder and"
  echo "  indexes it in SQLite, all before it answers success. storescp by default writes the file and answers without fsync (the data may still be in"
  echo "  the page cache), and DCMTK 3.6.7 has no option to fsync; the '+ sync' row runs sync(1) on each file"
  echo "  after its response is sent."
  exit 0
fi

root=$(cd "$(dirname "$0")/../.." && pwd)
for tool in storescu storescp bc; do
  command -v "$tool" >/dev/null || { echo "$tool not found (apt-get install dcmtk bc)" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build -c Release "$root/src/DicomNode.Service" -o "$work/dicomnode" >/dev/null
dotnet build -c Release "$root/tests/DicomNode.Benchmarks" -o "$work/bench" >/dev/null
"$work/bench/DicomNode.Benchmarks" --generate "$work/series" 500

export COMPARE_STORESCP_WORK=$work
if [ "$(id -u)" -eq 0 ] && unshare -n true 2>/dev/null; then
  # storescp listens on every interface; in a namespace of its own it can reach nothing but loopback.
  unshare -n -- bash -c 'ip link set lo up && exec bash "$0" "$1"' "$0" "$rounds"
else
  echo "note: no network namespace available; storescp listens on every interface for the run" >&2
  bash "$0" "$rounds"
fi
