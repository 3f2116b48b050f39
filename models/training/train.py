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
    # classes: output channels; sequences: how often each sequence is drawn; steps at batch 2; crop D x H x W;
    # focus: share of crops centred on a target voxel; hard: share of the other crops centred on another model's
    # targets (hard negatives).
    # The bone model sees the three alike. Drawing DWI half the time (b800 shows bone barely brighter than muscle) was
    # tried: DWI mean DSC 0.829 against 0.832, and ADC and T1 in-phase lost 0.027 and 0.014.
    # restart: a second one-cycle run from the first's weights. The bones were still learning after 3,200 steps: a
    # trial of 3,000 more at a third of the rate raised the validation phantoms' grid DSC from 0.789 to 0.805 on DWI,
    # 0.853 to 0.892 on ADC and 0.899 to 0.926 on T1 in-phase. mirror: the exported model averages its scores on the
    # image and on its left-right mirror image (the training flips left and right; DWI grid DSC +0.007 in that trial).
    "pelvic-bones": dict(classes=9, sequences={"DWI": 1 / 3, "ADC": 1 / 3, "T1IP": 1 / 3}, steps=3200, crop=(32, 96, 96), focus=0.5,
                         restart=dict(steps=3000, max_lr=1e-3), mirror=True),
    # One metastasis model per sequence. The DWI model is run on DWI only, but learns from T1 in-phase crops as well
    # (read from the T1 model's data): so trained it found 38 of 47 held-out lesions, against 33 for 2,400 steps of
    # DWI alone. It has learnt the DWI contrast only (on T1 its probability stays below 1e-7), hence the T1 model.
    "pelvic-bone-metastases": dict(classes=1, sequences={"DWI": 0.5, "T1IP": 0.5}, folders={"T1IP": "pelvic-bone-metastases-t1"},
                                   steps=4800, crop=(24, 64, 64), focus=0.5),
    # bias: a smooth intensity field on half the crops. A dark lesion in bright marrow is what the T1 model looks for,
    # and without it the model took marrow darkened by the phantom's coil bias field for lesions.
    "pelvic-bone-metastases-t1": dict(classes=1, sequences={"T1IP": 1.0}, steps=2400, crop=(24, 64, 64), focus=0.5, bias=0.1),
    # Metastases are as bright as nodes on DWI: a third of the node model's negative crops are centred on them.
    "pelvic-lymph-nodes": dict(classes=1, sequences={"DWI": 1.0}, steps=4000, crop=(24, 64, 64), focus=0.5,
                               hard=("pelvic-bone-metastases", 1 / 3)),
}

# The analysis counts a metastasis from 0.2 cm³ on; on the 5 x 3 x 3 mm grid that is 5 voxels.
MIN_COMPONENT_MM3 = 200.0
GRID_VOXEL_MM3 = 5.0 * 3.0 * 3.0


def block(cin, cout, norm="batch"):
    layer = nn.BatchNorm3d if norm == "batch" else lambda c: nn.InstanceNorm3d(c, affine=True)
    return nn.Sequential(
        nn.Conv3d(cin, cout, 3, padding=1, bias=False), layer(cout), nn.LeakyReLU(0.01, inplace=True),
        nn.Conv3d(cout, cout, 3, padding=1, bias=False), layer(cout), nn.LeakyReLU(0.01, inplace=True))


class Up(nn.Module):
    """A 2 x 2 x 2 transposed convolution of stride 2, written as a 1 x 1 x 1 convolution to eight times the channels
    and a rearrangement of those into the doubled grid: the same function, and on CPU with bfloat16 about six times
    faster to train than ConvTranspose3d, which has no oneDNN path there."""

    def __init__(self, cin, cout):
        super().__init__()
        self.conv = nn.Conv3d(cin, cout * 8, 1)
        self.cout = cout

    def forward(self, x):
        b, _, d, h, w = x.shape
        y = self.conv(x).view(b, self.cout, 2, 2, 2, d, h, w)
        return y.permute(0, 1, 5, 2, 6, 3, 7, 4).reshape(b, self.cout, 2 * d, 2 * h, 2 * w)


