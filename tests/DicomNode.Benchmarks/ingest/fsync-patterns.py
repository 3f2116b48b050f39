#!/usr/bin/env python3
"""The disk's share of a durable store, three ways, on the file system of FOLDER (default /tmp).

Writes COUNT files of 133 KB (the ingest benchmark's MR instances) in alternating rounds and prints milliseconds
per file, then the median of three rounds:
  A  the final name, fsync of the file, fsync of its folder (storescp with ingest/fsync-on-close.so);
  B  a file in tmp/, fsync, link into the folder and unlink from tmp/, fsync of the folder (the inbox's way);
  C  an unnamed file in the folder (O_TMPFILE), fsync, linkat from /proc/self/fd, fsync of the folder;
  D  an append to one journal file written in full beforehand (no block or size changes), fdatasync: the least a
     receiver that keeps its instances in a log, not one file each, would pay per instance.
Usage: /usr/bin/python3 tests/DicomNode.Benchmarks/ingest/fsync-patterns.py [COUNT] [FOLDER]   (Linux only)
The files are left in a new folder under FOLDER (deleting them right away slows the next run on ext4 without a journal).
"""
import ctypes
import os
import sys
import tempfile
import time

libc = ctypes.CDLL(None, use_errno=True)
AT_FDCWD = -100
AT_SYMLINK_FOLLOW = 0x400
DATA = os.urandom(133 * 1024)


def fsync_folder(folder):
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    os.fsync(fd)
    os.close(fd)


def final_name(root, i):
    fd = os.open(f"{root}/out/MR.{i}", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    os.write(fd, DATA)
    os.fsync(fd)
    os.close(fd)
    fsync_folder(f"{root}/out")


def temporary_then_rename(root, i):
    temporary = f"{root}/tmp/{i}.tmp"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    os.write(fd, DATA)
    os.fsync(fd)
    os.close(fd)
    os.link(temporary, f"{root}/out/{i}.dcm")
    os.unlink(temporary)
    fsync_folder(f"{root}/out")


def unnamed_then_link(root, i):
    fd = os.open(f"{root}/out", os.O_WRONLY | os.O_TMPFILE, 0o644)
    os.write(fd, DATA)
    os.fsync(fd)
    if libc.linkat(AT_FDCWD, f"/proc/self/fd/{fd}".encode(), AT_FDCWD, f"{root}/out/{i}.dcm".encode(), AT_SYMLINK_FOLLOW) != 0:
        raise OSError(ctypes.get_errno(), "linkat")
    os.close(fd)
    fsync_folder(f"{root}/out")


JOURNALS = {}


def journal_append(root, i):
    fd = JOURNALS.get(root)
    if fd is None:
        # Written in full and synced before the round: later writes overwrite allocated blocks and never grow the file.
        fd = os.open(f"{root}/out/journal", os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(fd, bytes(len(DATA) * JOURNAL_LENGTH))
        os.fsync(fd)
        fsync_folder(f"{root}/out")
        JOURNALS[root] = fd
    os.pwrite(fd, DATA, len(DATA) * i)
    os.fdatasync(fd)


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    base = tempfile.mkdtemp(prefix="fsync-patterns-", dir=sys.argv[2] if len(sys.argv) > 2 else "/tmp")
    global JOURNAL_LENGTH
    JOURNAL_LENGTH = count
    patterns = (("A final name", final_name), ("B tmp/ and rename", temporary_then_rename), ("C unnamed and link", unnamed_then_link),
                ("D journal and fdatasync", journal_append))
    times = {name: [] for name, _ in patterns}
    for round_number in range(3):
        for name, write in patterns:
            root = f"{base}/{name[0]}{round_number}"
            os.makedirs(f"{root}/out")
            os.makedirs(f"{root}/tmp")
            fsync_folder(root)
            if write is journal_append:
                journal_append(root, 0)
            start = time.perf_counter()
            for i in range(count):
                write(root, i)
            per_file = (time.perf_counter() - start) / count * 1000
            times[name].append(per_file)
            print(f"round {round_number + 1} {name}: {per_file:.3f} ms per file", flush=True)
    for name, values in times.items():
        print(f"median {name}: {sorted(values)[1]:.3f} ms per file")
    print(f"files left in {base}")


if __name__ == "__main__":
    main()
