#!/usr/bin/env bash
# Ingest benchmark (issue 23): 500 MR instances of ~133 KB (256x256, 16-bit, Explicit VR Little Endian) sent by
# DCMTK's storescu over 1 association and over 8 parallel associations (the series split in 8 parts) to
#   - dicomnode serve       (a fresh process each time: durable inbox, success only once the instance is on disk)
#   - storescp              (DCMTK, no fsync; --fork for 8 associations)
#   - storescp + fsync      (the same with ingest/fsync-on-close.so preloaded: file and folder fsynced before the reply)
#   - Orthanc               (when installed; its default SyncStorageArea syncs each file)
# in alternating rounds, each receiver starting on an empty folder, inside a loopback-only network namespace with
# TCP_NODELAY=1. Prints each round with the load average, the medians, the ratios and CPU seconds per instance.
# Usage: tests/DicomNode.Benchmarks/compare-ingest.sh [ROUNDS]   (default 5)
# Environment: DICOMNODE_DIR=folder with a built or published `dicomnode` (default: published here, ReadyToRun);
#              DICOMNODE_BASELINE_DIR=another build (e.g. of main) measured in the same rounds as `baseline`.
# Needs dcmtk, gcc, bc, and root for `unshare -n` (otherwise it warns and runs in the current namespace).
set -euo pipefail

rounds=${1:-5}
ours_port=11112; scp_port=11113; scp_sync_port=11114; orthanc_port=11115