class UNet3D(nn.Module):
    """`levels` poolings (grid and crop sides must be multiples of 2^levels), skip connections, base width `width`,
    doubling at each level; batch or instance normalization."""

    def __init__(self, classes, width=8, probabilities=False, levels=3, norm="batch"):
        super().__init__()
        widths = [width * 2 ** i for i in range(levels + 1)]
        self.encoders = nn.ModuleList([block(1, widths[0], norm)] + [block(a, b, norm) for a, b in zip(widths, widths[1:])])
        self.ups = nn.ModuleList([Up(b, a) for a, b in zip(widths, widths[1:])])
        self.decoders = nn.ModuleList([block(2 * a, a, norm) for a in widths[:-1]])
        self.head = nn.Conv3d(width, classes, 1)
        self.classes = classes
        self.probabilities = probabilities

    def forward(self, x):
        skips = []
        for i, encoder in enumerate(self.encoders):
            x = encoder(x if i == 0 else F.max_pool3d(x, 2))
            skips.append(x)
        x = skips.pop()
        for up, decoder in reversed(list(zip(self.ups, self.decoders))):
            x = decoder(torch.cat([up(x), skips.pop()], 1))
        logits = self.head(x)
        if not self.probabilities:
            return logits
        return channel_softmax(logits) if self.classes > 1 else torch.sigmoid(logits)


def channel_softmax(logits):
    """Softmax over the class axis, written out so that it exports as five streaming operators: ONNX Runtime's
    Softmax over a non-last axis moves the axis last and back and took 30 % of the bone model's CPU time (see
    decompose_softmax.py). Same function as torch.softmax(logits, 1)."""
    e = torch.exp(logits - logits.amax(1, keepdim=True))
    return e / e.sum(1, keepdim=True)


def load(data, model_id, sequences, hard=None, fill=0.0, folders=None):
    """`folders` names, per sequence, another model's training data to read instead (same targets and preprocessing)."""
    samples = {}
    for sequence in sequences:
        samples[sequence] = []
        folder = (folders or {}).get(sequence, model_id)
        for x_path in sorted(glob.glob(os.path.join(data, folder, f"*_{sequence}_x.npy"))):
            x = np.load(x_path)
            # z-scores of the whole grid: the background (intensity 0) sits at -mean/SD, which the bias-field
            # augmentation needs to scale intensities, not z-scores.
            background = float(np.percentile(x, 0.5))
            y = np.load(x_path.replace("_x.npy", "_y.npy"))
            m_path = x_path.replace("_x.npy", "_m.npy")
            inside, mask = None, None
            if os.path.exists(m_path):
                m = np.load(m_path)
                x = np.where(m > 0, x, np.float32(fill))  # the cascade's input masking: outside the parent's labels the node sets cascade.inputFill
                mask = m > 0
                inside = np.argwhere(mask)  # negative crops come from where the model will be asked, inside the parent
            by_class = [np.argwhere(y == c) for c in range(1, int(y.max()) + 1)]
            name = os.path.basename(x_path)[:-len("_x.npy")]
            hard_voxels = None
            if hard:
                # The other model's targets on the same subject and series (every model here has the same grid).
                other = os.path.join(data, hard, name + "_y.npy")
                if os.path.exists(other):
                    hard_voxels = np.argwhere(np.load(other) > 0)
            samples[sequence].append(Sample(x.astype(np.float32), y.astype(np.int64), [v for v in by_class if len(v) > 0],
                                            inside, mask, name, hard_voxels, background))
    return {sequence: found for sequence, found in samples.items() if found}


class Sample:
    def __init__(self, x, y, by_class, inside, mask, name, hard=None, background=0.0):
        self.x, self.y, self.by_class, self.inside, self.mask, self.name = x, y, by_class, inside, mask, name
        self.hard, self.background = hard, background


