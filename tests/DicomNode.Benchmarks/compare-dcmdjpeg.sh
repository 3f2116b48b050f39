#!/usr/bin/env bash
# Decoding a 500-image JPEG Lossless series (Process 14 SV1, 1.2.840.10008.1.2.4.70): DCMTK's dcmdjpeg, one
# process per file as it is used, against DicomNode's decoder reading and decoding all files in one process.
# The images are real MR slices from ../shared/realdata (T2 TSE 384 x 384 of ProstateX-0001 and the
# 384 x 384 Siemens mosaics of dcm_qa_ts and dcm_qa/axasc35), repeated to 500 and compressed by dcmcjpeg +e1.
# dcmdjpeg on the uncompressed originals (nothing to decode) is timed too, to show its per-process cost.
# Usage: tests/DicomNode.Benchmarks/compare-dcmdjpeg.sh [ROUNDS]   (default 3; needs dcmcjpeg, dcmdjpeg)
set -euo pipefail

rounds=${1:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
realdata="$root/../shared/realdata"
project="$root/tests/DicomNode.Benchmarks"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command -v dcmdjpeg >/dev/null || { echo "dcmdjpeg not found (apt-get install dcmtk)" >&2; exit 1; }
[ -d "$realdata" ] || { echo "$realdata is missing" >&2; exit 1; }

dotnet build -c Release "$project" -o "$work/bin" >/dev/null
bench="$work/bin/DicomNode.Benchmarks"

mapfile -t sources < <(ls "$realdata"/prostatex-0001/10.*/*.dcm "$realdata"/dcm_qa_ts/1.dcm "$realdata"/dcm_qa/axasc35/*)
mkdir -p "$work/native" "$work/jpeg" "$work/out"
for i in $(seq 0 499); do
  name=$(printf 'IM%04d.dcm' "$i")
  cp "${sources[$((i % ${#sources[@]}))]}" "$work/native/$name"
  dcmcjpeg +e1 "$work/native/$name" "$work/jpeg/$name"
done
# The same 500 slices as the frames of one file, so that one dcmdjpeg process decodes them all: the decoders
# compared without dcmdjpeg's per-file process start.
mkdir -p "$work/multi"
/usr/bin/python3 - "$work/native" "$work/native-multi.dcm" <<'PY'
import sys, glob
import numpy as np
import pydicom
files = sorted(glob.glob(sys.argv[1] + "/*.dcm"))
first = pydicom.dcmread(files[0])
frames = [pydicom.dcmread(f).pixel_array.astype(first.pixel_array.dtype) for f in files]
first.NumberOfFrames = len(frames)
first.PixelData = np.stack(frames).tobytes()
first.save_as(sys.argv[2])
PY
dcmcjpeg +e1 "$work/native-multi.dcm" "$work/multi/multi.dcm"
count=$(ls "$work/jpeg"/*.dcm | wc -l)
bytes=$(cat "$work/jpeg"/*.dcm | wc -c)
cat "$work/jpeg"/*.dcm "$work/native"/*.dcm >/dev/null

seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); echo "$end - $start" | bc -l; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
dcmdjpeg_all() { for f in "$1"/*.dcm; do dcmdjpeg "$f" "$work/out/$(basename "$f")"; done; }

: >"$work/dcmtk"; : >"$work/idle"; : >"$work/ours"; : >"$work/dcmtk-multi"; : >"$work/ours-multi"
for round in $(seq "$rounds"); do
  seconds dcmdjpeg_all "$work/jpeg" >>"$work/dcmtk"
  seconds dcmdjpeg_all "$work/native" >>"$work/idle"
  seconds "$bench" --decode-series "$work/jpeg" >>"$work/ours"
  seconds dcmdjpeg "$work/multi/multi.dcm" "$work/out/multi.dcm" >>"$work/dcmtk-multi"
  seconds "$bench" --decode-series "$work/multi" >>"$work/ours-multi"
  echo "round $round: dcmdjpeg $(tail -1 "$work/dcmtk") s (on uncompressed: $(tail -1 "$work/idle") s), DicomNode $(tail -1 "$work/ours") s; one 500-frame file: dcmdjpeg $(tail -1 "$work/dcmtk-multi") s, DicomNode $(tail -1 "$work/ours-multi") s; load $(cut -d' ' -f1-3 /proc/loadavg)"
done

dcmtk=$(median <"$work/dcmtk"); idle=$(median <"$work/idle"); ours=$(median <"$work/ours")
dcmtk_multi=$(median <"$work/dcmtk-multi"); ours_multi=$(median <"$work/ours-multi")
echo
echo "$count files, $bytes bytes of JPEG Lossless SV1; medians of $rounds rounds, wall clock:"
printf '  %-44s %8.3f s\n' "dcmdjpeg, one process per file" "$dcmtk" \
  "dcmdjpeg on the uncompressed copies (overhead)" "$idle" \
  "DicomNode, one process (start-up included)" "$ours"
printf '  ratio dcmdjpeg / DicomNode: %.2f; net of dcmdjpeg'"'"'s per-file overhead: %.2f\n' \
  "$(echo "$dcmtk / $ours" | bc -l)" "$(echo "($dcmtk - $idle) / $ours" | bc -l)"
printf '  %-44s %8.3f s\n' "dcmdjpeg, one 500-frame file" "$dcmtk_multi" "DicomNode, one 500-frame file (start-up included)" "$ours_multi"
printf '  ratio dcmdjpeg / DicomNode on the one 500-frame file: %.2f\n' "$(echo "$dcmtk_multi / $ours_multi" | bc -l)"
echo "  DicomNode in-process: $("$bench" --decode-series "$work/jpeg")"
echo "  DicomNode in-process, one 500-frame file: $("$bench" --decode-series "$work/multi")"
echo "  load average: $(cat /proc/loadavg); $(nproc) cores"
