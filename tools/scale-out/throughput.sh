#!/usr/bin/env bash
# Issue 24, acceptance c: the throughput of two analysing nodes against one, with the real analysis pipeline (the
# bundled demonstration models, trained on synthetic phantoms; not for clinical use), on the same phantom studies.
# Three configurations run one after the other, each from an empty data folder and a new database, results to a PACS
# (DCMTK storescp) of its own:
#   A  one node, SQLite (the default store)
#   B  one node, PostgreSQL
#   C  two nodes, one PostgreSQL database and one shared data folder; each series to one node or the other at random
#      (seeded, the same choices every run)
# Each series is sent with storescu, one association per series, study after study, as fast as the node takes them.
# For each configuration: the wall time from the first instance sent to the last result the PACS received, studies
# per minute, the checks (every study analysed exactly once: one job, succeeded, run once; every result delivered
# once: each outbox row sent, one C-STORE and one file at the PACS per row, one SR per study), the median time a job
# ran (claimed to finished), the CPU seconds each node process and the PostgreSQL cluster used within the wall time
# (/proc/PID/stat), the share of the machine's cores the nodes used, and the load average before and after.
#
#   unshare -n -- bash -c 'ip link set lo up && TCP_NODELAY=1 tools/scale-out/throughput.sh PHANTOM_FOLDER [TABLE_FILE]'
#
# PHANTOM_FOLDER holds phantom-NNNN folders (dicomnode phantom --count 10 --seed 10001 --out PHANTOM_FOLDER). The
# table is printed and written to TABLE_FILE (default throughput.txt in the work folder). Needs root (the PostgreSQL
# cluster runs as the postgres user), dcmtk (storescu, storescp, echoscu), postgresql, sqlite3 and bc. CONFIGS="A B C"
# picks configurations; QUIET_PERIOD_SECONDS (10), LEASE_SECONDS (30), SEED (24) and DICOMNODE_BIN as in two-nodes.sh.
set -euo pipefail
phantoms=$(realpath "$1")
table=$(realpath -m "${2:-}")
cd "$(dirname "$0")/../.."
bin=$(realpath "${DICOMNODE_BIN:-src/DicomNode.Service/bin/Release/net10.0/dicomnode}")
quiet=${QUIET_PERIOD_SECONDS:-10}
lease=${LEASE_SECONDS:-30}
seed=${SEED:-24}
configs=${CONFIGS:-A B C}
export TCP_NODELAY=1
work=$(mktemp -d /tmp/dicomnode-throughput-XXXXXX)
chmod 755 "$work"
[ -n "${2:-}" ] || table=$work/throughput.txt
echo "work folder $work"

. tools/scale-out/testbed.sh
trap testbed_cleanup EXIT

studies=$(ls -d "$phantoms"/phantom-* | wc -l)
series_total=$(find "$phantoms"/phantom-*/dicom -mindepth 1 -maxdepth 1 -type d | wc -l)
cores=$(nproc)
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

