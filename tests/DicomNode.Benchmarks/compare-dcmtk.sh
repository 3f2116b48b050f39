#!/usr/bin/env bash
# Compares reading a 500-instance MR series (256x256, 16-bit, Explicit VR Little Endian) in one process:
# DCMTK's dcmdump (output to /dev/null) against DicomNode's reader, in alternating rounds on the same files.
# Usage: tests/DicomNode.Benchmarks/compare-dcmtk.sh [ROUNDS]   (default 5; needs dcmdump on PATH)
set -euo pipefail

rounds=${1:-5}
root=$(cd "$(dirname "$0")/../.." && pwd)
project="$root/tests/DicomNode.Benchmarks"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command -v dcmdump >/dev/null || { echo "dcmdump not found (apt-get install dcmtk)" >&2; exit 1; }

dotnet build -c Release "$project" -o "$work/bin" >/dev/null
bench="$work/bin/DicomNode.Benchmarks"
"$bench" --generate "$work/series"
count=$(ls "$work/series"/*.dcm | wc -l)
bytes=$(cat "$work/series"/*.dcm | wc -c)

# Warm the page cache so every contender reads from memory.
cat "$work/series"/*.dcm >/dev/null

seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); echo "$end - $start" | bc -l; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

: >"$work/dcmdump"; : >"$work/read"; : >"$work/dump"
for round in $(seq "$rounds"); do
  seconds dcmdump "$work/series"/*.dcm >>"$work/dcmdump"
  seconds "$bench" --read-series "$work/series" >>"$work/read"
  seconds "$bench" --read-series "$work/series" --dump >>"$work/dump"
  echo "round $round: dcmdump $(tail -1 "$work/dcmdump") s, DicomNode read $(tail -1 "$work/read") s, read+dump $(tail -1 "$work/dump") s"
done

dcmtk=$(median <"$work/dcmdump"); read=$(median <"$work/read"); dump=$(median <"$work/dump")
echo
echo "$count files, $bytes bytes; medians of $rounds rounds, whole process (start-up included):"
printf '  %-28s %8.3f s  %7.0f instances/s  %6.0f MB/s\n' \
  "dcmdump (DCMTK)" "$dcmtk" "$(echo "$count / $dcmtk" | bc -l)" "$(echo "$bytes / 1000000 / $dcmtk" | bc -l)" \
  "DicomNode read" "$read" "$(echo "$count / $read" | bc -l)" "$(echo "$bytes / 1000000 / $read" | bc -l)" \
  "DicomNode read + dump" "$dump" "$(echo "$count / $dump" | bc -l)" "$(echo "$bytes / 1000000 / $dump" | bc -l)"
printf '  ratio DCMTK time / DicomNode time: read %.2f, read + dump %.2f\n' \
  "$(echo "$dcmtk / $read" | bc -l)" "$(echo "$dcmtk / $dump" | bc -l)"
echo "  in-process time of the last DicomNode runs:"
echo "    $("$bench" --read-series "$work/series")"
echo "    $("$bench" --read-series "$work/series" --dump)"
