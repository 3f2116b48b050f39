#!/usr/bin/python3
"""Builds the tiny models the cascade runner tests run, and their manifest.

Neither model is trained: each is one 1×1×1 convolution with weights chosen so that its output is
known exactly from the normalized input x (min-max, so x lies in [0, 1]):

  cascade-bones.onnx   9-class softmax; class k wins where k/9 ≤ x < (k+1)/9 (x = 1 gives 8).
                       Logits 2·K·c_k·x − K·c_k² with c_k = (k + ½)/9 rank the classes by −K·(x − c_k)²,
                       so the nearest centre wins.
  cascade-bright.onnx  sigmoid, one channel: σ(K·(x − 0.3)) ≥ 0.5 exactly where x ≥ 0.3.

Run with Debian's Python (apt-get install python3-torch python3-onnx):

    /usr/bin/python3 make-cascade-models.py

Writes, next to this script: the two models (opset 17, input "image" [1, 1, D, H, W] with D, H, W
dynamic) and cascade-models.json, a model manifest naming them with their SHA-256.
"""
import hashlib
import json
import os

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
K = 200.0
CLASSES = 9
BRIGHT = 0.3


class Bones(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv3d(1, CLASSES, kernel_size=1)
        centres = (torch.arange(CLASSES, dtype=torch.float32) + 0.5) / CLASSES
        with torch.no_grad():
            self.conv.weight.copy_((2 * K * centres).reshape(CLASSES, 1, 1, 1, 1))
            self.conv.bias.copy_(-K * centres * centres)

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        return torch.softmax(self.conv(image), dim=1)


class Bright(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv3d(1, 1, kernel_size=1)
        with torch.no_grad():
            self.conv.weight.fill_(K)
            self.conv.bias.fill_(-K * BRIGHT)

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.conv(image))


def export(model: nn.Module, name: str, output: str) -> str:
    path = os.path.join(HERE, name)
    model.eval()
    torch.onnx.export(
        model, torch.zeros(1, 1, 4, 8, 8), path, opset_version=17,
        input_names=["image"], output_names=[output],
        dynamic_axes={"image": {2: "D", 3: "H", 4: "W"}, output: {2: "D", 3: "H", 4: "W"}})
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def code(value: str, meaning: str) -> dict:
    return {"value": value, "scheme": "SCT", "meaning": meaning}


def main() -> None:
    bones_sha = export(Bones(), "cascade-bones.onnx", "probabilities")
    bright_sha = export(Bright(), "cascade-bright.onnx", "probability")
    bones = ["Lumbar spine", "Sacro-coccygeal Spine", "Ilium", "Acetabulum", "Femoral head",
             "Structure of neck of femur", "Ischium", "Pubis"]
    codes = ["122496007", "1217254007", "22356005", "37783008", "2812003", "29627003", "85710004", "66040006"]
    grid = {"size": [8, 16, 16], "policy": "fixed-size"}
    manifest = {
        "schemaVersion": 1,
        "note": "test models from make-cascade-models.py: fixed weights, no training; for the cascade tests only",
        "models": [
            {"id": "test-bones", "version": "1.0.0", "file": "cascade-bones.onnx", "sha256": bones_sha,
             "input": "image", "grid": grid, "normalization": {"method": "minmax"},
             "output": {"kind": "softmax", "classes": CLASSES},
             "labels": [{"value": i + 1, "name": m.lower(), "code": code(c, m)} for i, (m, c) in enumerate(zip(bones, codes))],
             "appliesTo": ["DWI", "ADC", "T1IP"]},
            {"id": "test-metastases", "version": "1.0.0", "file": "cascade-bright.onnx", "sha256": bright_sha,
             "input": "image", "grid": grid, "normalization": {"method": "minmax"},
             "output": {"kind": "sigmoid", "threshold": 0.5},
             "labels": [{"value": 1, "name": "bone metastasis", "code": code("14799000", "Neoplasm, Secondary")}],
             "appliesTo": ["DWI", "T1IP"],
             "cascade": {"model": "test-bones", "labels": [1, 2, 3, 4]}},
            {"id": "test-nodes", "version": "1.0.0", "file": "cascade-bright.onnx", "sha256": bright_sha,
             "input": "image", "grid": grid, "normalization": {"method": "minmax"},
             "output": {"kind": "sigmoid", "threshold": 0.5},
             "labels": [{"value": 1, "name": "lymph node", "code": code("59441001", "Lymph node")}],
             "appliesTo": ["DWI"]},
        ],
    }
    with open(os.path.join(HERE, "cascade-models.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
