#!/usr/bin/env bash
# Issue 22, acceptance a (the job part): the peak memory (VmHWM, /usr/bin/time's maximum resident set size) of
# `dicomnode analyze` on a phantom study that also holds a 1 GiB uncompressed MR instance and a Deflated instance of
# 1.9 MB that inflates to 1.97 GB (each in a series of its own, headers copied from the study's T1), against the same
# study without them. The node reads those two instances' headers, never their pixel data, so both runs should peak
# alike. Demonstration models (synthetic phantoms, not for clinical use).
#
#   tools/hardening/huge-instance-job.sh [WORK_DIR]      # default a new /tmp/huge-instance-job.XXXX; SEED (10004)
#
# Needs /usr/bin/time (Debian `time`), python3-pydicom, and ~1.1 GB of disk (the 1 GiB file is sparse where the
# file system allows).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-$(mktemp -d /tmp/huge-instance-job.XXXX)}"
seed="${SEED:-10004}"
node="${DICOMNODE_BIN:-$repo/src/DicomNode.Service/bin/Release/net10.0/dicomnode}"
[ -x "$node" ] || dotnet build -c Release "$repo/src/DicomNode.Service/DicomNode.Service.csproj" -v q -nologo
mkdir -p "$work"
"$node" phantom --seed "$seed" --out "$work/phantom" > /dev/null
study="$work/phantom/phantom-$seed/dicom"

/usr/bin/python3 - "$study" <<'PY'
import glob, io, os, struct, sys, zlib
import pydicom
from pydicom.filewriter import write_dataset, write_file_meta_info
from pydicom.uid import generate_uid, ExplicitVRLittleEndian, DeflatedExplicitVRLittleEndian
study = sys.argv[1]
template = pydicom.dcmread(sorted(f for f in glob.glob(study + '/**/*', recursive=True) if os.path.isfile(f))[0])

def header(syntax, rows, columns, description, number):
    """Preamble, meta information and data set up to Pixel Data, for a new series of one 16-bit image."""
    d = template.copy()
    del d.PixelData
    d.SeriesInstanceUID, d.SOPInstanceUID = generate_uid(), generate_uid()
    d.file_meta.MediaStorageSOPInstanceUID = d.SOPInstanceUID
    d.file_meta.TransferSyntaxUID = syntax
    d.SeriesDescription, d.SeriesNumber = description, number
    d.Rows, d.Columns, d.BitsAllocated, d.BitsStored, d.HighBit = rows, columns, 16, 16, 15
    def encode(write, item):
        buffer = io.BytesIO()
        out = pydicom.filebase.DicomFileLike(buffer)
        out.is_little_endian, out.is_implicit_VR = True, False
        write(out, item)
        return buffer.getvalue()
    meta = encode(lambda out, m: write_file_meta_info(out, m, enforce_standard=True), d.file_meta)
    return b'\0' * 128 + b'DICM' + meta, encode(write_dataset, d)

def pixel_data(length):
    return struct.pack('<HH2sHI', 0x7FE0, 0x0010, b'OW', 0, length)

huge = 32768 * 16384 * 2
prefix, body = header(ExplicitVRLittleEndian, 32768, 16384, 'huge 1 GiB', 900)
with open(os.path.join(study, 'huge.dcm'), 'wb') as f:
    f.write(prefix + body + pixel_data(huge))
    f.truncate(f.tell() + huge)

inflated = 30000 * 32768 * 2
prefix, body = header(DeflatedExplicitVRLittleEndian, 30000, 32768, 'deflate bomb', 901)
deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
zeros = b'\0' * (1 << 24)
with open(os.path.join(study, 'bomb.dcm'), 'wb') as f:
    f.write(prefix + deflate.compress(body + pixel_data(inflated)))
    for offset in range(0, inflated, len(zeros)):
        f.write(deflate.compress(zeros[:min(len(zeros), inflated - offset)]))
    f.write(deflate.flush())
print(f"huge.dcm {os.path.getsize(os.path.join(study, 'huge.dcm'))} bytes; bomb.dcm {os.path.getsize(os.path.join(study, 'bomb.dcm'))} bytes, inflating to {inflated}")
PY

peak() { grep "Maximum resident set size" "$1" | awk '{print int($NF / 1024)}'; }
/usr/bin/time -v "$node" analyze "$study" --out "$work/with" > "$work/with.log" 2> "$work/with.time"
mkdir -p "$work/aside" && mv "$study/huge.dcm" "$study/bomb.dcm" "$work/aside/"
/usr/bin/time -v "$node" analyze "$study" --out "$work/without" > "$work/without.log" 2> "$work/without.time"
echo "peak RSS of analyze: with the 1 GiB instance and the deflate bomb $(peak "$work/with.time") MiB, without them $(peak "$work/without.time") MiB (load $(cut -d' ' -f1-3 /proc/loadavg)); logs in $work"
