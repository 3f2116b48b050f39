#!/usr/bin/python3
"""Writes each trained model's SHA-256, version (new when the file changed) and calibrated sigmoid threshold into the manifest (models/models.json).

The thresholds come from the last summary line train.py wrote for each model in models/training/train-log.txt."""
import hashlib
import json
import os
import sys

VERSION = "0.6.0-phantom"  # given to every model whose file changed; an unchanged file keeps its version

path = sys.argv[1]
folder = os.path.dirname(os.path.abspath(path))
with open(path) as f:
    manifest = json.load(f)
summaries = {}
log_path = os.path.join(folder, "training", "train-log.txt")
if os.path.exists(log_path):
    with open(log_path) as f:
        for line in f:
            if line.startswith("{"):
                summary = json.loads(line)
                summaries[summary["model"]] = summary
for model in manifest["models"]:
    onnx_path = os.path.join(folder, model["file"])
    if not os.path.exists(onnx_path):
        sys.exit(f"{onnx_path} is missing: train it first")
    with open(onnx_path, "rb") as f:
        sha256 = hashlib.sha256(f.read()).hexdigest()
    if sha256 != model["sha256"]:
        model["sha256"] = sha256
        model["version"] = VERSION
    if model["output"]["kind"] == "softmax":
        model["output"].pop("threshold", None)
    elif "threshold" in summaries.get(model["id"], {}):
        model["output"]["threshold"] = summaries[model["id"]]["threshold"]
with open(path, "w") as f:
    json.dump(manifest, f, indent=2)
    f.write("\n")
print(f"{path}: {', '.join(m['id'] + ' ' + m['sha256'][:12] for m in manifest['models'])}")
