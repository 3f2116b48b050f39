#!/usr/bin/python3
"""Writes pixel-fixture.json: what pydicom decodes from its own test files, as hashes.

Run with Debian's pydicom 2.3 and numpy:  /usr/bin/python3 make-pixel-fixture.py
The C# tests decode the same files with DicomPixelData and compare.

Canonical layouts hashed per frame (SHA-256, lower-case hex):
  raw    - the frame as pydicom's pixel_array returns it, converted to little-endian,
           color-by-pixel (rows, columns, samples); for BitsAllocated 1 the 0/1 array is
           packed again LSB-first (PS3.5 §8.1.1), which is what GetFrameInterleaved returns.
  values - the stored values as little-endian int64, color-by-pixel: bits HighBit-BitsStored+1
           .. HighBit taken, sign-extended when PixelRepresentation is 1 (PS3.3 §C.7.6.3.1).
"""
import hashlib
import json
import os
import sys

import numpy as np
import pydicom

CORPUS = os.path.join(os.path.dirname(pydicom.__file__), "data", "test_files")
FILES = [
    "MR_small.dcm",
    "MR_small_bigendian.dcm",
    "MR_small_implicit.dcm",
    "MR_small_expb.dcm",
    "MR_small_padded.dcm",
    "MR_small_RLE.dcm",
    "CT_small.dcm",
    "SC_rgb_small_odd.dcm",
    "SC_ybr_full_422_uncompressed.dcm",
    "ExplVR_BigEnd.dcm",
    "image_dfl.dcm",
    "SC_rgb_rle.dcm",
    "SC_rgb_rle_2frame.dcm",
    "SC_rgb_rle_16bit.dcm",
    "SC_rgb_rle_16bit_2frame.dcm",
    "SC_rgb_rle_32bit.dcm",
    "SC_rgb_rle_32bit_2frame.dcm",
    "rtdose.dcm",
    "rtdose_1frame.dcm",
    "rtdose_expb.dcm",
    "rtdose_expb_1frame.dcm",
    "rtdose_rle.dcm",
    "rtdose_rle_1frame.dcm",
    "liver_1frame.dcm",
    "liver_expb_1frame.dcm",
]
UNSUPPORTED = ["JPEG-lossy.dcm", "JPEG2000.dcm", "MR_small_jpeg_ls_lossless.dcm"]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stored_values(frame: np.ndarray, ds) -> np.ndarray:
    values = frame.astype(np.int64)
    shift = int(ds.HighBit) + 1 - int(ds.BitsStored)
    mask = (1 << int(ds.BitsStored)) - 1
    values = (values >> shift) & mask
    if int(ds.PixelRepresentation) == 1:
        sign = 1 << (int(ds.BitsStored) - 1)
        values = np.where(values & sign, values - (1 << int(ds.BitsStored)), values)
    return values


def describe(name: str) -> dict:
    ds = pydicom.dcmread(os.path.join(CORPUS, name))
    arr = ds.pixel_array
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    samples = int(ds.SamplesPerPixel)
    if frames == 1:
        arr = arr[np.newaxis, ...]
    if samples == 1:
        arr = arr[..., np.newaxis]
    slope = float(ds.get("RescaleSlope", 1) or 1)
    intercept = float(ds.get("RescaleIntercept", 0) or 0)
    out = {
        "file": name,
        "transferSyntax": str(ds.file_meta.TransferSyntaxUID),
        "frames": frames,
        "rows": int(ds.Rows),
        "columns": int(ds.Columns),
        "samplesPerPixel": samples,
        "bitsAllocated": int(ds.BitsAllocated),
        "bitsStored": int(ds.BitsStored),
        "pixelRepresentation": int(ds.PixelRepresentation),
        "photometricInterpretation": str(ds.PhotometricInterpretation),
        "dtype": arr.dtype.newbyteorder("<").str,
        "rescaleSlope": slope,
        "rescaleIntercept": intercept,
        "framesDetail": [],
    }
    for i in range(frames):
        frame = arr[i]
        if int(ds.BitsAllocated) == 1:
            raw = np.packbits(frame.ravel(), bitorder="little").tobytes()
        else:
            raw = frame.astype(frame.dtype.newbyteorder("<")).tobytes()
        values = stored_values(frame, ds).ravel()
        real = values.astype(np.float64) * slope + intercept
        count = values.size
        picks = sorted({0, 1, count // 3, count // 2, count - 1})
        out["framesDetail"].append({
            "rawSha256": sha256(raw),
            "valuesSha256": sha256(values.astype("<i8").tobytes()),
            "min": int(values.min()),
            "max": int(values.max()),
            "samples": {str(p): int(values[p]) for p in picks},
            "realMean": float(real.mean()),
        })
    return out


def main() -> None:
    fixture = {
        "generator": "make-pixel-fixture.py",
        "pydicom": pydicom.__version__,
        "numpy": np.__version__,
        "files": [describe(name) for name in FILES],
        "unsupported": [
            {"file": name, "transferSyntax": str(pydicom.dcmread(os.path.join(CORPUS, name)).file_meta.TransferSyntaxUID)}
            for name in UNSUPPORTED
        ],
    }
    target = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pixel-fixture.json")
    with open(target, "w", encoding="utf-8") as f:
        json.dump(fixture, f, indent=1, sort_keys=False)
        f.write("\n")
    print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
