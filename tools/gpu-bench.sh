#!/usr/bin/env bash
# Issue 21's GPU benchmark, the whole run on a Linux x64 machine with an NVIDIA GPU (driver 580 or later, CUDA 13
# runtime libraries and cuDNN 9 installed; see the README's "GPU inference"):
#
#   tools/gpu-bench.sh [OUTPUT_FOLDER]
#
# 1. publishes tests/DicomNode.Benchmarks self-contained for linux-x64 (ONNX Runtime's GPU package restored by NuGet,
#    its natives beside the executable);
# 2. exports the paper-size reference U-Net (untrained, benchmarks only) with models/training/export_benchmark_unet.py
#    unless OUTPUT_FOLDER/benchmark-models already holds it (needs python3-torch and python3-onnx; or copy the folder
#    from a machine that has them);
# 3. checks that the CUDA libraries load (a session with provider cuda fails naming what is missing otherwise);
# 4. runs the phantom cascade on CUDA (demonstration models, then the paper-size model whole-volume and by sliding
#    window, ms per stage), the same on the CPU for comparison, and the peak RSS of a 64×512×512 grid by patches,
#    writing everything to OUTPUT_FOLDER/gpu-bench.txt (default: ./gpu-bench-out).
#
# Nothing is estimated: the figures are what this machine measured. Rerun with RUNS=N for more studies per mean.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-gpu-bench-out}")"
runs="${RUNS:-3}"
mkdir -p "$out"
log="$out/gpu-bench.txt"

command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv | tee "$log" || echo "nvidia-smi not found" | tee "$log"

publish="$out/publish"
if [ ! -x "$publish/DicomNode.Benchmarks" ]; then
  dotnet publish tests/DicomNode.Benchmarks -c Release -r linux-x64 --self-contained true -o "$publish" --nologo -v quiet
fi

models="$out/benchmark-models"
if [ ! -f "$models/paper-unet.onnx" ]; then
  /usr/bin/python3 models/training/export_benchmark_unet.py "$models"
fi

for library in libcuda.so.1 libcudart.so.13 libcublas.so.13 libcublasLt.so.13 libcurand.so.10 libcudnn.so.9; do
  if ! /sbin/ldconfig -p | grep -q "$library" && ! { [ -n "${LD_LIBRARY_PATH:-}" ] && ls ${LD_LIBRARY_PATH//:/ } 2>/dev/null | grep -q "^$library$"; }; then
    echo "warning: $library not found by ldconfig or in LD_LIBRARY_PATH; the CUDA run will fail naming it" | tee -a "$log"
  fi
done

bench="$publish/DicomNode.Benchmarks"
{
  echo "== CUDA: phantom cascade, demonstration and paper-size models, $runs further studies"
  "$bench" --phantom-cascade --models "$PWD" --paper "$models" --provider cuda --runs "$runs"
  echo "== CPU: the same"
  "$bench" --phantom-cascade --models "$PWD" --paper "$models" --provider cpu --runs 1
  echo "== CUDA: peak RSS, 64x512x512 by patches"
  "$bench" --window-rss "$models" 64 512 512 --provider cuda
} 2>&1 | tee -a "$log"
echo "written: $log"
