#!/usr/bin/env bash
# Trains the demonstration models from scratch: phantoms → the node's own preprocessing → PyTorch → ONNX → manifest.
# FOR DEMONSTRATION AND TESTING ONLY: trained on synthetic phantoms, not on patients; not for clinical use.
#
#   bash models/training/train.sh [WORK_DIR]        # 80 minutes on 2 CPU cores, timed (see MODEL_CARD.md, "Cost")
#
# Training subjects are phantom seeds 1–90 (30 per vendor profile). The lesion models' thresholds are calibrated on
# validation seeds 5001–5018; evaluation uses seeds from 10001 on, never any of these.
# Environment: TRAIN_COUNT (default 90), STEPS_SCALE (default 1; more steps where more compute is available), TRAIN_THREADS (per process, default 1).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-$root/models/training/.work}"
count="${TRAIN_COUNT:-90}"
mkdir -p "$work"
cd "$root"

/usr/bin/python3 -c 'import torch, onnx, numpy, scipy' || { echo "needs Debian's python3-torch, python3-onnx, python3-numpy and python3-scipy (apt-get install -y python3-torch python3-onnx python3-numpy python3-scipy)" >&2; exit 1; }

dotnet build -c Release src/DicomNode.Service/DicomNode.Service.csproj -v q -nologo
dotnet build -c Release tools/DicomNode.TrainingData/DicomNode.TrainingData.csproj -v q -nologo
node="src/DicomNode.Service/bin/Release/net10.0/dicomnode"

generate() {  # folder, seed, count
  if [ ! -f "$work/$1/.done-$3" ]; then
    rm -rf "${work:?}/$1"
    "$node" phantom --count "$3" --seed "$2" --out "$work/$1"
    touch "$work/$1/.done-$3"
  fi
  rm -rf "${work:?}/$1-tensors"
  dotnet tools/DicomNode.TrainingData/bin/Release/net10.0/DicomNode.TrainingData.dll models/models.json "$work/$1" "$work/$1-tensors"
}
generate phantoms 1 "$count"
generate validation 5001 18

# The bone model (its first run and its restart) and the three lesion models train side by side, one thread each;
# when the lesion models are done, the bone model takes every core. The first bone run saves its weights
# (models/training/pelvic-bones.stage1.pt, not committed): `train.py --only pelvic-bones --resume` redoes the restart alone.
mkdir -p models/training
rm -f "$work/.lesions-done"
/usr/bin/python3 models/training/train.py --data "$work/phantoms-tensors" --out models --only pelvic-bones \
  --steps-scale "${STEPS_SCALE:-1}" --threads "${TRAIN_THREADS:-1}" --widen-when "$work/.lesions-done" &
bones=$!
trap 'kill "$bones" 2>/dev/null' EXIT
/usr/bin/python3 models/training/train.py --data "$work/phantoms-tensors" --out models --only pelvic-bone-metastases pelvic-bone-metastases-t1 pelvic-lymph-nodes \
  --validation "$work/validation-tensors" --steps-scale "${STEPS_SCALE:-1}" --threads "${TRAIN_THREADS:-1}"
touch "$work/.lesions-done"
wait "$bones"
trap - EXIT

/usr/bin/python3 models/training/update_manifest.py models/models.json
echo "models written; now evaluate them: see models/MODEL_CARD.md"
echo "recipe: $((SECONDS / 60)) min $((SECONDS % 60)) s"
