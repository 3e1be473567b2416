"""Synthetic business-card photos with their truth, drawn with the shipped fonts.

A card (Vietnamese/English, Chinese/English, Swedish, Finnish, Estonian or English) is
laid out like the ones delegates collect, then photographed: put on a desk, tilted, seen
a little in perspective, under a shadow, slightly blurred, saved as JPEG. The same seed
gives the same photos. ``tests/`` uses it to make a few photos too.
"""

from __future__ import annotations

import io
import math
import random
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import phonenumbers
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONTS = Path(__file__).resolve().parents[1] / "resources" / "fonts"
LATIN, LATIN_BOLD, CJK = "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "wqy-microhei.ttc"
KINDS = ("vietnamese", "chinese", "swedish", "finnish", "estonian", "english")


@dataclass
class CardTruth:
    """What a card says, as the reader should propose it."""

    kind: str
    name: str  # as it should be read: "Nguyễn Văn Hùng", "李伟", "Åsa Lindström"
    organization: str  # the Latin (or only) name
    native_organization: str  # "" when the card has one language
    emails: list[str]
    phones: list[str]  # E.164
    lines: list[tuple[str, str, int]] = field(default_factory=list)  # text, font, size

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "name": self.name,
            "organization": self.organization,
            "native_organization": self.native_organization,
            "emails": self.emails,
            "phones": self.phones,
        }


# -- people and organizations -------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


VN_FAMILY = _words("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý")
VN_MIDDLE = _words("Văn Thị Minh Thanh Hữu Đức Ngọc Quốc Thu Gia")
VN_GIVEN = _words(
    "Hùng Lan Hương Dũng Thảo Phương Tuấn Hải Long Quang Trang Khánh Bảo Ánh Thắng Linh "
    "Nga Sơn Việt Yến Hạnh Đạt Nhung Tâm"
)
VN_ORGS = (
    ("Sở Thông tin và Truyền thông TP. Hồ Chí Minh",
     "Department of Information and Communications of HCMC"),
    ("Sở Khoa học và Công nghệ TP. Đà Nẵng", "Da Nang Department of Science and Technology"),
    ("Công ty Cổ phần Công nghệ Đô thị Sài Gòn", "Saigon Urban Technology JSC"),
    ("Sở Xây dựng TP. Hồ Chí Minh", "Department of Construction of HCMC"),
    ("Công ty TNHH Giải pháp Thông minh Mê Kông", "Mekong Smart Solutions Co., Ltd"),
)  # fmt: skip
VN_TITLES = (
    ("Phó Giám đốc", "Deputy Director"),
    ("Trưởng phòng", "Head of Division"),
    ("Giám đốc", "Director"),
    ("Chuyên viên", "Officer"),
)
CN_FAMILY = list("李王张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗")
CN_GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红")
CN_ORGS = (
    ("广州市工业和信息化局", "Guangzhou Municipal Bureau of Industry and Information Technology"),
    ("河北省科学技术厅", "Hebei Provincial Department of Science and Technology"),
    ("广州智慧城市科技有限公司", "Guangzhou Smart City Technology Co., Ltd"),
    ("石家庄市数据和政务服务局", "Shijiazhuang Data and Government Services Bureau"),
    ("广东省住房和城乡建设厅", "Department of Housing and Urban-Rural Development of Guangdong"),
)  # fmt: skip
CN_TITLES = (("处长", "Division Director"), ("副局长", "Deputy Director General"),
             ("总经理", "General Manager"), ("项目经理", "Project Manager"))  # fmt: skip
