#!/usr/bin/python3
"""Writes each trained model's SHA-256 and version into the manifest (models/models.json)."""
import hashlib
import json
import os
import sys

VERSION = "0.1.0-phantom"

path = sys.argv[1]
folder = os.path.dirname(os.path.abspath(path))
with open(path) as f:
    manifest = json.load(f)
for model in manifest["models"]:
    onnx_path = os.path.join(folder, model["file"])
    if not os.path.exists(onnx_path):
        sys.exit(f"{onnx_path} is missing: train it first")
    with open(onnx_path, "rb") as f:
        model["sha256"] = hashlib.sha256(f.read()).hexdigest()
    model["version"] = VERSION
    model["output"].pop("threshold", None) if model["output"]["kind"] == "softmax" else None
with open(path, "w") as f:
    json.dump(manifest, f, indent=2)
    f.write("\n")
print(f"{path}: {', '.join(m['id'] + ' ' + m['sha256'][:12] for m in manifest['models'])}")
