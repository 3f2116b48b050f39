# The test bed of the scale-out scripts (two-nodes.sh, throughput.sh), sourced by them: a PostgreSQL cluster on a
# Unix socket only, a PACS (DCMTK storescp), node configurations and the processes' CPU time. Everything listens on
# loopback ports, so the scripts run inside a private network namespace (unshare -n). The sourcing script sets
# `trap testbed_cleanup EXIT` and adds the processes it starts to `pids`.

pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pids=()
pg_socket=

testbed_cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ -n "$pg_socket" ]; then
    runuser -u postgres -- "$pgbin/pg_ctl" -D "$pg_socket/data" -m immediate stop >/dev/null 2>&1 || true
  fi
}

now_ms() { date +%s%3N; }

# start_postgres DIR: a cluster in DIR/data whose socket is in DIR, role dicomnode (trust), database dicomnode.
start_postgres() {
  pg_socket=$1
  mkdir -p "$pg_socket" && chown postgres: "$pg_socket"
  runuser -u postgres -- "$pgbin/initdb" -D "$pg_socket/data" -A trust -U dicomnode --no-sync >/dev/null
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$pg_socket/data" -l "$pg_socket/server.log" -w \
    -o "-k $pg_socket -c listen_addresses=''" start >/dev/null
  "$pgbin/createdb" -h "$pg_socket" -U dicomnode dicomnode
}

# pg_sql DATABASE QUERY: the rows, unaligned, fields separated by |.
pg_sql() { "$pgbin/psql" -h "$pg_socket" -U dicomnode -d "$1" -Atc "$2"; }

# The postmaster's process id, and the CPU seconds of the cluster: the postmaster, its live children and those reaped.
postgres_pid() { head -1 "$pg_socket/data/postmaster.pid"; }
postgres_cpu_seconds() {
  local pm total
  pm=$(postgres_pid)
  total=$(cpu_seconds "$pm" children)
  for child in $(pgrep -P "$pm"); do
    total=$(echo "$total + $(cpu_seconds "$child")" | bc -l)
  done
  echo "$total"
}

# cpu_seconds PID [children]: user + system CPU seconds of the process (proc(5): fields 14 and 15 of stat, in
# clock ticks; with `children`, also 16 and 17, its reaped children's). 0 when the process is gone.
cpu_seconds() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  # The command name (field 2) may hold spaces: count fields from the closing parenthesis.
  echo "${stat##*) }" | awk -v hz="$(getconf CLK_TCK)" -v kids="${2:-}" \
    '{ t = $12 + $13; if (kids != "") t += $14 + $15; printf "%.2f\n", t / hz }'
}

# start_pacs FOLDER PORT LOG: storescp (AE title PACS), verbose, one file per instance received.
start_pacs() {
  mkdir -p "$1"
  storescp -v -aet PACS --output-directory "$1" "$2" >"$3" 2>&1 &
  pids+=($!)
}

# node_config FILE ID PORT DATA_FOLDER PACS_PORT JOBS_JSON DATABASE_JSON LOG_FOLDER QUIET_SECONDS: a node (AE title
# DICOMNODE) that accepts any caller and sends its results to the PACS.
node_config() {
  cat >"$1" <<JSON
{
  "Node": { "Id": "$2", "AeTitle": "DICOMNODE", "Port": $3, "BindAddress": "127.0.0.1", "DataDirectory": "$4" },
  "AcceptAnyCaller": true,
  "Destinations": [ { "Name": "pacs", "AeTitle": "PACS", "Host": "127.0.0.1", "Port": $5 } ],
  "Routing": { "DefaultDestination": "pacs" },
  "StudyAssembly": { "QuietPeriodSeconds": $9 },
  "Jobs": $6,
  "Database": $7,
  "Inbox": { "MinimumFreeMegabytes": 0 },
  "Http": { "Port": 0 },
  "Log": { "Directory": "$8" }
}
JSON
}

# wait_dicom PORT PID: until the node answers a C-ECHO on PORT (at most 120 s); fails when the process PID has ended.
wait_dicom() {
  for _ in $(seq 1 240); do
    echoscu -aec DICOMNODE 127.0.0.1 "$1" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || break
    sleep 0.5
  done
  echo "no node answers on port $1" >&2
  return 1
}