if [ -n "${COMPARE_INGEST_WORK:-}" ]; then
  work=$COMPARE_INGEST_WORK
  series="$work/series"
  count=$(ls "$series"/*.dcm | wc -l)
  bytes=$(cat "$series"/*.dcm | wc -c)
  export TCP_NODELAY=1   # DCMTK leaves Nagle's algorithm on unless told; small PDUs would wait ~40 ms.
  cat "$series"/*.dcm >/dev/null

  listening() { awk -v p="$(printf ':%04X' "$1")" '$4 == "0A" && substr($2, length($2) - 4) == p { found = 1 } END { exit !found }' /proc/net/tcp /proc/net/tcp6; }
  wait_listening() {
    for _ in $(seq 400); do listening "$1" && return 0; kill -0 "$2" 2>/dev/null || break; sleep 0.025; done
    echo "nothing listens on port $1" >&2; return 1
  }
  # CPU seconds used by a process and its waited-for children (utime + stime + cutime + cstime).
  cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13 + $14 + $15) / hz }' "/proc/$1/stat"; }
  stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
  median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

  # Sends every instance over ASSOCIATIONS parallel storescu runs; prints the seconds from start to the last exit,
  # then checks the receiver holds every instance (storescu exits 0 even when a store failed).
  send() { # AE PORT ASSOCIATIONS FOLDER PATTERN
    local start end stored i pids=()
    start=$(date +%s.%N)
    if [ "$3" -eq 1 ]; then
      storescu -R -aet BENCH -aec "$1" 127.0.0.1 "$2" +sd "$series" >"$work/storescu.log" 2>&1
    else
      for i in $(seq 0 $(($3 - 1))); do
        storescu -R -aet BENCH -aec "$1" 127.0.0.1 "$2" +sd "$work/parts/$i" >"$work/storescu-$i.log" 2>&1 & pids+=($!)
      done
      for i in "${pids[@]}"; do wait "$i"; done
    fi
    end=$(date +%s.%N)
    stored=$(find "$4" -type f -name "$5" | wc -l)
    if [ "$stored" -ne "$count" ]; then
      echo "$1 holds $stored of $count instances; storescu said:" >&2; cat "$work"/storescu*.log >&2; return 1
    fi
    echo "$end - $start" | bc -l
  }

  # One measurement: start RECEIVER on an empty folder, send, record seconds and CPU seconds, stop it.
  measure() { # NAME ASSOCIATIONS
    local name=$1 n=$2 data="$work/data-$1-$2" pid port ae folder pattern seconds
    rm -rf "$data"; mkdir -p "$data"
    case $name in
      dicomnode|baseline)
        port=$ours_port ae=DICOMNODE folder="$data/inbox" pattern='*.dcm'
        # serve --data reads the data folder's appsettings.json: the benchmark's calling AE title is accepted there.
        echo '{ "AcceptedCallers": [ { "AeTitle": "BENCH" } ] }' >"$data/appsettings.json"
        "$work/$name/dicomnode" serve --aet DICOMNODE --bind 127.0.0.1 --port $port --data "$data" --http-port 0 >"$work/serve.log" 2>&1 &
        pid=$! ;;
      storescp|storescp-fsync)
        port=$scp_port ae=STORESCP folder="$data" pattern='MR.*'
        local fork=(); [ "$n" -gt 1 ] && fork=(--fork)
        if [ $name = storescp-fsync ]; then
          port=$scp_sync_port
          LD_PRELOAD="$work/fsync-on-close.so" storescp -aet STORESCP "${fork[@]}" -od "$data" $port >"$work/storescp.log" 2>&1 &
        else
          storescp -aet STORESCP "${fork[@]}" -od "$data" $port >"$work/storescp.log" 2>&1 &
        fi
        pid=$! ;;
      orthanc)
        port=$orthanc_port ae=ORTHANC folder="$data/storage" pattern='*'
        mkdir -p "$data/storage" "$data/index"
        cat >"$data/orthanc.json" <<JSON
{ "Name": "bench", "StorageDirectory": "$data/storage", "IndexDirectory": "$data/index", "DicomAet": "ORTHANC",
  "DicomPort": $port, "HttpServerEnabled": false, "DicomCheckCalledAet": false, "Plugins": [], "RemoteAccessAllowed": false }
JSON
        Orthanc "$data/orthanc.json" >"$work/orthanc.log" 2>&1 &
        pid=$! ;;
    esac
    wait_listening $port $pid || { cat "$work"/*.log >&2; return 1; }
    seconds=$(send $ae $port "$n" "$folder" "$pattern")
    echo "$seconds" >>"$work/t-$name-$n"
    # Children of storescp --fork are reaped as they end, so their CPU is in cutime/cstime.
    echo "$(cpu_of $pid)" >>"$work/c-$name-$n"
    # Kept until the end: ext4 without a journal passes over inodes freed in the last 5–35 s when it allocates new ones,
    # so deleting 500 files before the next receiver starts would slow every file it creates (perf: ext4 find_inode_bit).
    stop $pid; mkdir -p "$work/done"; mv "$data" "$(mktemp -d "$work/done/XXXXXX")/"
    printf '  %-15s %d assoc  %6.3f s  %5.0f inst/s  load %s\n' $name "$n" "$seconds" "$(echo "$count / $seconds" | bc -l)" "$(cut -d' ' -f1-3 /proc/loadavg)"
  }

  receivers=(dicomnode storescp storescp-fsync)
  [ -e "$work/baseline" ] && receivers=(baseline "${receivers[@]}")
  command -v Orthanc >/dev/null && receivers+=(orthanc)
  rm -f "$work"/t-* "$work"/c-*
  for round in $(seq "$rounds"); do
    echo "round $round"
    for n in 1 8; do for r in "${receivers[@]}"; do measure "$r" "$n"; done; done
  done

  echo
  echo "$count instances, $bytes bytes, storescu -> receiver on loopback, TCP_NODELAY=1; medians of $rounds alternating rounds"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
  for n in 1 8; do
    ours=$(median <"$work/t-dicomnode-$n")
    for r in "${receivers[@]}"; do
      t=$(median <"$work/t-$r-$n"); c=$(median <"$work/c-$r-$n")
      printf '  %-15s %d assoc  %6.3f s  %5.0f inst/s  %5.2f ms CPU/inst  dicomnode/this %.2f\n' $r "$n" "$t" \
        "$(echo "$count / $t" | bc -l)" "$(echo "$c * 1000 / $count" | bc -l)" "$(echo "$t / $ours" | bc -l)"
    done
  done
  exit 0
fi

root=$(cd "$(dirname "$0")/../.." && pwd)
for tool in storescu storescp gcc bc; do
  command -v "$tool" >/dev/null || { echo "$tool not found (apt-get install dcmtk gcc bc)" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -n "${DICOMNODE_BASELINE_DIR:-}" ]; then
  ln -s "$(cd "$DICOMNODE_BASELINE_DIR" && pwd)" "$work/baseline"
fi
if [ -n "${DICOMNODE_DIR:-}" ]; then
  ln -s "$(cd "$DICOMNODE_DIR" && pwd)" "$work/dicomnode"
else
  case "$(uname -m)" in x86_64) rid=linux-x64 ;; aarch64|arm64) rid=linux-arm64 ;; *) rid= ;; esac
  # For a runtime identifier the service publishes ReadyToRun, as the installer does.
  dotnet publish -c Release ${rid:+-r $rid} --self-contained false "$root/src/DicomNode.Service" -o "$work/dicomnode" >/dev/null
fi
dotnet build -c Release "$root/tests/DicomNode.Benchmarks" -o "$work/bench" >/dev/null
"$work/bench/DicomNode.Benchmarks" --generate "$work/series" 500 >/dev/null
i=0
for f in $(ls "$work/series"/*.dcm); do mkdir -p "$work/parts/$((i % 8))"; ln "$f" "$work/parts/$((i % 8))/"; i=$((i + 1)); done
gcc -O2 -Wall -shared -fPIC -o "$work/fsync-on-close.so" "$root/tests/DicomNode.Benchmarks/ingest/fsync-on-close.c" -ldl

export COMPARE_INGEST_WORK=$work
if [ "$(id -u)" -eq 0 ] && unshare -n true 2>/dev/null; then
  unshare -n -- bash -c 'ip link set lo up && exec bash "$0" "$1"' "$0" "$rounds"
else
  echo "note: no network namespace available; the receivers listen on every interface for the run" >&2
  bash "$0" "$rounds"
fi
