"""Hostile files built in the tests, and the real CLI run with its peak memory measured.

Each file is small on disk and huge once read, inflated or decoded: a sparse file, a zip
member of zeros, a PNG whose header claims 12000 × 12000 pixels over a valid stream of
zeros. ``run_measured`` runs ``smartgrowth-cli`` in a subprocess and reads its peak
resident memory from the kernel (``wait4``), so nothing in the process measures itself.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

MEMORY_BUDGET_MB = 300  # DESIGN.md: under 300 MB of memory
MB = 2**20


@dataclass
class Measured:
    """A finished CLI run: exit code, output, and its peak resident memory in MB."""

    returncode: int
    stdout: str
    stderr: str
    peak_mb: float


#: runs ARGV[2:] and writes its peak memory (KB) to ARGV[1]. A process started from
#: pytest keeps pytest's own peak as its ru_maxrss (Linux carries it over exec); a
#: grandchild started from this small launcher carries only the launcher's few MB.
_LAUNCHER = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_measured(*args: str, data_dir: Path | None = None, timeout: float = 300) -> Measured:
    """Run ``python -m smartgrowth_desktop ARGS`` and measure its peak memory."""
    command = [sys.executable, "-m", "smartgrowth_desktop"]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    with tempfile.TemporaryDirectory() as folder:
        peak = Path(folder) / "peak"
        done = subprocess.run(
            [sys.executable, "-c", _LAUNCHER, str(peak), *command, *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=env,
            timeout=timeout,
        )
        return Measured(done.returncode, done.stdout, done.stderr, int(peak.read_text()) / 1024)


def sparse_file(path: Path, size: int, head: bytes = b"") -> Path:
    """A file of ``size`` bytes that takes no room on disk (``head``, then a hole)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(head)
        handle.truncate(size)
    return path


def zeros_deflated(size: int, level: int = 9) -> bytes:
    """A zlib stream that inflates to ``size`` zero bytes (about a thousandth of it)."""
    compressor = zlib.compressobj(level)
    block = bytes(MB)
    parts = [compressor.compress(block) for _ in range(size // MB)]
    parts.append(compressor.compress(bytes(size % MB)))
    parts.append(compressor.flush())
    return b"".join(parts)


class _Repeating:
    """A raw deflate compressor that compresses each distinct chunk once, then repeats it.

    Every chunk is followed by a full flush (byte-aligned, no back references), so the
    same compressed bytes are valid wherever the chunk comes again: a 3 GB member of
    zeros is written in a second instead of deflating 3 GB.
    """

    def __init__(self) -> None:
        self._done: dict[bytes, bytes] = {}

    def compress(self, data: bytes) -> bytes:
        if data not in self._done:
            compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
            self._done[data] = compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)
        return self._done[data]

    def flush(self) -> bytes:
        return zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # the final, empty block


Huge = tuple[bytes, bytes, int, bytes]  # head, a pattern repeated to a size, tail


def zip_bomb(path: Path, members: dict[str, bytes | Huge]) -> Path:
    """A deflated zip of ``members``: bytes as given, or ``(head, pattern, size, tail)``."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in members.items():
            info = zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if isinstance(content, bytes):
                archive.writestr(info, content)
                continue
            head, pattern, size, tail = content
            chunk = pattern * (MB // len(pattern))
            repeating = mock.patch.object(zipfile, "_get_compressor", lambda *a, **k: _Repeating())
            with repeating, archive.open(info, "w", force_zip64=True) as member:
                member.write(head)
                for _ in range(size // len(chunk)):
                    member.write(chunk)
                member.write(chunk[: size % len(chunk)])
                member.write(tail)
    return path


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
XLSX_PARTS: dict[str, bytes] = {
    "[Content_Types].xml": (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
        "</Types>"
    ).encode(),
    "_rels/.rels": (
        f'<?xml version="1.0"?><Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ).encode(),
    "xl/workbook.xml": (
        f'<?xml version="1.0"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        '<sheet name="Contacts" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ).encode(),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0"?><Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    ).encode(),
    "xl/worksheets/sheet1.xml": (
        f'<?xml version="1.0"?><worksheet xmlns="{_MAIN}"><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>1</v></c></row></sheetData></worksheet>'
    ).encode(),
    "xl/sharedStrings.xml": (
        f'<?xml version="1.0"?><sst xmlns="{_MAIN}"><si><t>Name</t></si>'
        "<si><t>Anna Ek</t></si></sst>"
    ).encode(),
}


def xlsx(path: Path, **parts: bytes | Huge) -> Path:
    """A minimal XLSX workbook (built by hand, one sheet), with ``parts`` replaced.

    A part is named by its path with ``/`` and ``.`` as ``_``: ``xl_sharedStrings_xml``.
    """
    members: dict[str, bytes | Huge] = dict(XLSX_PARTS)
    for key, content in parts.items():
        name = next(n for n in XLSX_PARTS if n.replace("/", "_").replace(".", "_") == key)
        members[name] = content
    return zip_bomb(path, members)


def sst(head: str) -> bytes:
    """The start of a shared-strings part holding ``head`` first."""
    return f'<?xml version="1.0"?><sst xmlns="{_MAIN}">{head}'.encode()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data)
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png(width: int, height: int, color_type: int = 2) -> bytes:
    """A valid PNG of ``width`` × ``height`` black pixels (RGB, or 6 for RGBA, 0 for grey)."""
    channels = {0: 1, 2: 3, 6: 4}[color_type]
    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    compressor = zlib.compressobj(9)
    row = bytes(1 + channels * width)  # filter byte 0, then the pixels
    stream = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", stream)
        + _png_chunk(b"IEND", b"")
    )
