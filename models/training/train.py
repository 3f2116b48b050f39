#!/usr/bin/python3
"""Trains the three demonstration 3D U-Nets on synthetic phantoms and exports them to ONNX (opset 17).

FOR DEMONSTRATION AND TESTING ONLY: the models learn from the project's synthetic pelvic phantoms, not from
patients, and are not for clinical use.

Input: the folder written by tools/DicomNode.TrainingData (per model, per phantom and series: _x.npy float32
D x H x W already on the model grid and normalized by the node's own code, _y.npy uint8 targets, _m.npy the
cascade mask). Output: <model id>.onnx in --out, and a JSON line per model with what was trained.

Run with Debian's interpreter: /usr/bin/python3 models/training/train.py --data DIR --out models
"""
import argparse
import glob
import json
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

MODELS = {
    # id: (output channels, sequences, steps, crop D x H x W)
    "pelvic-bones": dict(classes=9, sequences=["DWI", "ADC", "T1IP"], steps=1100, crop=(32, 96, 96)),
    "pelvic-bone-metastases": dict(classes=1, sequences=["DWI", "T1IP"], steps=1500, crop=(24, 64, 64)),
    "pelvic-lymph-nodes": dict(classes=1, sequences=["DWI"], steps=1200, crop=(24, 64, 64)),
}


def block(cin, cout):
    return nn.Sequential(
        nn.Conv3d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm3d(cout), nn.LeakyReLU(0.01, inplace=True),
        nn.Conv3d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm3d(cout), nn.LeakyReLU(0.01, inplace=True))


class UNet3D(nn.Module):
    """Three poolings (grid sides must be multiples of 8), skip connections, base width `width`."""

    def __init__(self, classes, width=8, probabilities=False):
        super().__init__()
        w = width
        self.enc1, self.enc2, self.enc3, self.bottom = block(1, w), block(w, 2 * w), block(2 * w, 4 * w), block(4 * w, 8 * w)
        self.up3, self.dec3 = nn.ConvTranspose3d(8 * w, 4 * w, 2, 2), block(8 * w, 4 * w)
        self.up2, self.dec2 = nn.ConvTranspose3d(4 * w, 2 * w, 2, 2), block(4 * w, 2 * w)
        self.up1, self.dec1 = nn.ConvTranspose3d(2 * w, w, 2, 2), block(2 * w, w)
        self.head = nn.Conv3d(w, classes, 1)
        self.classes = classes
        self.probabilities = probabilities

    def forward(self, x):
        a = self.enc1(x)
        b = self.enc2(F.max_pool3d(a, 2))
        c = self.enc3(F.max_pool3d(b, 2))
        d = self.bottom(F.max_pool3d(c, 2))
        c = self.dec3(torch.cat([self.up3(d), c], 1))
        b = self.dec2(torch.cat([self.up2(c), b], 1))
        a = self.dec1(torch.cat([self.up1(b), a], 1))
        logits = self.head(a)
        if not self.probabilities:
            return logits
        return torch.softmax(logits, 1) if self.classes > 1 else torch.sigmoid(logits)


def load(data, model_id, sequences):
    samples = []
    for sequence in sequences:
        for x_path in sorted(glob.glob(os.path.join(data, model_id, f"*_{sequence}_x.npy"))):
            x = np.load(x_path)
            y = np.load(x_path.replace("_x.npy", "_y.npy"))
            m_path = x_path.replace("_x.npy", "_m.npy")
            if os.path.exists(m_path):
                m = np.load(m_path)
                x = x * m  # the cascade's input masking: the node sets voxels outside the parent's labels to 0
            by_class = [np.argwhere(y == c) for c in range(1, int(y.max()) + 1)]
            samples.append((x.astype(np.float32), y.astype(np.int64), [v for v in by_class if len(v) > 0]))
    return samples