NORDIC = {
    "swedish": (
        "SE",
        _words("Åsa Björn Märta Göran Linnéa Örjan Kjell Ingrid Sölve Elsa"),
        _words("Lindström Åberg Nyström Söderberg Ekström Öberg Hägglund Sjöberg"),
        ("Smarta Städer Norr AB", "Ljusa Gator AB", "Vattenteknik Öst AB"),
        ".se",
    ),
    "finnish": (
        "FI",
        _words("Mikko Päivi Jyrki Tiina Jussi Sanna Väinö Hannele"),
        _words("Järvinen Mäkinen Hämäläinen Räsänen Virtanen Nieminen Kärkkäinen"),
        ("Älykaupunki Oy", "Sähköverkot Pohjola Oy", "Vesitekniikka Oy"),
        ".fi",
    ),
    "estonian": (
        "EE",
        _words("Tõnu Mari Jüri Kadri Märt Ülle Peeter Tiiu"),
        _words("Kask Tamm Sepp Mägi Õunapuu Pärn Kõiv Rebane"),
        ("Nutilinn OÜ", "Targad Tänavad OÜ", "Andmesild OÜ"),
        ".ee",
    ),
    "english": (
        "GB",
        _words("Oliver Amelia George Isla Harry Emily Jack Grace"),
        _words("Smith Jones Taylor Brown Wilson Evans Thomas Walker"),
        ("Urban Data Ltd", "Bright Grid Ltd", "Clearwater Systems Ltd"),
        ".co.uk",
    ),
}
NORDIC_TITLES = ("Business Development Manager", "CEO", "Sales Director", "Project Manager")
_ASCII = str.maketrans({"đ": "d", "Đ": "D", "ß": "ss"})


def ascii_of(text: str) -> str:
    """``Nguyễn Văn`` → ``Nguyen Van`` (for e-mail addresses and Latin lines)."""
    text = unicodedata.normalize("NFKD", text.translate(_ASCII))
    return "".join(c for c in text if not unicodedata.combining(c))


def valid_number(rng: random.Random, region: str, kind: str = "mobile") -> phonenumbers.PhoneNumber:
    """A random valid number of ``region`` (mobile or fixed line)."""
    wanted = (
        phonenumbers.PhoneNumberType.MOBILE
        if kind == "mobile"
        else phonenumbers.PhoneNumberType.FIXED_LINE
    )
    example = phonenumbers.example_number_for_type(region, wanted)
    assert example is not None
    national = str(example.national_number)
    for _ in range(200):
        digits = national[:3] + "".join(rng.choice("0123456789") for _ in national[3:])
        number = phonenumbers.parse(digits, region)
        if phonenumbers.is_valid_number(number):
            return number
    return example


def _fmt(number: phonenumbers.PhoneNumber, international: bool) -> str:
    style = phonenumbers.PhoneNumberFormat
    return phonenumbers.format_number(
        number, style.INTERNATIONAL if international else style.NATIONAL
    )


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def vietnamese_card(rng: random.Random) -> CardTruth:
    family, given = rng.choice(VN_FAMILY), f"{rng.choice(VN_MIDDLE)} {rng.choice(VN_GIVEN)}"
    name = f"{family} {given}"
    native_org, org = rng.choice(VN_ORGS)
    title_vi, title_en = rng.choice(VN_TITLES)
    office, mobile = valid_number(rng, "VN", "fixed"), valid_number(rng, "VN")
    parts = ascii_of(name).lower().split()
    domain = "".join(w[0] for w in ascii_of(org).lower().split()[:4]) + ".gov.vn"
    email = f"{parts[-1]}.{''.join(p[0] for p in parts[:-1])}@{domain}"
    shown_name = name.upper() if rng.random() < 0.6 else name
    lines = [
        (native_org.upper(), LATIN_BOLD, 24),
        (org, LATIN, 20),
        (shown_name, LATIN_BOLD, 40),
        (title_vi, LATIN, 26),
        (title_en, LATIN, 24),
        (f"ĐT: {_fmt(office, False)}   DĐ: {_fmt(mobile, rng.random() < 0.3)}", LATIN, 24),
        (f"Email: {email}", LATIN, 24),
        (f"Zalo: {_fmt(mobile, False).replace(' ', '')}", LATIN, 22),
        ("Địa chỉ: 59 Lý Tự Trọng, Quận 1, TP. Hồ Chí Minh", LATIN, 20),
    ]
    phones = [_e164(office), _e164(mobile)]
    return CardTruth("vietnamese", name, org, native_org, [email], phones, lines)


