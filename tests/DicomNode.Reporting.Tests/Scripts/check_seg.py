"""Reads a DICOM SEG written by DicomNode with pydicom and rebuilds each segment on its source grid.

Usage: check_seg.py SEG EXPECTED_JSON EXPECTED_BIN

EXPECTED_JSON: {"columns", "rows", "slices", "sourceUids": [SOP Instance UID of slice k, in k order],
                "sourceDir": folder of the source MR files (or null), "sourcePositions": [[x, y, z] per k] (used without sourceDir)}
EXPECTED_BIN:  int32 little endian: for each segment, its number, its voxel count, then its voxel indices (i fastest).

Each frame is placed twice, independently: through Derivation Image -> Source Image -> Referenced SOP Instance UID
(looked up in sourceUids), and through Plane Position (Patient) matched against the source slices' Image Position
(Patient) read from the source files. Prints one JSON object: per segment the Dice coefficient of each placement
against the expected voxels, and a list of problems.
"""
import json
import os
import sys

import numpy as np
import pydicom


def main():
    seg_path, expected_json, expected_bin = sys.argv[1:4]
    expected = json.load(open(expected_json))
    problems = []
    ds = pydicom.dcmread(seg_path)
    rows, cols, slices = expected["rows"], expected["columns"], expected["slices"]
    plane = rows * cols

    def check(condition, message):
        if not condition:
            problems.append(message)

    check(ds.SOPClassUID == "1.2.840.10008.5.1.4.1.1.66.4", "SOP class is %s" % ds.SOPClassUID)
    check(ds.file_meta.TransferSyntaxUID == "1.2.840.10008.1.2.1", "transfer syntax is %s" % ds.file_meta.TransferSyntaxUID)
    check((ds.BitsAllocated, ds.BitsStored, ds.HighBit) == (1, 1, 0), "bits %s/%s/%s" % (ds.BitsAllocated, ds.BitsStored, ds.HighBit))
    check((ds.Rows, ds.Columns) == (rows, cols), "SEG is %dx%d, source %dx%d" % (ds.Rows, ds.Columns, rows, cols))
    check(ds.SegmentationType == "BINARY", "segmentation type %s" % ds.SegmentationType)
    frames = int(ds.NumberOfFrames)
    raw = ds.PixelData
    packed = (frames * plane + 7) // 8
    check(len(raw) == packed + (packed % 2), "PixelData is %d bytes for %d frames of %d pixels" % (len(raw), frames, plane))
    check(all(b == 0 for b in raw[packed:]), "padding byte is not 0x00")
    check(ds["PixelData"].VR == "OB", "PixelData VR is %s" % ds["PixelData"].VR)

    # Our own unpacking: LSB first, frames back to back at the bit level.
    bits = np.unpackbits(np.frombuffer(raw, dtype=np.uint8), bitorder="little")[: frames * plane]
    own = bits.reshape(frames, rows, cols)
    # pydicom's own decoder must agree.
    theirs = ds.pixel_array.reshape(frames, rows, cols)
    check(np.array_equal(own, theirs), "pydicom's pixel_array differs from LSB-first unpacking")

    uid_to_k = {uid: k for k, uid in enumerate(expected["sourceUids"])}
    if expected.get("sourceDir"):
        positions_by_uid = {}
        for name in os.listdir(expected["sourceDir"]):
            src = pydicom.dcmread(os.path.join(expected["sourceDir"], name), stop_before_pixels=True)
            positions_by_uid[src.SOPInstanceUID] = [float(v) for v in src.ImagePositionPatient]
            source_orientation = [float(v) for v in src.ImageOrientationPatient]
            source_spacing = [float(v) for v in src.PixelSpacing]
        positions = np.array([positions_by_uid[uid] for uid in expected["sourceUids"]])
        shared = ds.SharedFunctionalGroupsSequence[0]
        orientation = [float(v) for v in shared.PlaneOrientationSequence[0].ImageOrientationPatient]
        spacing = [float(v) for v in shared.PixelMeasuresSequence[0].PixelSpacing]
        check(np.allclose(orientation, source_orientation, atol=1e-5), "orientation %s vs source %s" % (orientation, source_orientation))
        check(np.allclose(spacing, source_spacing, atol=1e-5), "pixel spacing %s vs source %s" % (spacing, source_spacing))
    else:
        positions = np.array(expected["sourcePositions"], dtype=float)

    segment_numbers = [int(s.SegmentNumber) for s in ds.SegmentSequence]
    check(segment_numbers == list(range(1, len(segment_numbers) + 1)), "segment numbers %s" % segment_numbers)
    by_derivation = {n: np.zeros(rows * cols * slices, dtype=bool) for n in segment_numbers}
    by_position = {n: np.zeros(rows * cols * slices, dtype=bool) for n in segment_numbers}
    previous = (0, 0)
    for f, item in enumerate(ds.PerFrameFunctionalGroupsSequence):
        number = int(item.SegmentIdentificationSequence[0].ReferencedSegmentNumber)
        derivation = item.DerivationImageSequence[0]
        check(derivation.DerivationCodeSequence[0].CodeValue == "113076", "frame %d derivation code" % f)
        sources = derivation.SourceImageSequence
        check(len(sources) == 1, "frame %d has %d source images" % (f, len(sources)))
        source = sources[0]
        check(source.PurposeOfReferenceCodeSequence[0].CodeValue == "121322", "frame %d purpose of reference" % f)
        check(source.SpatialLocationsPreserved == "YES", "frame %d spatial locations preserved" % f)
        k_derived = uid_to_k.get(source.ReferencedSOPInstanceUID)
        check(k_derived is not None, "frame %d derives from an unknown instance" % f)
        ipp = np.array([float(v) for v in item.PlanePositionSequence[0].ImagePositionPatient])
        distance = np.linalg.norm(positions - ipp, axis=1)
        k_position = int(np.argmin(distance))
        check(distance[k_position] < 1e-3, "frame %d lies %.4f mm from the nearest source slice" % (f, distance[k_position]))
        check(k_derived == k_position, "frame %d: derivation says slice %s, position says %d" % (f, k_derived, k_position))
        index = [int(v) for v in item.FrameContentSequence[0].DimensionIndexValues]
        check(index[0] == number, "frame %d dimension index %s for segment %d" % (f, index, number))
        check(tuple(index) > previous, "frame %d out of (segment, position) order" % f)
        previous = tuple(index)
        frame = own[f].reshape(-1).astype(bool)
        check(frame.any(), "frame %d is empty" % f)
        if k_derived is not None:
            by_derivation[number][k_derived * plane:(k_derived + 1) * plane] |= frame
        by_position[number][k_position * plane:(k_position + 1) * plane] |= frame

    data = np.fromfile(expected_bin, dtype="<i4")
    at = 0
    result = {}
    while at < len(data):
        number, count = int(data[at]), int(data[at + 1])
        voxels = data[at + 2: at + 2 + count]
        at += 2 + count
        truth = np.zeros(rows * cols * slices, dtype=bool)
        truth[voxels] = True
        entry = {"expected": int(count)}
        for name, placed in (("derivation", by_derivation), ("position", by_position)):
            found = placed.get(number, np.zeros_like(truth))
            overlap = int(np.count_nonzero(found & truth))
            total = int(np.count_nonzero(found)) + int(np.count_nonzero(truth))
            entry[name] = 2.0 * overlap / total if total else 1.0
        result[str(number)] = entry

    print(json.dumps({"frames": frames, "segments": result, "problems": problems}))


if __name__ == "__main__":
    main()
