"""Loading a card photo safely: JPEG, PNG or HEIC, upright, within sane limits.

A photo is hostile until proven otherwise: its file size is bounded before reading, its
pixel count is read from its header before decoding (a 400 KB PNG may claim 144
megapixels), and a file that is no picture at all is refused by name.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from smartgrowth_desktop.core.bounded_io import TooLarge, read_at_most, size_text
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.image_header import MAX_PIXELS, ImageSize, too_many_pixels

MAX_PHOTO_BYTES = 40 * 1024 * 1024
WORK_SIDE = 3000  # a photo is read at most this large: the card comes out 1200 px wide
FORMATS = ("JPEG", "PNG", "HEIF", "MPO")  # MPO: some phones' JPEGs
_KEPT_AS_IS = {"JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png"}


def _heif_ready() -> None:
    from pillow_heif import register_heif_opener

    register_heif_opener()


def _refuse(photo: Path, why: str) -> ValidationError:
    return ValidationError("photo", f"{photo.name}: {why}")


def read_photo_bytes(photo: Path) -> bytes:
    """The file's bytes, refused by name when missing, unreadable or too large."""
    try:
        return read_at_most(photo, MAX_PHOTO_BYTES)
    except TooLarge:
        limit = size_text(MAX_PHOTO_BYTES)
        raise _refuse(photo, f"is larger than {limit}; not a card photo") from None
    except FileNotFoundError:
        raise _refuse(photo, "no such file") from None
    except IsADirectoryError:
        raise _refuse(photo, "is a folder, not a photo") from None
    except OSError as error:
        raise _refuse(photo, f"cannot be read ({error.strerror or error})") from None


def open_photo(photo: Path, data: bytes | None = None) -> Image.Image:
    """The photo decoded (at most ``WORK_SIDE`` pixels a side), turned upright by its EXIF
    orientation, in RGB.

    Raises ``ValidationError`` (path ``photo``) for a non-image, another format, a
    damaged file or a picture of more than ``MAX_PIXELS`` pixels (checked before decoding).
    """
    data = read_photo_bytes(photo) if data is None else data
    _heif_ready()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            fmt = image.format or "?"
            if fmt not in FORMATS:
                raise _refuse(photo, f"is a {fmt} picture; a card photo must be JPEG, PNG or HEIC")
            why = too_many_pixels(ImageSize(fmt, image.width, image.height))
            if why is not None:
                raise _refuse(photo, f"is a picture of {why}; refused (possible image bomb)")
            if max(image.size) > WORK_SIDE:
                image.draft("RGB", (WORK_SIDE // 2, WORK_SIDE // 2))  # JPEG: decode smaller
            image.load()
            upright = ImageOps.exif_transpose(image) or image
            upright.thumbnail((WORK_SIDE, WORK_SIDE))  # a 48 MP photo is read at 3000 px
            return upright.convert("RGB")
    except UnidentifiedImageError:
        raise _refuse(photo, "is not a picture (JPEG, PNG or HEIC expected)") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(photo, "claims too many pixels; refused (possible image bomb)") from None
    except (OSError, ValueError, SyntaxError) as error:
        raise _refuse(photo, f"is a damaged picture ({error})") from None


@dataclass(frozen=True)
class CardImage:
    """The bytes attached to the contact as its business card."""

    data: bytes
    file_name: str
    media_type: str

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def card_image(photo: Path, max_side: int = 2400) -> CardImage:
    """The photo as it is when it is a JPEG or PNG every screen can draw; otherwise (HEIC,
    over 40 MB... ) an upright JPEG of at most ``max_side`` pixels a side."""
    data = read_photo_bytes(photo)
    image = open_photo(photo, data)
    with Image.open(io.BytesIO(data)) as probe:
        fmt = probe.format or ""
    if fmt in _KEPT_AS_IS and image.width * image.height <= MAX_PIXELS:
        return CardImage(data, photo.name, _KEPT_AS_IS[fmt])
    image.thumbnail((max_side, max_side))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return CardImage(out.getvalue(), f"{photo.stem}.jpg", "image/jpeg")
