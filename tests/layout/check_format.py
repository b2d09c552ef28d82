#!/usr/bin/env python3
"""Fails when a C++ source or header under src/, tests/, bench/ or fuzz/ is
not formatted as .clang-format says, naming each file and the command that
fixes it. The formatter is pinned to Debian 12's clang-format-14, since other
versions format the same file differently. Exits 77 (a skipped test) when it
is not installed. Usage: check_format.py [SOURCE_ROOT]"""
import pathlib
import shutil
import subprocess
import sys

FOLDERS = ("src", "tests", "bench", "fuzz")
FORMATTER = "clang-format-14"


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    tool = shutil.which(FORMATTER)
    if tool is None:
        print(f"{FORMATTER} is not installed (scripts/dev deps installs it); skipped")
        return 77
    files = sorted(p for d in FOLDERS for p in (root / d).rglob("*")
                   if p.suffix in (".cpp", ".hpp") and p.is_file())
    bad = []
    for path in files:
        wanted = subprocess.run([tool, f"--style=file:{root / '.clang-format'}", str(path)],
                                check=True, capture_output=True).stdout
        if wanted != path.read_bytes():
            bad.append(path.relative_to(root))
    for path in bad:
        print(f"{path}: not formatted; run: {FORMATTER} -i {path}")
    print(f"{len(files)} files checked, {len(bad)} not formatted")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
