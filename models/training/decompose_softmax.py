#!/usr/bin/python3
"""Rewrites each ONNX Softmax over the class axis (axis 1 of a [N, C, D, H, W] tensor) as the operators it is made of:
exp(x - max over C) / sum over C of the same.

Why: ONNX Runtime computes a Softmax whose axis is not the last one by moving that axis last and back, then one
softmax of C = 9 values per voxel; for the bone model's two [1, 9, 48, 128, 128] outputs that took 540 of 1,820 ms
on one CPU thread. Written out, the five operators stream over whole planes (59 ms). The function is the same; the
probabilities differ from the fused operator's by rounding only (at most 4e-7 on the bundled bone model).

The weights are not touched, so no training is needed. Models exported by train.py from now on already carry the
written-out form (`channel_softmax`); this script converts files exported before.

FOR DEMONSTRATION AND TESTING ONLY: the bundled models are trained on synthetic phantoms, not for clinical use.

    /usr/bin/python3 models/training/decompose_softmax.py models/pelvic-bones.onnx [MORE.onnx ...]
    then give the model a new version and the file's new sha256 in models/models.json
"""
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper


def decompose(model):
    """The number of Softmax nodes rewritten in `model`'s graph (in place)."""
    graph = model.graph
    opset = next(o.version for o in model.opset_import if o.domain in ("", "ai.onnx"))
    if opset < 13 or opset >= 18:
        # From 18 on ReduceMax takes its axes as an input too; before 13 Softmax flattened its input.
        raise SystemExit(f"opset {opset}: only opsets 13 to 17 are handled")
    axes = "softmax_class_axis"
    nodes, count = [], 0
    for node in graph.node:
        axis = next((a.i for a in node.attribute if a.name == "axis"), -1)
        if node.op_type != "Softmax" or axis != 1:
            nodes.append(node)
            continue
        x, y, name = node.input[0], node.output[0], node.name or node.output[0]
        nodes += [
            helper.make_node("ReduceMax", [x], [name + "/max"], axes=[1], keepdims=1, name=name + "/ReduceMax"),
            helper.make_node("Sub", [x, name + "/max"], [name + "/shifted"], name=name + "/Sub"),
            helper.make_node("Exp", [name + "/shifted"], [name + "/exp"], name=name + "/Exp"),
            helper.make_node("ReduceSum", [name + "/exp", axes], [name + "/sum"], keepdims=1, name=name + "/ReduceSum"),
            helper.make_node("Div", [name + "/exp", name + "/sum"], [y], name=name + "/Div"),
        ]
        count += 1
    if count:
        graph.initializer.append(numpy_helper.from_array(np.array([1], np.int64), axes))
        del graph.node[:]
        graph.node.extend(nodes)
        onnx.checker.check_model(model)
    return count


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    for path in sys.argv[1:]:
        model = onnx.load(path)
        count = decompose(model)
        if count:
            onnx.save(model, path)
        print(f"{path}: {count} Softmax rewritten")


if __name__ == "__main__":
    main()
