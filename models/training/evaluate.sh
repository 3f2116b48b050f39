#!/usr/bin/env bash
# Evaluates the models in models/ on held-out phantoms (seeds from 10001 on, never used in training; the vendor
# profiles take turns), with the node's own pipeline and `dicomnode evaluate`. The figures go to MODEL_CARD.md.
# FOR DEMONSTRATION AND TESTING ONLY: phantoms, not patients.
#
#   bash models/training/evaluate.sh [WORK_DIR] [COUNT]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-$root/models/training/.work}"
count="${2:-30}"
cd "$root"
dotnet build -c Release src/DicomNode.Service/DicomNode.Service.csproj -v q -nologo
node="src/DicomNode.Service/bin/Release/net10.0/dicomnode"
if [ ! -f "$work/heldout/.done-$count" ]; then
  rm -rf "$work/heldout"
  "$node" phantom --count "$count" --seed 10001 --out "$work/heldout"
  touch "$work/heldout/.done-$count"
fi
rm -rf "$work/predictions"
for subject in "$work"/heldout/phantom-*; do
  name=$(basename "$subject")
  "$node" analyze "$subject/dicom" --out "$work/predictions/$name" > "$work/predictions-$name.log" 2>&1 || echo "$name: not analysed (see $work/predictions-$name.log)"
  tail -n 1 "$work/predictions-$name.log" | sed "s/^/$name: /"
done
"$node" evaluate --truth "$work/heldout" --pred "$work/predictions" --json "$work/evaluation.json" --plot "$work/bland-altman.png"