def chinese_card(rng: random.Random) -> CardTruth:
    name = rng.choice(CN_FAMILY) + "".join(rng.sample(CN_GIVEN, rng.choice((1, 2))))
    native_org, org = rng.choice(CN_ORGS)
    title_cn, title_en = rng.choice(CN_TITLES)
    office, mobile = valid_number(rng, "CN", "fixed"), valid_number(rng, "CN")
    from pypinyin import lazy_pinyin

    pinyin = lazy_pinyin(name)
    email = f"{''.join(pinyin)}@{rng.choice(('gz.gov.cn', 'hebei.gov.cn', 'gzsmart.cn'))}"
    wechat = f"{pinyin[0]}_{''.join(pinyin[1:])}{rng.randint(10, 99)}"
    spaced = " ".join(name) if rng.random() < 0.5 else name
    lines = [
        (native_org, CJK, 28),
        (org, LATIN, 18),
        (spaced, CJK, 44),
        (f"{pinyin[0].capitalize()} {''.join(pinyin[1:]).capitalize()}", LATIN, 22),
        (f"{title_cn} {title_en}", CJK, 24),
        (f"电话: {_fmt(office, True)}", CJK, 24),
        (f"手机: {_fmt(mobile, rng.random() < 0.5)}", CJK, 24),
        (f"邮箱: {email}", CJK, 24),
        (f"微信: {wechat}", CJK, 22),
        ("地址: 广州市越秀区府前路1号", CJK, 20),
    ]
    phones = [_e164(office), _e164(mobile)]
    return CardTruth("chinese", name, org, native_org, [email], phones, lines)


def western_card(rng: random.Random, kind: str) -> CardTruth:
    region, givens, families, orgs, tld = NORDIC[kind]
    name = f"{rng.choice(givens)} {rng.choice(families)}"
    org = rng.choice(orgs)
    office, mobile = valid_number(rng, region, "fixed"), valid_number(rng, region)
    user = ".".join(ascii_of(name).lower().split())
    domain = "".join(ascii_of(org).lower().split()[:2]).replace(",", "") + tld
    lines = [
        (org, LATIN_BOLD, 30),
        (name, LATIN_BOLD, 40),
        (rng.choice(NORDIC_TITLES), LATIN, 24),
        (f"Tel: {_fmt(office, True)}", LATIN, 24),
        (f"Mobile: {_fmt(mobile, True)}", LATIN, 24),
        (f"{user}@{domain}", LATIN, 24),
        (f"www.{domain}", LATIN, 22),
    ]
    phones = [_e164(office), _e164(mobile)]
    return CardTruth(kind, name, org, "", [f"{user}@{domain}"], phones, lines)


def make_truth(rng: random.Random, kind: str) -> CardTruth:
    """A random card of ``kind``."""
    if kind == "vietnamese":
        return vietnamese_card(rng)
    if kind == "chinese":
        return chinese_card(rng)
    return western_card(rng, kind)


# -- drawing and photographing -------------------------------------------------------------

CARD_SIZE = (1050, 600)  # 3.5 × 2 inches at 300 dpi


def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / name), size)


def draw_card(truth: CardTruth) -> Image.Image:
    """The card as printed: dark text on a light card, lines shrunk to fit."""
    card = Image.new("RGB", CARD_SIZE, (250, 248, 242))
    draw = ImageDraw.Draw(card)
    total = sum(size for _, _, size in truth.lines) * 1.3
    scale = min(1.0, (CARD_SIZE[1] - 50) / total)
    y = 25.0
    for text, font_name, size in truth.lines:
        font = _font(font_name, max(12, int(size * scale)))
        while font.getlength(text) > CARD_SIZE[0] - 70 and font.size > 12:
            font = _font(font_name, int(font.size) - 1)
        draw.text((40, y), text, font=font, fill=(25, 25, 35))
        y += font.size * 1.3
    draw.rectangle((0, 0, CARD_SIZE[0] - 1, CARD_SIZE[1] - 1), outline=(215, 212, 205))
    return card


