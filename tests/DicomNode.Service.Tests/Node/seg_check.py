#!/usr/bin/python3
"""Checks received DICOM SEGs against the phantom truth, with pydicom and nibabel only (none of the node's code).

For every frame: its source image (Derivation Image → ReferencedSOPInstanceUID) must be a slice of the analysed
series at the frame's Plane Position; the frame is placed into the truth NIfTI's grid through that position; then
each bone segment's voxels are compared with the truth bone labels (DSC per bone label, both sides together).
Exit 1 when a frame is misplaced or a SEG's mean bone DSC is below --min-dsc.
"""
import argparse
import glob
import json
import os
import sys

import nibabel
import numpy as np
import pydicom

# Segmented property type code → bone label of the truth files (models/models.json).
BONE_CODES = {"122496007": 1, "1217254007": 2, "22356005": 3, "37783008": 4, "2812003": 5, "29627003": 6, "85710004": 7, "66040006": 8}


def series_index(phantoms):
    index = {}
    for truth_path in glob.glob(os.path.join(phantoms, "phantom-*", "truth.json")):
        subject = os.path.dirname(truth_path)
        with open(truth_path) as f:
            truth = json.load(f)
        for series in truth["series"]:
            files = sorted(glob.glob(os.path.join(subject, series["folder"], "*.dcm")))
            positions = {}
            uid = None
            for path in files:
                ds = pydicom.dcmread(path, stop_before_pixels=True)
                uid = ds.SeriesInstanceUID
                positions[ds.SOPInstanceUID] = [float(v) for v in ds.ImagePositionPatient]
            index[uid] = (subject, series, positions)
    return index


def frames(seg):
    n, rows, cols = int(seg.NumberOfFrames), seg.Rows, seg.Columns
    bits = np.unpackbits(np.frombuffer(seg.PixelData, dtype=np.uint8), bitorder="little")
    return bits[: n * rows * cols].reshape(n, rows, cols)


def check(path, index, min_dsc):
    seg = pydicom.dcmread(path)
    source_uid = seg.ReferencedSeriesSequence[0].SeriesInstanceUID
    if source_uid not in index:
        return f"{os.path.basename(path)}: source series {source_uid} is not a phantom series", False
    subject, series, positions = index[source_uid]
    truth_image = nibabel.load(os.path.join(subject, series["boneLabels"]))
    truth = np.asarray(truth_image.dataobj).astype(np.uint8)
    inverse = np.linalg.inv(truth_image.affine)
    labels = {}
    for item in seg.SegmentSequence:
        code = item.SegmentedPropertyTypeCodeSequence[0].CodeValue
        if code in BONE_CODES:
            labels[item.SegmentNumber] = BONE_CODES[code]
    predicted = np.zeros(truth.shape, dtype=np.uint8)
    data = frames(seg)
    for number, item in enumerate(seg.PerFrameFunctionalGroupsSequence):
        source = item.DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID
        position = [float(v) for v in item.PlanePositionSequence[0].ImagePositionPatient]
        if source not in positions:
            return f"{os.path.basename(path)}: frame {number + 1} derives from {source}, not an image of its series", False
        if max(abs(a - b) for a, b in zip(position, positions[source])) > 0.01:
            return f"{os.path.basename(path)}: frame {number + 1} at {position} but its source slice is at {positions[source]}", False
        ras = np.array([-position[0], -position[1], position[2], 1.0])
        i, j, k = (inverse @ ras)[:3]
        if abs(i) > 0.01 or abs(j) > 0.01 or abs(k - round(k)) > 0.01:
            return f"{os.path.basename(path)}: frame {number + 1} origin maps to voxel ({i:.3f}, {j:.3f}, {k:.3f}), not a slice corner", False
        segment = item.SegmentIdentificationSequence[0].ReferencedSegmentNumber
        if segment in labels:
            plane = predicted[:, :, int(round(k))]
            plane[data[number].T.astype(bool)] = labels[segment]
    if not labels:
        # A lesion SEG (metastases and lymph nodes; the bones are in their own SEG): frames checked, no bone DSC.
        return f"{os.path.basename(subject)} {series['folder']}: {len(seg.PerFrameFunctionalGroupsSequence)} frames on their source slices, lesion SEG", True
    scores = []
    for label in range(1, 9):
        t, p = truth == label, predicted == label
        if t.sum() + p.sum() > 0:
            scores.append(2.0 * np.logical_and(t, p).sum() / (t.sum() + p.sum()))
    mean = float(np.mean(scores)) if scores else 0.0
    line = f"{os.path.basename(subject)} {series['folder']}: {len(seg.PerFrameFunctionalGroupsSequence)} frames on their source slices, mean bone DSC {mean:.3f} over {len(scores)} labels"
    return line, mean >= min_dsc


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--phantoms", required=True)
    parser.add_argument("--segs", required=True, help="comma-separated SEG files")
    parser.add_argument("--min-dsc", type=float, default=0.85)
    args = parser.parse_args()
    index = series_index(args.phantoms)
    failed = False
    for path in args.segs.split(","):
        line, ok = check(path, index, args.min_dsc)
        print(("" if ok else "FAIL ") + line)
        failed |= not ok
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
