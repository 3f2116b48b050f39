#!/usr/bin/env bash
# Issue 24, acceptance b: two nodes on one PostgreSQL database and one shared data folder, on loopback ports of a
# private network namespace. The series of each phantom study go to one node or the other at random; once all are
# sent, node1 is killed (SIGKILL) while it runs a job; node2 must take that job over within a lease and a quarter.
# Then every study must have been analysed exactly once (one job, succeeded) and every result delivered exactly once
# (each outbox row sent, and the PACS — storescp — received each SOP instance once).
#
#   sudo unshare -n -- bash -c 'ip link set lo up && tools/scale-out/two-nodes.sh PHANTOM_FOLDER'
#
# PHANTOM_FOLDER holds phantom-NNNN folders (dicomnode phantom --count 10 --out PHANTOM_FOLDER). Needs root (the
# PostgreSQL cluster runs as the postgres user), dcmtk (storescp, echoscu) and postgresql. The pipeline is `echo`
# with a delay standing in for inference, so the run measures the queue, not the models.
set -euo pipefail
cd "$(dirname "$0")/../.."
phantoms=$(realpath "$1")
bin=$(realpath "${DICOMNODE_BIN:-src/DicomNode.Service/bin/Release/net10.0/dicomnode}")
lease=${LEASE_SECONDS:-20}
delay=${ECHO_DELAY_SECONDS:-10}
seed=${SEED:-24}
work=$(mktemp -d /tmp/dicomnode-two-nodes-XXXXXX)
chmod 755 "$work"
echo "work folder $work"

. tools/scale-out/testbed.sh
trap testbed_cleanup EXIT
sql() { pg_sql dicomnode "$1"; }

start_postgres "$work/pg"
start_pacs "$work/pacs" 11200 "$work/pacs.log"

mkdir -p "$work/shared"
database='{ "Provider": "postgresql", "ConnectionString": "Host='"$work"'/pg;Database=dicomnode;Username=dicomnode", "LeaseSeconds": '$lease' }'
for n in 1 2; do
  node_config "$work/node$n.json" "node$n" "1111$((2 + n))" "$work/shared" 11200 \
    '{ "Pipeline": "echo", "EchoDelaySeconds": '$delay' }' "$database" "$work/logs-node$n" 15
  "$bin" serve --config "$work/node$n.json" >"$work/node$n.out" 2>&1 &
  pids+=($!)
  echo $! >"$work/node$n.pid"
done
wait_dicom 11113 "$(cat "$work/node1.pid")"
wait_dicom 11114 "$(cat "$work/node2.pid")"
echo "nodes listening on 11113 and 11114"

# Each series of each study to one node or the other.
RANDOM=$seed
sent=0
start=$(now_ms)
for study in "$phantoms"/phantom-*; do
  for series in $(find "$study/dicom" -mindepth 1 -maxdepth 1 -type d | sort); do
    port=$((11113 + RANDOM % 2))
    "$bin" send 127.0.0.1 $port --aet MODALITY --aec DICOMNODE "$series" >>"$work/send.log" 2>&1
    sent=$((sent + 1))
  done
done
echo "sent $sent series of $(ls -d "$phantoms"/phantom-* | wc -l) studies in $(( ($(now_ms) - start) / 1000 )) s"

# Kill node1 while it runs a job.
for _ in $(seq 1 600); do
  running=$(sql "SELECT id FROM jobs WHERE state = 'running' AND lease_owner = 'node1' LIMIT 1")
  [ -n "$running" ] && break
  sleep 0.2
done
[ -n "$running" ] || { echo "FAIL: node1 never ran a job"; exit 1; }
killed_at=$(now_ms)
kill -9 "$(cat "$work/node1.pid")"
echo "node1 killed (SIGKILL) while running job $running"

studies=$(ls -d "$phantoms"/phantom-* | wc -l)
for _ in $(seq 1 900); do
  done_jobs=$(sql "SELECT COUNT(*) FROM jobs WHERE state = 'succeeded'")
  open=$(sql "SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running')")
  pending=$(sql "SELECT COUNT(*) FROM outbox WHERE state <> 'sent'")
  [ "$done_jobs" -ge "$studies" ] && [ "$open" -eq 0 ] && [ "$pending" -eq 0 ] && break
  sleep 1
done
finished=$(now_ms)

echo "--- jobs (id, study, state, runs, started, finished relative to the kill in s)"
sql "SELECT id, study_uid, state, runs, round((started_at - $killed_at) / 1000.0, 1), round((finished_at - $killed_at) / 1000.0, 1) FROM jobs ORDER BY id"
taken=$(sql "SELECT started_at - $killed_at FROM jobs WHERE id = $running")
fail=0
check() { if [ "$2" = "$3" ]; then echo "ok   $1: $2"; else echo "FAIL $1: $2, expected $3"; fail=1; fi; }
check "studies with a succeeded job" "$(sql "SELECT COUNT(DISTINCT study_uid) FROM jobs WHERE state = 'succeeded'")" "$studies"
check "jobs in all (one per study: assembled once)" "$(sql "SELECT COUNT(*) FROM jobs")" "$studies"
check "jobs run more than once" "$(sql "SELECT string_agg(id::text, ',') FROM jobs WHERE runs > 1")" "$running"
outbox=$(sql "SELECT COUNT(*) FROM outbox")
check "outbox items sent" "$(sql "SELECT COUNT(*) FROM outbox WHERE state = 'sent'")" "$outbox"
received=$(grep -c "Received Store Request" "$work/pacs.log" || true)
check "C-STOREs the PACS received (each result once)" "$received" "$outbox"
distinct=$(find "$work/pacs" -type f | wc -l)
check "distinct result files at the PACS" "$distinct" "$outbox"
echo "job $running taken over $(( taken / 1000 )).$(( (taken % 1000) / 100 )) s after the kill (lease $lease s; bound $(( lease + lease / 4 )) s + the job's start)"
[ "$taken" -le $(( (lease + lease / 4 + 2) * 1000 )) ] || { echo "FAIL: taken over later than a lease and a quarter"; fail=1; }
echo "all done $(( (finished - start) / 1000 )) s after the first send"
exit $fail
