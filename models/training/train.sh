#!/usr/bin/env bash
# Trains the demonstration models from scratch: phantoms → the node's own preprocessing → PyTorch → ONNX → manifest.
# FOR DEMONSTRATION AND TESTING ONLY: trained on synthetic phantoms, not on patients; not for clinical use.
#
#   bash models/training/train.sh [WORK_DIR]        # about 40 minutes on 2 CPU cores
#
# Training subjects are phantom seeds 1–90 (30 per vendor profile); evaluation uses seeds from 10001 on, never these.
# Environment: TRAIN_COUNT (default 90), STEPS_SCALE (default 1; more steps where more compute is available), TRAIN_THREADS (per process, default 1).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-$root/models/training/.work}"
count="${TRAIN_COUNT:-90}"
mkdir -p "$work"
cd "$root"

/usr/bin/python3 -c 'import torch, onnx, numpy' || { echo "needs Debian's python3-torch, python3-onnx and python3-numpy (apt-get install -y python3-torch python3-onnx python3-numpy)" >&2; exit 1; }

dotnet build -c Release src/DicomNode.Service/DicomNode.Service.csproj -v q -nologo
dotnet build -c Release tools/DicomNode.TrainingData/DicomNode.TrainingData.csproj -v q -nologo
node="src/DicomNode.Service/bin/Release/net10.0/dicomnode"

if [ ! -f "$work/phantoms/.done-$count" ]; then
  rm -rf "$work/phantoms"
  "$node" phantom --count "$count" --seed 1 --out "$work/phantoms"
  touch "$work/phantoms/.done-$count"
fi

rm -rf "$work/tensors"
dotnet tools/DicomNode.TrainingData/bin/Release/net10.0/DicomNode.TrainingData.dll models/models.json "$work/phantoms" "$work/tensors"

# The bone model and the two lesion models train side by side, one thread each (how the shipped versions were made).
mkdir -p models/training
/usr/bin/python3 models/training/train.py --data "$work/tensors" --out models --only pelvic-bones \
  --steps-scale "${STEPS_SCALE:-1}" --threads "${TRAIN_THREADS:-1}" &
bones=$!
/usr/bin/python3 models/training/train.py --data "$work/tensors" --out models --only pelvic-bone-metastases pelvic-lymph-nodes \
  --steps-scale "${STEPS_SCALE:-1}" --threads "${TRAIN_THREADS:-1}"
wait "$bones"

/usr/bin/python3 models/training/update_manifest.py models/models.json
echo "models written; now evaluate them: see models/MODEL_CARD.md"