def _desk(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """A wood-coloured desk with some grain."""
    w, h = size
    base = np.array(rng.choice(((120, 85, 55), (90, 70, 50), (150, 120, 90), (70, 70, 75))))
    grain = np.sin(np.linspace(0, rng.uniform(20, 60), h))[:, None] * 12
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0, 6, (h, w, 1))
    pixels = np.clip(base[None, None, :] + grain[:, :, None] + noise, 0, 255)
    return Image.fromarray(pixels.astype(np.uint8), "RGB")


def _perspective_coeffs(
    src: list[tuple[float, float]], dst: list[tuple[float, float]]
) -> list[float]:
    """The 8 coefficients PIL's ``Image.transform(PERSPECTIVE)`` takes (maps dst→src)."""
    rows = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    a = np.array(rows, dtype=float)
    b = np.array([c for point in src for c in point], dtype=float)
    return list(np.linalg.solve(a, b))


def photograph(
    card: Image.Image, rng: random.Random, size: tuple[int, int] = (1600, 1200)
) -> Image.Image:
    """The card on a desk: tilted up to 8°, in perspective, shadowed, blurred a little."""
    w, h = size
    cw, ch = card.size
    scale = rng.uniform(1.0, 1.25)
    angle = math.radians(rng.uniform(-8, 8))
    cx, cy = w / 2 + rng.uniform(-80, 80), h / 2 + rng.uniform(-60, 60)
    corners = []
    for x, y in ((0, 0), (cw, 0), (cw, ch), (0, ch)):
        dx, dy = (x - cw / 2) * scale, (y - ch / 2) * scale
        px = cx + dx * math.cos(angle) - dy * math.sin(angle) + rng.uniform(-25, 25)
        py = cy + dx * math.sin(angle) + dy * math.cos(angle) + rng.uniform(-25, 25)
        corners.append((px, py))
    coeffs = _perspective_coeffs([(0, 0), (cw, 0), (cw, ch), (0, ch)], corners)
    warped = card.transform(size, Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC)
    mask = Image.new("L", card.size, 255).transform(
        size, Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BILINEAR
    )
    photo = _desk(rng, size)
    photo.paste(warped, (0, 0), mask)
    # a shadow: a darker band across part of the photo (a hand or the phone)
    shade = np.ones((h, w), dtype=float)
    x0 = rng.uniform(0.2, 0.8) * w
    slope = rng.uniform(-0.5, 0.5)
    xs = np.arange(w)[None, :] - (x0 + slope * np.arange(h)[:, None])
    shade -= rng.uniform(0.2, 0.45) / (1 + np.exp(-xs / 40))
    lit = np.asarray(photo, dtype=float) * shade[:, :, None]
    photo = Image.fromarray(np.clip(lit, 0, 255).astype(np.uint8), "RGB")
    return photo.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 1.2)))


def jpeg_bytes(image: Image.Image, rng: random.Random) -> bytes:
    """``image`` as a JPEG of quality 60–85, as phones and messengers save them."""
    out = io.BytesIO()
    image.save(out, "JPEG", quality=rng.randint(60, 85))
    return out.getvalue()


def make_photos(
    folder: Path, count: int, seed: int = 17, kinds: tuple[str, ...] = KINDS
) -> list[tuple[Path, CardTruth]]:
    """``count`` card photos (the kinds in turn) written to ``folder``, with their truth."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for number in range(count):
        truth = make_truth(rng, kinds[number % len(kinds)])
        path = folder / f"card-{number:03d}-{truth.kind}.jpg"
        path.write_bytes(jpeg_bytes(photograph(draw_card(truth), rng), rng))
        made.append((path, truth))
    return made