def crop(sample, size, rng, focus, hard=False):
    x, y, by_class = sample.x, sample.y, sample.by_class
    shape = x.shape
    voxels = None
    if focus and by_class:
        # Class-balanced: every structure, however small, is as often at the centre of a crop.
        voxels = by_class[rng.integers(len(by_class))]
    elif hard and sample.hard is not None and len(sample.hard):
        voxels = sample.hard
    elif sample.inside is not None and len(sample.inside):
        voxels = sample.inside
    if voxels is not None:
        centre = voxels[rng.integers(len(voxels))]
        start = [int(np.clip(c - s // 2 + rng.integers(-s // 4, s // 4 + 1), 0, n - s)) for c, s, n in zip(centre, size, shape)]
    else:
        start = [int(rng.integers(0, n - s + 1)) for s, n in zip(size, shape)]
    window = tuple(slice(a, a + s) for a, s in zip(start, size))
    return x[window], y[window], (sample.mask[window] if sample.mask is not None else None)


def bias_field(x, rng, background, inside, strength):
    """A smooth multiplicative intensity field (a receive-coil bias), exp of a random quadratic over the crop, up to
    about ±`strength` on each term, applied to the intensities behind the z-scores (where `inside`, when given)."""
    axes = np.meshgrid(*[np.linspace(-1, 1, n, dtype=np.float32) for n in x.shape], indexing="ij")
    terms = axes + [a * a for a in axes] + [axes[0] * axes[1], axes[1] * axes[2], axes[0] * axes[2]]
    field = np.exp(sum(rng.uniform(-strength, strength) * t for t in terms))
    biased = (x - background) * field + background
    return biased if inside is None else np.where(inside, biased, x)


def augment(x, rng, method):
    # Contrast and brightness vary between scanners and subjects; the phantoms vary less than patients do.
    if method == "zscore":
        # Unbounded input (a bright lesion keeps its contrast): scale and shift, no gamma.
        x = x * rng.uniform(0.9, 1.1) + rng.uniform(-0.1, 0.1) + rng.normal(0, 0.02, size=x.shape)
    else:
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


def train(model_id, spec, samples, seed, log, device, bf16, method, hard_share, stage1=None):
    """One one-cycle run from random weights, then, where the spec has a `restart`, a second one from the first's
    weights. `stage1`: weights of an earlier first run to restart from (the first run is then skipped)."""
    torch.manual_seed(seed)
    classes = spec["classes"]
    net = UNet3D(classes, levels=spec.get("levels", 3), norm=spec.get("norm", "batch")).to(device)
    seconds = 0.0
    if stage1 is None:
        seconds += fit(net, model_id, spec, samples, spec["steps"], 3e-3, 0.1, np.random.default_rng(seed), log, device, bf16,
                       method, hard_share)
        if spec.get("restart"):
            torch.save(net.state_dict(), stage1_path(log, model_id))
    else:
        net.load_state_dict(torch.load(stage1, map_location=device))
    if spec.get("restart"):
        restart = spec["restart"]
        # Its own random stream, so that a restart from saved first-run weights draws what the whole run draws.
        seconds += fit(net, model_id + " (restart)", spec, samples, restart["steps"], restart["max_lr"], 0.05,
                       np.random.default_rng(seed + 1), log, device, bf16, method, hard_share)
    return net, seconds


def stage1_path(log, model_id):
    return os.path.join(os.path.dirname(log.name), model_id + ".stage1.pt")


def fit(net, name, spec, samples, steps, max_lr, warmup, rng, log, device, bf16, method, hard_share):
    """One one-cycle run of `steps` steps on `net` (in place); returns its seconds."""
    classes = spec["classes"]
    net.train()
    optimiser = torch.optim.AdamW(net.parameters(), lr=max_lr, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=max_lr, total_steps=steps, pct_start=warmup)
    # Unweighted losses: class weights and a positive weight trade precision for recall and swell every structure
    # (the first models over-segmented bones by half and called every subject M1b). Balance comes from the crops.
    sequences = list(samples)
    weights = np.array([spec["sequences"][q] for q in sequences], float)
    weights /= weights.sum()
    started = time.time()
    for step in range(1, steps + 1):
        xs, ys = [], []
        for _ in range(spec.get("batch", 2)):
            pool = samples[sequences[rng.choice(len(sequences), p=weights)]]
            sample = pool[rng.integers(len(pool))]
            x, y, inside = crop(sample, spec["crop"], rng, focus=rng.random() < spec["focus"], hard=rng.random() < hard_share)
            if spec.get("bias") and rng.random() < 0.5:
                x = bias_field(x, rng, sample.background, inside, spec["bias"])
            x, flipped = augment(x, rng, method)
            if flipped:
                y = y[:, :, ::-1]
            xs.append(np.ascontiguousarray(x, dtype=np.float32))
            ys.append(np.ascontiguousarray(y))
        x = torch.from_numpy(np.stack(xs))[:, None].to(device)
        y = torch.from_numpy(np.stack(ys)).to(device)
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16):
            logits = net(x)
        logits = logits.float()
        if classes > 1:
            onehot = F.one_hot(y, classes).permute(0, 4, 1, 2, 3).float()
            loss = F.cross_entropy(logits, y) + dice_loss(torch.softmax(logits, 1)[:, 1:], onehot[:, 1:])
        else:
            target = y[:, None].float()
            loss = F.binary_cross_entropy_with_logits(logits, target) + dice_loss(torch.sigmoid(logits), target, dims=(0, 1, 2, 3, 4))
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
        if step % 50 == 0 or step == 1:
            widen(log)
            line = f"{name} step {step}/{steps} loss {loss.item():.4f} {time.time() - started:.0f}s"
            print(line, flush=True)
            log.write(line + "\n")
    return time.time() - started


WIDEN = None  # set by --widen-when


def widen(log):
    """From when the file `WIDEN` names exists (the other training process has ended), use every core. `fit` asks
    every 50 steps."""
    cores = os.cpu_count() or 1
    if WIDEN and torch.get_num_threads() < cores and os.path.exists(WIDEN):
        torch.set_num_threads(cores)
        line = f"{WIDEN} exists: now {cores} threads"
        print(line, flush=True)
        log.write(line + "\n")


def predict(net, x, device, bf16):
    with torch.no_grad(), torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16):
        return torch.sigmoid(net(torch.from_numpy(x)[None, None].to(device)).float())[0, 0].cpu().numpy()


def lesion_counts(probability, truth, inside, threshold):
    """Lesion-level counts as the node's analysis and `dicomnode evaluate` make them (26-connected components of at
    least 0.2 cm³, detected = any overlap), on the model grid."""
    from scipy import ndimage
    structure = np.ones((3, 3, 3), bool)
    minimum = int(np.ceil(MIN_COMPONENT_MM3 / GRID_VOXEL_MM3))
    predicted = probability >= threshold
    if inside is not None:
        predicted &= inside
    p_labels, p_count = ndimage.label(predicted, structure)
    t_labels, t_count = ndimage.label(truth > 0, structure)
    p_sizes = np.bincount(p_labels.ravel(), minlength=p_count + 1)
    t_sizes = np.bincount(t_labels.ravel(), minlength=t_count + 1)
    kept = [i for i in range(1, p_count + 1) if p_sizes[i] >= minimum]
    counting = [i for i in range(1, t_count + 1) if t_sizes[i] >= minimum]
    # Stricter than "any overlap", so that one blob over a whole bone cannot pass for a detection: a predicted
    # component is true when at least a tenth of it is lesion.
    true_components = [i for i in kept if np.mean(t_labels[p_labels == i] > 0) >= 0.1]
    true_mask = np.isin(p_labels, true_components)
    detected = sum(1 for i in counting if np.any(true_mask[t_labels == i]))
    return len(counting), detected, len(kept), len(true_components)


def calibrate(net, model_id, validation, device, bf16, log):
    """The sigmoid threshold that maximises lesion-level F1 on validation phantoms (never the held-out ones)."""
    net.eval()
    cases = [(predict(net, s.x, device, bf16), s.y, s.mask) for s in validation]
    best = (-1.0, 0.5)
    for threshold in np.round(np.arange(0.3, 0.96, 0.05), 2):
        totals = np.zeros(4)
        for probability, truth, inside in cases:
            totals += lesion_counts(probability, truth, inside, threshold)
        truth_n, detected, predicted, true_predicted = totals
        recall = detected / truth_n if truth_n else 0.0
        precision = true_predicted / predicted if predicted else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        line = f"{model_id} threshold {threshold:.2f}: recall {recall:.3f} precision {precision:.3f} F1 {f1:.3f}"
        print(line, flush=True)
        log.write(line + "\n")
        if f1 > best[0] + 1e-9 or (abs(f1 - best[0]) <= 1e-9 and threshold > best[1]):
            best = (f1, float(threshold))
    net.train()
    return best


class Mirrored(nn.Module):
    """The mean of a network's probabilities on the image and on its left-right mirror image, mirrored back (the last
    axis, the one the training flips)."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return (self.net(x) + torch.flip(self.net(torch.flip(x, [4])), [4])) / 2


def export(net, path, grid, mirror=False):
    net.eval()
    net.probabilities = True
    dummy = torch.zeros(1, 1, *grid)
    torch.onnx.export(Mirrored(net) if mirror else net, dummy, path, opset_version=17, input_names=["image"], output_names=["probabilities"],
                      do_constant_folding=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument("--threads", type=int, default=max(1, os.cpu_count() or 1))
    parser.add_argument("--only", nargs="*", default=list(MODELS))
    parser.add_argument("--steps-scale", type=float, default=1.0, help="multiply every model's step count (a GPU affords more)")
    parser.add_argument("--resume", action="store_true",
                        help="restart from the first run's weights saved in OUT/training (<model>.stage1.pt) instead of running it again")
    parser.add_argument("--widen-when", metavar="FILE",
                        help="use every core from when FILE exists (the recipe creates it when the other training process ends)")
    parser.add_argument("--validation", help="training-data folder of validation phantoms; calibrates the sigmoid thresholds")
    parser.add_argument("--fp32", action="store_true", help="train in float32 (default: bfloat16 autocast, about 1.6x faster on CPU)")
    parser.add_argument("--manifest", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models.json"),
                        help="the manifest the training data was made with: each model's normalization (for the augmentation), cascade input fill and the sequences it is calibrated on")
    args = parser.parse_args()
    with open(args.manifest) as f:
        manifest = json.load(f)["models"]
    normalization = {m["id"]: m["normalization"]["method"] for m in manifest}
    fills = {m["id"]: m.get("cascade", {}).get("inputFill", 0.0) for m in manifest}
    applies = {m["id"]: m["appliesTo"] for m in manifest}
    torch.set_num_threads(args.threads)
    global WIDEN
    WIDEN = args.widen_when
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    bf16 = not args.fp32
    random.seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "training", "train-log.txt"), "a") as log:
        for model_id in args.only:
            spec = dict(MODELS[model_id])
            spec["steps"] = int(spec["steps"] * args.steps_scale)
            if spec.get("restart"):
                spec["restart"] = dict(spec["restart"], steps=int(spec["restart"]["steps"] * args.steps_scale))
            stage1 = None
            if args.resume and not spec.get("restart"):
                sys.exit(f"--resume: {model_id} has no restart to resume (only models with a `restart` in MODELS do)")
            if args.resume:
                stage1 = stage1_path(log, model_id)
                if not os.path.exists(stage1):
                    sys.exit(f"--resume: {stage1} is missing (the first run saves it)")
            hard_model, hard_share = spec.get("hard", (None, 0.0))
            samples = load(args.data, model_id, spec["sequences"], hard_model, fills[model_id], spec.get("folders"))
            if not samples:
                sys.exit(f"no training data for {model_id} in {args.data}")
            method = normalization[model_id]
            grid = next(iter(samples.values()))[0].x.shape
            net, seconds = train(model_id, spec, samples, args.seed, log, device, bf16, method, hard_share, stage1)
            torch.save(net.state_dict(), os.path.join(args.out, "training", model_id + ".pt"))
            summary = dict(model=model_id, samples=sum(len(v) for v in samples.values()), steps=spec["steps"],
                           restart=spec.get("restart"), resumed=stage1 is not None,
                           sequences=spec["sequences"], crop=spec["crop"], grid=grid, normalization=method,
                           seconds=round(seconds), torch=torch.__version__, seed=args.seed, device=device.type,
                           precision="bfloat16" if bf16 else "float32")
            if spec["classes"] == 1 and args.validation:
                # Calibrated on the sequences the node runs it on, which may be fewer than it learnt from.
                validation = [s for found in load(args.validation, model_id, applies[model_id], fill=fills[model_id]).values() for s in found]
                f1, threshold = calibrate(net, model_id, validation, device, bf16, log)
                summary.update(threshold=threshold, validationF1=round(f1, 3), validationSeries=len(validation))
            net.cpu()
            export(net, os.path.join(args.out, model_id + ".onnx"), grid, spec.get("mirror", False))
            print(json.dumps(summary), flush=True)
            log.write(json.dumps(summary) + "\n")


if __name__ == "__main__":
    main()
