#!/usr/bin/python3
"""Writes charset-fixture.json from pydicom's character set test files.

Run with Debian's python3 and pydicom 2.3:
    /usr/bin/python3 tests/DicomNode.Dicom.Tests/Text/make-charset-fixture.py

For every text element whose VR uses Specific Character Set (PS3.5 §6.1.2.3),
including elements inside sequence items, the fixture holds the (0008,0005)
terms in force, the raw value bytes (base64) and pydicom's decoded string.
pydicom trims trailing spaces/NULs (per value for text VRs, per element for
PN), so the C# test normalises its own output the same way before comparing.
"""
import base64
import json
import os

import pydicom
from pydicom.dataelem import RawDataElement
from pydicom.data import get_charset_files

CHARSET_VRS = {"PN", "LO", "SH", "ST", "LT", "UT", "UC"}
NAMES = [
    "chrArab", "chrFren", "chrFrenMulti", "chrGerm", "chrGreek", "chrH31",
    "chrH32", "chrHbrw", "chrI2", "chrJapMulti", "chrJapMultiExplicitIR6",
    "chrKoreanMulti", "chrRuss", "chrSQEncoding", "chrSQEncoding1", "chrX1",
    "chrX2",
]
HERE = os.path.dirname(os.path.abspath(__file__))


def terms_of(ds, inherited):
    if "SpecificCharacterSet" not in ds:
        return inherited
    value = ds.SpecificCharacterSet
    if isinstance(value, str):
        value = [value]
    return [str(v).strip() for v in value]


def as_text(vr, value):
    if value is None:
        return ""
    if isinstance(value, (list, pydicom.multival.MultiValue)):
        return "\\".join(as_text(vr, v) for v in value)
    return str(value)


def walk(ds, terms, path, out):
    terms = terms_of(ds, terms)
    for tag in list(ds.keys()):
        raw = ds.get_item(tag)
        vr = raw.VR
        elem = ds[tag]  # converts the raw element with the dataset's character set
        here = path + [f"({tag.group:04X},{tag.element:04X})"]
        if elem.VR == "SQ":
            for i, item in enumerate(elem.value):
                walk(item, terms, here + [f"[{i}]"], out)
            continue
        if vr not in CHARSET_VRS or not isinstance(raw, RawDataElement):
            continue
        out.append({
            "path": "/".join(here),
            "vr": vr,
            "terms": terms,
            "bytes": base64.b64encode(raw.value or b"").decode("ascii"),
            "expected": as_text(vr, elem.value),
        })


def main():
    files = {os.path.splitext(os.path.basename(p))[0]: p for p in get_charset_files("*.dcm")}
    fixture = []
    for name in NAMES:
        ds = pydicom.dcmread(files[name])
        values = []
        walk(ds, [""], [], values)
        fixture.append({"file": name, "terms": terms_of(ds, [""]), "values": values})
    with open(os.path.join(HERE, "charset-fixture.json"), "w", encoding="utf-8") as f:
        json.dump({"generator": f"pydicom {pydicom.__version__}", "files": fixture}, f,
                  ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
