"""Find the card on the desk, straighten it, lift the shadow, scale it for Tesseract.

The card is the largest bright four-sided shape in the photo: it is cut out and warped to
a rectangle (tilt and perspective gone). A photo of the card alone (no desk around it)
is kept whole. The light is evened by dividing by a blurred copy of the page, so a
shadow across the card does not swallow the letters when Tesseract binarizes.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

DETECT_SIDE = 800  # the card is looked for in a copy this large
TARGET_WIDTH = 1200  # the straightened card's width in pixels (text of 20–45 px)
MIN_AREA = 0.08  # the card covers at least this share of the photo
Gray = NDArray[Any]  # one channel, 8 bits (OpenCV's stubs do not say so)


def _order(points: NDArray[np.float32]) -> NDArray[np.float32]:
    """Four corners as top-left, top-right, bottom-right, bottom-left."""
    s, d = points.sum(axis=1), np.diff(points, axis=1).ravel()
    return np.array(
        [points[np.argmin(s)], points[np.argmin(d)], points[np.argmax(s)], points[np.argmax(d)]],
        dtype=np.float32,
    )


def find_card(gray: Gray) -> NDArray[np.float32] | None:
    """The card's four corners in ``gray`` (any size), or None when no card stands out."""
    h, w = gray.shape
    factor = DETECT_SIDE / max(h, w)
    small = cv2.resize(gray, (int(w * factor), int(h * factor)), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (5, 5), 0)
    _, mask = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    biggest = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(biggest)
    if area < MIN_AREA * small.shape[0] * small.shape[1] or area > 0.97 * small.size:
        return None
    hull = cv2.convexHull(biggest)
    quad = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
    if len(quad) != 4:
        quad = cv2.boxPoints(cv2.minAreaRect(hull))
    return _order(quad.reshape(4, 2).astype(np.float32) / factor)


def _warp(gray: Gray, corners: NDArray[np.float32]) -> Gray:
    tl, tr, br, bl = corners
    width = float(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = float(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    if height > width:  # a card photographed standing up: read it lying down
        corners = np.array([bl, tl, tr, br], dtype=np.float32)
        width, height = height, width
    out_w = TARGET_WIDTH
    out_h = max(1, int(out_w * height / max(width, 1)))
    target = np.array([[0, 0], [out_w - 1, 0], [out_w - 1, out_h - 1], [0, out_h - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(corners, target)
    warped = cv2.warpPerspective(gray, matrix, (out_w, out_h), flags=cv2.INTER_CUBIC)
    return warped


def even_light(gray: Gray) -> Gray:
    """Divide by the background (the page with its letters closed over): shadows go."""
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (31, 31))
    background = cv2.medianBlur(cv2.dilate(gray, kernel), 21)
    even = cv2.divide(gray, background, scale=255)
    return even


def _scaled(gray: Gray) -> Gray:
    h, w = gray.shape
    factor = TARGET_WIDTH / w
    if abs(factor - 1) < 0.05:
        return gray
    size = (TARGET_WIDTH, max(1, int(h * factor)))
    scaled = cv2.resize(gray, size, interpolation=cv2.INTER_CUBIC)
    return scaled


def prepare(image: Image.Image) -> Image.Image:
    """The card cut out of ``image``, straight, evenly lit, grey, ready for Tesseract."""
    gray: Gray = np.asarray(image.convert("L"))
    corners = find_card(gray)
    card = _warp(gray, corners) if corners is not None else _scaled(gray)
    return Image.fromarray(even_light(card))
