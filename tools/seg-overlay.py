#!/usr/bin/python3
"""Draws a DICOM SEG's segments over their source MR slice, from received files only, with pydicom.

An independent check of what the node sends: nothing here uses the node's code. The SEG's frames are placed on
source slices through the Derivation Image references (ReferencedSOPInstanceUID), checked against the frames'
Plane Position; the slice with the most segmented pixels is drawn (or --slice-uid), each segment in its
recommended colour, outlines only so the anatomy stays visible.

    /usr/bin/python3 tools/seg-overlay.py --seg SEG.dcm --source DIR --out overlay.png [--scale 2]
"""
import argparse
import glob
import os
import struct
import sys
import zlib

import numpy as np
import pydicom


def lab_to_rgb(lab16):
    """DICOM CIELab (0-65535 scaled) to sRGB 0-255, D65."""
    l = lab16[0] * 100.0 / 65535.0
    a = lab16[1] * 255.0 / 65535.0 - 128.0
    b = lab16[2] * 255.0 / 65535.0 - 128.0
    fy = (l + 16.0) / 116.0
    fx, fz = fy + a / 500.0, fy - b / 200.0

    def finv(t):
        return t ** 3 if t ** 3 > 0.008856 else (t - 16.0 / 116.0) / 7.787

    x, y, z = 0.95047 * finv(fx), 1.0 * finv(fy), 1.08883 * finv(fz)
    rgb = np.array([3.2406 * x - 1.5372 * y - 0.4986 * z, -0.9689 * x + 1.8758 * y + 0.0415 * z, 0.0557 * x - 0.2040 * y + 1.0570 * z])
    rgb = np.where(rgb <= 0.0031308, 12.92 * rgb, 1.055 * np.power(np.clip(rgb, 0, None), 1 / 2.4) - 0.055)
    return np.clip(rgb * 255, 0, 255).astype(np.uint8)


def frames(seg):
    rows, cols, n = seg.Rows, seg.Columns, int(seg.NumberOfFrames)
    bits = np.unpackbits(np.frombuffer(seg.PixelData, dtype=np.uint8), bitorder="little")
    return bits[: n * rows * cols].reshape(n, rows, cols)


def write_png(path, rgb):
    height, width, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[y].tobytes() for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 6)))
        f.write(chunk(b"IEND", b""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seg", required=True)
    parser.add_argument("--source", required=True, help="folder holding the source MR instances (searched recursively)")
    parser.add_argument("--out", required=True)
    parser.add_argument("--slice-uid")
    parser.add_argument("--scale", type=int, default=2)
    args = parser.parse_args()

    seg = pydicom.dcmread(args.seg)
    data = frames(seg)
    sources = {}
    for path in glob.glob(os.path.join(args.source, "**", "*"), recursive=True):
        if os.path.isfile(path):
            try:
                ds = pydicom.dcmread(path, stop_before_pixels=True)
            except Exception:
                continue
            if ds.get("Modality") == "MR":
                sources[ds.SOPInstanceUID] = path

    colours = {s.SegmentNumber: lab_to_rgb(s.RecommendedDisplayCIELabValue) for s in seg.SegmentSequence}
    labels = {s.SegmentNumber: s.SegmentLabel for s in seg.SegmentSequence}
    by_slice = {}
    for index, item in enumerate(seg.PerFrameFunctionalGroupsSequence):
        uid = item.DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID
        segment = item.SegmentIdentificationSequence[0].ReferencedSegmentNumber
        position = [float(v) for v in item.PlanePositionSequence[0].ImagePositionPatient]
        by_slice.setdefault(uid, []).append((index, segment, position))
    if not by_slice:
        sys.exit("the SEG has no frames")
    uid = args.slice_uid or max(by_slice, key=lambda u: sum(int(data[i].sum()) for i, _, _ in by_slice[u]))
    if uid not in sources:
        sys.exit(f"source image {uid} is not in {args.source}")
    mr = pydicom.dcmread(sources[uid])
    for _, _, position in by_slice[uid]:
        if max(abs(a - float(b)) for a, b in zip(position, mr.ImagePositionPatient)) > 0.01:
            sys.exit(f"frame position {position} differs from the source slice's {list(mr.ImagePositionPatient)}")
    if (mr.Rows, mr.Columns) != (seg.Rows, seg.Columns):
        sys.exit("the SEG is not pixel-aligned with its source")

    image = mr.pixel_array.astype(np.float64)
    low, high = np.percentile(image, [1, 99.5])
    grey = np.clip((image - low) / max(high - low, 1e-6) * 255, 0, 255).astype(np.uint8)
    rgb = np.repeat(grey[:, :, None], 3, axis=2)
    drawn = []
    for index, segment, _ in by_slice[uid]:
        mask = data[index].astype(bool)
        inner = mask.copy()
        inner[1:, :] &= mask[:-1, :]
        inner[:-1, :] &= mask[1:, :]
        inner[:, 1:] &= mask[:, :-1]
        inner[:, :-1] &= mask[:, 1:]
        edge = mask & ~inner
        rgb[mask] = (0.7 * rgb[mask] + 0.3 * colours[segment]).astype(np.uint8)
        rgb[edge] = colours[segment]
        drawn.append(f"{labels[segment]} ({int(mask.sum())} px)")
    if args.scale > 1:
        rgb = rgb.repeat(args.scale, axis=0).repeat(args.scale, axis=1)
    write_png(args.out, rgb)
    print(f"{args.out}: slice {uid} (instance {mr.get('InstanceNumber')}), segments: {', '.join(drawn)}")


if __name__ == "__main__":
    main()