rows=()
# run CONFIG NODES PROVIDER
run() {
  local name=$1 nodes=$2 provider=$3
  local dir=$work/$name
  local pacs_port=$((11200 + ${#rows[@]}))
  mkdir -p "$dir/data"
  start_pacs "$dir/pacs" "$pacs_port" "$dir/pacs.log"
  local pacs_pid=${pids[-1]}

  local database q
  if [ "$provider" = postgresql ]; then
    "$pgbin/createdb" -h "$pg_socket" -U dicomnode "dicomnode_$name"
    database='{ "Provider": "postgresql", "ConnectionString": "Host='"$pg_socket"';Database=dicomnode_'"$name"';Username=dicomnode", "LeaseSeconds": '$lease' }'
    q() { pg_sql "dicomnode_$name" "$1"; }
  else
    database='{ "Provider": "sqlite" }'
    q() { sqlite3 -cmd '.timeout 10000' "$dir/data/node.db" "$1"; }
  fi

  local node_pids=() ports=()
  stop() { for p in "${node_pids[@]}" "$pacs_pid"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; }
  for n in $(seq 1 "$nodes"); do
    local port=$((11113 + n))
    node_config "$dir/node$n.json" "node$n" "$port" "$dir/data" "$pacs_port" '{ "Pipeline": "analysis" }' \
      "$database" "$dir/logs-node$n" "$quiet"
    "$bin" serve --config "$dir/node$n.json" >"$dir/node$n.out" 2>&1 &
    pids+=($!)
    node_pids+=($!)
    ports+=("$port")
  done
  for n in $(seq 0 $((nodes - 1))); do wait_dicom "${ports[$n]}" "${node_pids[$n]}" || { stop; return 1; }; done
  echo "[$name] $nodes node(s) on $provider listening on ${ports[*]}; sending $series_total series of $studies studies"

  local load_before cpu_before=() pg_before=0
  load_before=$(loadavg)
  for p in "${node_pids[@]}"; do cpu_before+=("$(cpu_seconds "$p")"); done
  [ "$provider" = postgresql ] && pg_before=$(postgres_cpu_seconds)

  # A storescu whose association failed (nothing stored) is run again, at most twice, and counted: on this shared
  # machine a node under heavy load has closed a connection whose A-ASSOCIATE-RQ it had not read within its ARTIM
  # timeout (10 s). A failure after the association was accepted ends the run.
  RANDOM=$seed
  local start resent=0
  start=$(now_ms)
  for study in "$phantoms"/phantom-*; do
    for series in $(find "$study/dicom" -mindepth 1 -maxdepth 1 -type d | sort); do
      local port=${ports[$((RANDOM % nodes))]} try
      for try in 1 2 3; do
        storescu -aet MODALITY -aec DICOMNODE +sd 127.0.0.1 "$port" "$series" >"$dir/storescu.last" 2>&1 && break
        cat "$dir/storescu.last" >>"$dir/storescu.log"
        if [ "$try" -lt 3 ] && grep -q "Association Request Failed" "$dir/storescu.last"; then
          resent=$((resent + 1))
          echo "[$name] association for $(basename "$series") to port $port failed; sending again" >&2
          continue
        fi
        echo "[$name] storescu failed for $series" >&2; tail -20 "$dir/storescu.last" >&2; stop; return 1
      done
    done
  done
  echo "[$name] all sent $(( ($(now_ms) - start) / 1000 )) s after the first"

  # Done when every study has a succeeded job, nothing is queued or running, every outbox row is sent and the PACS
  # holds a file for each.
  local done_jobs open pending outbox files
  for _ in $(seq 1 7200); do
    done_jobs=$(q "SELECT COUNT(DISTINCT study_uid) FROM jobs WHERE state = 'succeeded'")
    open=$(q "SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running')")
    pending=$(q "SELECT COUNT(*) FROM outbox WHERE state <> 'sent'")
    outbox=$(q "SELECT COUNT(*) FROM outbox")
    files=$(find "$dir/pacs" -type f | wc -l)
    [ "$done_jobs" -ge "$studies" ] && [ "$open" -eq 0 ] && [ "$pending" -eq 0 ] && [ "$files" -ge "$outbox" ] && break
    for p in "${node_pids[@]}"; do kill -0 "$p" 2>/dev/null || { echo "[$name] a node ended" >&2; stop; return 1; }; done
    sleep 1
  done

  local cpu=() node_cpu=0 pg_cpu=- load_after last wall
  for n in $(seq 0 $((nodes - 1))); do
    cpu+=("$(echo "$(cpu_seconds "${node_pids[$n]}") - ${cpu_before[$n]}" | bc -l)")
    node_cpu=$(echo "$node_cpu + ${cpu[$n]}" | bc -l)
  done
  [ "$provider" = postgresql ] && pg_cpu=$(printf '%.1f' "$(echo "$(postgres_cpu_seconds) - $pg_before" | bc -l)")
  load_after=$(loadavg)
  # The last result's arrival: the newest file's modification time at the PACS.
  last=$(find "$dir/pacs" -type f -printf '%T@\n' | sort -g | tail -1)
  wall=$(echo "$last * 1000 - $start" | bc -l)

  local fail=0 checks=()
  check() { if [ "$2" = "$3" ]; then checks+=("ok   $1: $2"); else checks+=("FAIL $1: $2, expected $3"); fail=1; fi; }
  check "studies with a succeeded job" "$done_jobs" "$studies"
  check "jobs in all (one per study)" "$(q "SELECT COUNT(*) FROM jobs")" "$studies"
  check "jobs run more than once" "$(q "SELECT COUNT(*) FROM jobs WHERE runs <> 1")" 0
  check "outbox items sent" "$(q "SELECT COUNT(*) FROM outbox WHERE state = 'sent'")" "$outbox"
  check "C-STOREs the PACS received" "$(grep -c "Received Store Request" "$dir/pacs.log" || true)" "$outbox"
  check "distinct result files at the PACS" "$(find "$dir/pacs" -type f | wc -l)" "$outbox"
  check "SRs at the PACS (one per study)" "$(find "$dir/pacs" -type f -name 'SR*' | wc -l)" "$studies"
  local line
  for line in "${checks[@]}"; do echo "[$name] $line"; done

  local per_node=()
  for n in $(seq 1 "$nodes"); do
    per_node+=("$(grep -c 'Study analysed' "$dir/node$n.out" || true)")
  done
  local job_median
  job_median=$(q "SELECT (finished_at - started_at) / 1000.0 FROM jobs WHERE state = 'succeeded'" | median)

  stop

  local cpu_list share
  cpu_list=$(printf '%.1f+' "${cpu[@]}")
  share=$(echo "100 * $node_cpu * 1000 / ($wall * $cores)" | bc -l)
  rows+=("$(printf '| %s | %d × %s | %.1f | %.2f | %s | %s | %s | %.1f | %s | %s | %.0f %% | %s | %s | %d |' \
    "$name" "$nodes" "$provider" "$(echo "$wall / 1000" | bc -l)" "$(echo "$studies * 60000 / $wall" | bc -l)" \
    "$([ $fail -eq 0 ] && echo yes || echo NO)" "$outbox" "$(IFS=/; echo "${per_node[*]}")" "$job_median" \
    "${cpu_list%+}" "$pg_cpu" "$share" "$load_before" "$load_after" "$resent")")
  echo "[$name] done: ${rows[-1]}"
  return $fail
}

status=0
for c in $configs; do
  case $c in
    A) run A 1 sqlite || status=1 ;;
    B|C)
      [ -n "$pg_socket" ] || start_postgres "$work/pg"
      if [ "$c" = B ]; then run B 1 postgresql || status=1; else run C 2 postgresql || status=1; fi ;;
    *) echo "unknown configuration $c" >&2; exit 2 ;;
  esac
done

{
  echo "$studies studies ($series_total series) from $phantoms, quiet period $quiet s, lease $lease s, seed $seed, $cores cores, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "| config | nodes × store | wall s | studies/min | checks | results | jobs per node | median job s | node CPU s | PostgreSQL CPU s | nodes' share of $cores cores | load before | load after | associations sent again |"
  echo "|---|---|---:|---:|---|---:|---|---:|---:|---:|---:|---|---|---:|"
  printf '%s\n' "${rows[@]}"
} | tee "$table"
echo "table written to $table"
exit $status
