#!/usr/bin/python3
"""Exports the paper-size reference 3D U-Net for the inference benchmarks (issue 21). NOT a product model.

An untrained 3D U-Net of the size the published pelvic MRI segmentation networks use: input
64 x 256 x 256 (D x H x W), base width 32 doubling over four poolings (32-64-128-256-512), nine
softmax classes, the architecture of train.py (UNet3D, instance normalization). Its weights are
PyTorch's default random initialisation from a fixed seed: it segments nothing and exists only so
the benchmark runs a model of realistic cost. Never use it on patients.

    /usr/bin/python3 models/training/export_benchmark_unet.py [OUTPUT_FOLDER]

OUTPUT_FOLDER defaults to .cache/benchmark-models under the repository root (ignored by git: the
file is about 90 MB and is not committed). Writes there:

  paper-unet.onnx   opset 17, input "image" [N, 1, D, H, W], output "probabilities" [N, 9, D, H, W],
                    N, D, H and W dynamic (D, H, W multiples of 16)
  models.json       a manifest with two entries on that one file: "paper-unet" (whole volume,
                    grid 64 x 256 x 256) and "paper-unet-patches" (the same grid by sliding window,
                    patches 64 x 128 x 128, overlap 0.5, Gaussian blending, batch 2)

Needs Debian's PyTorch and ONNX: apt-get install python3-torch python3-onnx python3-numpy.
"""
import hashlib
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from train import UNet3D  # noqa: E402  (the training recipe's network)

SEED = 20261207
CLASSES = 9
GRID = [64, 256, 256]
PATCH = [64, 128, 128]


def main() -> None:
    root = os.path.dirname(os.path.dirname(HERE))
    out = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(root, ".cache", "benchmark-models")
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(SEED)
    net = UNet3D(CLASSES, width=32, probabilities=True, levels=4, norm="instance").eval()
    parameters = sum(p.numel() for p in net.parameters())
    path = os.path.join(out, "paper-unet.onnx")
    with torch.no_grad():
        torch.onnx.export(
            net, torch.zeros(1, 1, 32, 64, 64), path, opset_version=17,
            input_names=["image"], output_names=["probabilities"],
            dynamic_axes={"image": {0: "N", 2: "D", 3: "H", 4: "W"}, "probabilities": {0: "N", 2: "D", 3: "H", 4: "W"}})
    with open(path, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()

    labels = [{"value": k, "name": f"class {k}", "code": {"value": "91723000", "scheme": "SCT", "meaning": "Anatomical structure"}}
              for k in range(1, CLASSES)]
    entry = {
        "version": "0.0.0-benchmark-untrained",
        "description": f"paper-size 3D U-Net (base 32, 4 poolings, {parameters / 1e6:.1f} M parameters), untrained: benchmarks only, not a product model",
        "file": "paper-unet.onnx",
        "sha256": sha,
        "input": "image",
        "grid": {"size": GRID, "policy": "fixed-size"},
        "normalization": {"method": "zscore"},
        "output": {"kind": "softmax", "classes": CLASSES},
        "labels": labels,
        "appliesTo": ["DWI"],
    }
    manifest = {
        "schemaVersion": 1,
        "note": "benchmark models from models/training/export_benchmark_unet.py: untrained, random weights; never a product model, never for patients",
        "models": [
            dict(entry, id="paper-unet"),
            dict(entry, id="paper-unet-patches",
                 slidingWindow={"patchSize": PATCH, "overlap": 0.5, "blending": "gaussian", "batchSize": 2, "mirror": False}),
        ],
    }
    with open(os.path.join(out, "models.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(f"{path}: {os.path.getsize(path) / 1e6:.1f} MB, {parameters / 1e6:.2f} M parameters, sha256 {sha}")


if __name__ == "__main__":
    main()
