"""What every section builder shares while a pack is put together: styles, zones, warnings."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from PIL import Image, ImageOps
from reportlab.lib.utils import ImageReader

from smartgrowth_desktop.core.image_header import ImageSize, image_size, too_many_pixels
from smartgrowth_desktop.reports import when
from smartgrowth_desktop.reports.model import PackImage, PackOptions
from smartgrowth_desktop.reports.styles import Styles, styles

MAX_IMAGE_PIXELS = 480  # photos print at about 2 cm: no need to embed more


@dataclass
class Context:
    """Shared state of one build; ``warnings`` are shown to the user afterwards."""

    options: PackOptions
    styles: Styles
    home: ZoneInfo
    home_name: str
    warnings: list[str] = field(default_factory=list)
    _images: dict[tuple[str, str], ImageReader | None] = field(default_factory=dict)

    @classmethod
    def create(cls, options: PackOptions) -> Context:
        """A context for ``options`` (fonts registered, home zone resolved)."""
        return cls(options, styles(), when.zone(options.home_tz), when.city(options.home_tz))

    def warn(self, message: str) -> None:
        """Tell the user something after the build (once per message)."""
        if message not in self.warnings:
            self.warnings.append(message)

    def image(self, image: PackImage) -> ImageReader | None:
        """A decoded, downsized image, or None (and a warning) if it cannot be printed."""
        key = (image.label, image.file_name)
        if key not in self._images:
            self._images[key] = self._decode(image)
        return self._images[key]

    def _decode(self, image: PackImage) -> ImageReader | None:
        if image.data is None:
            self.warn(f"{image.label}: {image.file_name} is not on this device; left a blank box")
            return None
        header = image_size(image.data)  # before Pillow even looks at it
        why = too_many_pixels(header) if header is not None else None
        picture = None
        try:
            if why is None:
                with Image.open(io.BytesIO(image.data)) as opened:  # reads the header only
                    why = too_many_pixels(ImageSize(opened.format or "", *opened.size))
                    picture = None if why else _small(opened)
        except Exception:  # any decoder error: a broken file must never stop the pack
            self.warn(f"{image.label}: {image.file_name} is not a readable image; left a blank box")
            return None
        if picture is None:
            self.warn(f"{image.label}: {image.file_name} is a picture of {why}; left a blank box")
            return None
        return ImageReader(picture)


def _small(opened: Image.Image) -> Image.Image:
    """The picture decoded at print size, upright, on white (a big one never copied whole)."""
    opened.draft("RGB", (MAX_IMAGE_PIXELS, MAX_IMAGE_PIXELS))  # a JPEG decodes at 1/2–1/8
    width, height = opened.size
    factor = max(width, height) // (2 * MAX_IMAGE_PIXELS)
    if factor > 1 and opened.mode in ("1", "P"):
        opened.thumbnail((2 * MAX_IMAGE_PIXELS, 2 * MAX_IMAGE_PIXELS))  # picks pixels
    elif factor > 1:
        opened.load()
        # Image.reduce would first copy an RGBA picture whole (premultiplied): 2× memory
        opened = opened._new(opened.im.reduce((factor, factor), (0, 0, width, height)))
    picture = _flatten(ImageOps.exif_transpose(opened))
    picture.thumbnail((MAX_IMAGE_PIXELS, MAX_IMAGE_PIXELS))
    return picture


def _flatten(picture: Image.Image) -> Image.Image:
    """An RGB copy with any transparency laid on white (not on black)."""
    if picture.mode in ("RGBA", "LA", "P", "PA"):
        rgba = picture.convert("RGBA")
        white = Image.new("RGB", rgba.size, "white")
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return picture.convert("RGB")
