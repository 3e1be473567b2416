"""Find the card on the desk, straighten it, lift the shadow, scale it for Tesseract.

Pillow alone (no NumPy, no OpenCV: the bundle stays small). The card is the bright region
around the middle of the photo: a small copy is thresholded (Otsu), its text closed over,
and the region flooded from the middle; its corners are the region's extreme points, and
the photo is warped from them to an upright rectangle (tilt and perspective gone). A
photo of the card alone, with no desk around it, is kept whole. The light is evened by
dividing by a blurred copy of the page, so a shadow across the card does not swallow the
letters when Tesseract binarizes.
"""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFilter, ImageMath

DETECT_SIDE = 320  # the card is looked for in a copy this large
TARGET_WIDTH = 1200  # the straightened card's width in pixels (text of 20–45 px)
MIN_AREA, MAX_AREA = 0.08, 0.97  # the card's share of the photo, when one is found
CARD_FILL = 0.9  # a region filling less of its four corners' shape is no card
Point = tuple[float, float]
Corners = tuple[Point, Point, Point, Point]  # top-left, top-right, bottom-right, bottom-left


def otsu(image: Image.Image) -> int:
    """The grey level that best splits ``image`` into dark and light (Otsu's method)."""
    histogram = image.histogram()[:256]
    total = sum(histogram)
    sum_all = sum(level * count for level, count in enumerate(histogram))
    best, best_level, weight, sum_dark = -1.0, 128, 0, 0.0
    for level, count in enumerate(histogram):
        weight += count
        if weight == 0 or weight == total:
            continue
        sum_dark += level * count
        dark_mean = sum_dark / weight
        light_mean = (sum_all - sum_dark) / (total - weight)
        between = weight * (total - weight) * (dark_mean - light_mean) ** 2
        if between > best:
            best, best_level = between, level
    return best_level


def _seed(mask: Image.Image) -> tuple[int, int] | None:
    """A bright point of ``mask`` nearest its middle."""
    w, h = mask.size
    for step in range(0, max(w, h) // 4, 4):
        for dx, dy in ((0, 0), (step, 0), (-step, 0), (0, step), (0, -step)):
            x, y = w // 2 + dx, h // 2 + dy
            if 0 <= x < w and 0 <= y < h and mask.getpixel((x, y)) == 255:
                return x, y
    return None


def _row_ends(region: Image.Image) -> list[Point]:
    """The first and last pixel of the region on each row."""
    points: list[Point] = []
    w, h = region.size
    for y in range(h):
        box = region.crop((0, y, w, y + 1)).getbbox()
        if box is not None:
            points += [(box[0], y), (box[2] - 1, y)]
    return points


def _shoelace(corners: Corners) -> float:
    return (
        abs(
            sum(
                a[0] * b[1] - b[0] * a[1]
                for a, b in zip(corners, corners[1:] + corners[:1], strict=True)
            )
        )
        / 2
    )


def _card_at(small: Image.Image, level: int) -> tuple[Corners, float] | None:
    """The bright region around the middle at threshold ``level``: its corners and how
    well it fills the four-sided shape they make (1.0: a clean card)."""
    mask = small.point(lambda v: 255 if v > level else 0)
    mask = mask.filter(ImageFilter.MaxFilter(7)).filter(ImageFilter.MinFilter(7))  # text
    mask = mask.filter(ImageFilter.MinFilter(5)).filter(ImageFilter.MaxFilter(5))  # specks
    seed = _seed(mask)
    if seed is None:
        return None
    ImageDraw.floodfill(mask, seed, 128)
    region = mask.point(lambda v: 255 if v == 128 else 0)
    pixels = region.histogram()[255]
    if not MIN_AREA <= pixels / (region.width * region.height) <= MAX_AREA:
        return None
    left, top, right, bottom = region.getbbox() or (0, 0, 0, 0)
    if left == 0 or top == 0 or right == region.width or bottom == region.height:
        return None  # it runs off the photo: the desk leaked in (or the card is cut off)
    points = _row_ends(region)
    corners = (
        min(points, key=lambda p: p[0] + p[1]),
        max(points, key=lambda p: p[0] - p[1]),
        max(points, key=lambda p: p[0] + p[1]),
        min(points, key=lambda p: p[0] - p[1]),
    )
    return corners, pixels / max(_shoelace(corners), 1.0)


def find_card(gray: Image.Image) -> Corners | None:
    """The card's four corners in ``gray``, or None when no card stands out of a desk.

    A shadow across the card can leave half of it darker than Otsu's threshold, and a
    lit desk can be brighter than a card in shade, so lower and higher thresholds are
    tried too (Otsu's within the dark and the light levels, and halfway): the largest
    region that fills its four corners like a card, inside the photo, wins.
    """
    factor = DETECT_SIDE / max(gray.size)
    size = (round(gray.width * factor), round(gray.height * factor))
    small = gray.resize(size, Image.Resampling.BOX).filter(ImageFilter.GaussianBlur(2))
    level = otsu(small)
    low = otsu(small.point(lambda v: min(v, level)))
    high = otsu(small.point(lambda v: max(v, level)))
    best: tuple[Corners, float] | None = None
    thresholds = (level, (level + low) // 2, low, (level + high) // 2, high)
    for threshold in dict.fromkeys(thresholds):
        found = _card_at(small, threshold)
        if found is None or found[1] < CARD_FILL:
            continue
        if best is None or _shoelace(found[0]) > _shoelace(best[0]):
            best = found
    if best is None:
        return None
    scale = 1 / factor
    return tuple((x * scale, y * scale) for x, y in best[0])  # type: ignore[return-value]


def _solve(rows: list[list[float]]) -> list[float]:
    """Gaussian elimination with partial pivoting on an augmented n × (n+1) matrix."""
    n = len(rows)
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        if abs(rows[col][col]) < 1e-12:
            raise ValueError("degenerate corners")
        for r in range(n):
            if r != col:
                f = rows[r][col] / rows[col][col]
                rows[r] = [a - f * b for a, b in zip(rows[r], rows[col], strict=True)]
    return [rows[i][n] / rows[i][i] for i in range(n)]


def perspective_coefficients(source: Corners, target: Corners) -> list[float]:
    """PIL's 8 ``PERSPECTIVE`` coefficients taking each ``target`` point to its ``source``."""
    rows = []
    for (x, y), (u, v) in zip(target, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y, u])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y, v])
    return _solve(rows)


