"""The pixel size of an image, read from its header alone (PNG, JPEG, GIF, WebP, BMP).

Decoding a picture costs its width × height × 4 bytes whatever its file size: a PNG of
400 KB can claim 12000 × 12000 pixels and take 1.8 GB to draw. So a photo's size is
read from the few bytes of its header, before anything decodes it, and a picture over
``MAX_PIXELS`` is refused (on import) or left out (from a pack). No image library here.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

MAX_PIXELS = 40_000_000  # 40 megapixels: 160 MB once decoded; a pack prints 2 cm of it
_PNG = b"\x89PNG\r\n\x1a\n"
#: JPEG start-of-frame markers (they hold the size); C4, C8 and CC are not frames
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_STANDALONE = {0x01, *range(0xD0, 0xDA)}  # markers without a length (RSTn, SOI, EOI, TEM)


@dataclass(frozen=True)
class ImageSize:
    """What a header says: the format and the size in pixels."""

    format: str
    width: int
    height: int

    @property
    def pixels(self) -> int:
        return self.width * self.height

    def describe(self) -> str:
        """``12000×12000 pixels (144 megapixels)``."""
        return f"{self.width}×{self.height} pixels ({megapixels(self.pixels)} megapixels)"


def megapixels(pixels: int) -> str:
    """A pixel count in megapixels for people (``144``, ``40.5``)."""
    value = pixels / 1_000_000
    return f"{value:.0f}" if value >= 100 or value == int(value) else f"{value:.1f}"


def too_many_pixels(size: ImageSize, limit: int = MAX_PIXELS) -> str | None:
    """Why an image of ``size`` is not drawn (it is over ``limit``), or None."""
    if size.pixels <= limit:
        return None
    return f"{size.describe()}, more than the {megapixels(limit)} megapixels allowed"


def image_size(data: bytes) -> ImageSize | None:
    """The size an image's header announces, or None (another format, or unreadable)."""
    try:
        if data.startswith(_PNG):
            return _png(data)
        if data.startswith(b"\xff\xd8"):
            return _jpeg(data)
        if data[:6] in (b"GIF87a", b"GIF89a"):
            return _gif(data)
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            return _webp(data)
        if data[:2] == b"BM":
            width, height = struct.unpack_from("<ii", data, 18)
            return ImageSize("bmp", abs(width), abs(height))
    except struct.error:  # the header is cut short
        return None
    return None


def _png(data: bytes) -> ImageSize | None:
    if data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack_from(">II", data, 16)
    return ImageSize("png", width, height)


def _gif(data: bytes) -> ImageSize:
    """The logical screen, grown to hold the first frame (as decoders draw it)."""
    width, height, flags = struct.unpack_from("<HHBxx", data, 6)  # all 13 bytes, or none
    at = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    while at < len(data) and data[at] == 0x21:  # extensions: label, then sub-blocks
        at += 2
        while at < len(data) and data[at]:
            at += data[at] + 1
        at += 1
    if data[at : at + 1] == b"\x2c":
        left, top, frame_width, frame_height = struct.unpack_from("<HHHH", data, at + 1)
        width, height = max(width, left + frame_width), max(height, top + frame_height)
    return ImageSize("gif", width, height)


def _jpeg(data: bytes) -> ImageSize | None:
    """Walk the segments up to the first start-of-frame (the size of the whole image)."""
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in _STANDALONE:
            at += 2
            continue
        (length,) = struct.unpack_from(">H", data, at + 2)
        if marker in _SOF:
            height, width = struct.unpack_from(">HH", data, at + 5)
            # a height of 0 is given later (DNL): unknown here
            return ImageSize("jpeg", width, height) if height else None
        if length < 2:
            return None
        at += 2 + length
    return None


def _webp(data: bytes) -> ImageSize | None:
    chunk = data[12:16]
    if chunk == b"VP8X":  # extended: the canvas size, 24 bits each, minus one
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return ImageSize("webp", width, height) if len(data) >= 30 else None
    if chunk == b"VP8L" and data[20:21] == b"\x2f":  # lossless: 14 bits each, minus one
        (bits,) = struct.unpack_from("<I", data, 21)
        return ImageSize("webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":  # lossy: 14 bits each
        width, height = struct.unpack_from("<HH", data, 26)
        return ImageSize("webp", width & 0x3FFF, height & 0x3FFF)
    return None