def crop(sample, size, rng, focus):
    x, y, by_class = sample
    shape = x.shape
    if focus and by_class:
        # Class-balanced: every structure, however small, is as often at the centre of a crop.
        voxels = by_class[rng.integers(len(by_class))]
        centre = voxels[rng.integers(len(voxels))]
        start = [int(np.clip(c - s // 2 + rng.integers(-s // 4, s // 4 + 1), 0, n - s)) for c, s, n in zip(centre, size, shape)]
    else:
        start = [int(rng.integers(0, n - s + 1)) for s, n in zip(size, shape)]
    window = tuple(slice(a, a + s) for a, s in zip(start, size))
    return x[window], y[window]


def augment(x, rng):
    # Contrast and brightness vary between scanners and subjects; the phantoms vary less than patients do.
    gamma = float(np.exp(rng.uniform(-0.25, 0.25)))
    x = np.clip(x, 0, 1) ** gamma * rng.uniform(0.9, 1.1) + rng.normal(0, 0.01, size=x.shape)
    if rng.random() < 0.5:
        x = x[:, :, ::-1]  # left-right: the labels do not code the side
        return x, True
    return x, False


def dice_loss(probabilities, onehot, dims=(0, 2, 3, 4)):
    intersection = (probabilities * onehot).sum(dims)
    total = probabilities.sum(dims) + onehot.sum(dims)
    return 1 - ((2 * intersection + 1) / (total + 1)).mean()


def train(model_id, spec, samples, seed, log):
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    classes = spec["classes"]
    net = UNet3D(classes)
    optimiser = torch.optim.AdamW(net.parameters(), lr=3e-3, weight_decay=1e-4)
    steps = spec["steps"]
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=3e-3, total_steps=steps, pct_start=0.1)
    if classes > 1:
        # Inverse square-root frequency over the training set, so that small bones are not left to the background.
        counts = np.zeros(classes)
        for _, y, _ in samples:
            counts += np.bincount(y.ravel(), minlength=classes)
        class_weights = torch.tensor((counts.sum() / np.maximum(counts, 1)) ** 0.5, dtype=torch.float32)
        class_weights /= class_weights.mean()
    started = time.time()
    for step in range(1, steps + 1):
        xs, ys = [], []
        for _ in range(2):
            sample = samples[rng.integers(len(samples))]
            x, y = crop(sample, spec["crop"], rng, focus=rng.random() < (0.7 if classes > 1 else 0.9))
            x, flipped = augment(x, rng)
            if flipped:
                y = y[:, :, ::-1]
            xs.append(np.ascontiguousarray(x, dtype=np.float32))
            ys.append(np.ascontiguousarray(y))
        x = torch.from_numpy(np.stack(xs))[:, None]
        y = torch.from_numpy(np.stack(ys))
        logits = net(x)
        if classes > 1:
            onehot = F.one_hot(y, classes).permute(0, 4, 1, 2, 3).float()
            loss = F.cross_entropy(logits, y, weight=class_weights) + dice_loss(torch.softmax(logits, 1)[:, 1:], onehot[:, 1:])
        else:
            target = y[:, None].float()
            loss = F.binary_cross_entropy_with_logits(logits, target, pos_weight=torch.tensor(10.0)) \
                + dice_loss(torch.sigmoid(logits), target, dims=(0, 1, 2, 3, 4))
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
        if step % 50 == 0 or step == 1:
            line = f"{model_id} step {step}/{steps} loss {loss.item():.4f} {time.time() - started:.0f}s"
            print(line, flush=True)
            log.write(line + "\n")
    return net, time.time() - started


def export(net, path, grid):
    net.eval()
    net.probabilities = True
    dummy = torch.zeros(1, 1, *grid)
    torch.onnx.export(net, dummy, path, opset_version=17, input_names=["image"], output_names=["probabilities"],
                      do_constant_folding=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument("--threads", type=int, default=max(1, os.cpu_count() or 1))
    parser.add_argument("--only", nargs="*", default=list(MODELS))
    parser.add_argument("--steps-scale", type=float, default=1.0, help="multiply every model's step count (a GPU affords more)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "training", "train-log.txt"), "a") as log:
        for model_id in args.only:
            spec = dict(MODELS[model_id])
            spec["steps"] = int(spec["steps"] * args.steps_scale)
            samples = load(args.data, model_id, spec["sequences"])
            if not samples:
                sys.exit(f"no training data for {model_id} in {args.data}")
            grid = samples[0][0].shape
            net, seconds = train(model_id, spec, samples, args.seed, log)
            torch.save(net.state_dict(), os.path.join(args.out, "training", model_id + ".pt"))
            export(net, os.path.join(args.out, model_id + ".onnx"), grid)
            summary = dict(model=model_id, samples=len(samples), steps=spec["steps"], crop=spec["crop"], grid=grid,
                           seconds=round(seconds), torch=torch.__version__, seed=args.seed)
            print(json.dumps(summary), flush=True)
            log.write(json.dumps(summary) + "\n")


if __name__ == "__main__":
    main()