def _distance(a: Point, b: Point) -> float:
    return float(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5)


def _warp(gray: Image.Image, corners: Corners) -> Image.Image:
    tl, tr, br, bl = corners
    width = max(_distance(tl, tr), _distance(bl, br))
    height = max(_distance(tl, bl), _distance(tr, br))
    if height > width:  # a card photographed standing up: read it lying down
        corners, width, height = (bl, tl, tr, br), height, width
    out_w, out_h = TARGET_WIDTH, max(1, round(TARGET_WIDTH * height / max(width, 1)))
    target: Corners = ((0, 0), (out_w, 0), (out_w, out_h), (0, out_h))
    coefficients = perspective_coefficients(corners, target)
    return gray.transform(
        (out_w, out_h), Image.Transform.PERSPECTIVE, coefficients, Image.Resampling.BICUBIC
    )


def even_light(gray: Image.Image) -> Image.Image:
    """Divide by the background (the page with its letters closed over): shadows go."""
    w, h = gray.size
    small = gray.resize((max(1, w // 8), max(1, h // 8)), Image.Resampling.BOX)
    background = small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.MedianFilter(5))
    background = background.resize((w, h), Image.Resampling.BILINEAR)
    even: Image.Image = ImageMath.lambda_eval(
        lambda m: m["convert"](
            m["min"](m["float"](m["a"]) * 255 / (m["float"](m["b"]) + 1), 255), "L"
        ),
        a=gray,
        b=background,
    )
    return even


def _scaled(gray: Image.Image) -> Image.Image:
    factor = TARGET_WIDTH / gray.width
    if abs(factor - 1) < 0.05:
        return gray
    size = (TARGET_WIDTH, max(1, round(gray.height * factor)))
    return gray.resize(size, Image.Resampling.BICUBIC)


def prepare(image: Image.Image) -> Image.Image:
    """The card cut out of ``image``, straight, evenly lit, grey, ready for Tesseract."""
    gray = image.convert("L")
    corners = find_card(gray)
    try:
        card = _warp(gray, corners) if corners is not None else _scaled(gray)
    except ValueError:  # corners on one line: no card after all
        card = _scaled(gray)
    return even_light(card)
