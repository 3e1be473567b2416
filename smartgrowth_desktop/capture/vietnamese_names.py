"""Vietnamese family names, name syllables and the words of organizations' names, with
their diacritics, to restore a name printed in capitals (where OCR loses or confuses the
marks): NGUYEN / NGUYÊN → Nguyễn, CÔNG TY CỐ PHẦN → CÔNG TY CỔ PHẦN.

Each list is ordered by how common the name is; when the marks OCR kept do not decide
between two spellings (HUNG: Hùng or Hưng), the commoner wins and the field is marked
uncertain.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from smartgrowth_desktop.core.text import fold

_FAMILY_TEXT = """
Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh Mai
Trương Lâm Lương Đoàn Cao Hà Kiều Quách Thái Tôn Châu Lại Đào Văn Tạ Tăng Vương Khúc
Triệu Mạc Chu Hứa Giang La Lưu Từ Nghiêm Phùng Âu Thân Doãn Kim Đàm Lục Hầu Lò Quan
"""

FAMILY = _FAMILY_TEXT.split()

#: middle and given names (one syllable each), commonest spelling first
_SYLLABLES_TEXT = """
Văn Thị Minh Thanh Hữu Đức Ngọc Quốc Thu Gia Hoàng Anh Xuân Hồng Kim Thành Công Quang
Tuấn Hùng Hưng Dũng Dung Lan Hương Hường Thảo Phương Phượng Hải Long Trang Khánh Bảo
Ánh Thắng Linh Nga Ngà Sơn Việt Yến Hạnh Đạt Nhung Tâm Tân Tấn Huy Huyền Hà Hạ Hòa Hoa
Hoài Hiền Hiếu Hiệp Hiển Hậu Hằng Hân Giang Duy Dương Điệp Định Đình Đông Đăng Chi Châu
Chiến Cường Cúc Bình Bích Bá An Ân Khải Khang Khoa Khôi Kiên Kiệt Lâm Liên Loan Lộc Luân
Lực Ly Lý Mai My Mỹ Nam Ngân Nghĩa Nguyên Nhân Như Nhật Oanh Phát Phong Phúc Phụng Quân
Quý Quyên Quỳnh Sang Tài Thái Thiện Thịnh Thơ Thư Thúy Thủy Tiến Tín Toàn Trâm Trí Trinh
Trọng Trung Trúc Tú Tùng Tường Tuyết Uyên Vân Vinh Vĩnh Vũ Vy Yên Bắc Nam Đào Diệp Diễm
Diệu Đan Đoan Hào Hảo Hiên Hoan Hoàn Hợp Khai Khiêm Khuê Lệ Lễ Lợi Mạnh Mẫn Nhi Nhàn Nhã
Ninh Phú Phước Quế Quyết Sĩ Sinh Tạo Thạch Thắm Thân Thông Thục Thuận Thuần Thương Tiên
Tịnh Tình Trà Triều Trực Tuân Tuệ Tuyền Uy Vượng Xuyến Ý Hữu Đại Chính Học Lâm Luật Mừng
"""

SYLLABLES = _SYLLABLES_TEXT.split()

_ORG_TEXT = """
Sở Công Ty Cổ Phần Trách Nhiệm Hữu Hạn Tổng Trung Tâm Ủy Ban Nhân Dân Thành Phố Tỉnh
Quận Huyện Viện Trường Đại Học Cao Đẳng Ngân Hàng Tập Đoàn Quỹ Đầu Tư Phát Triển Khoa
Nghệ Thông Tin Truyền Xây Dựng Giao Vận Tải Tài Nguyên Môi Kế Hoạch Nông Nghiệp Y Tế
Giáo Dục Đào Tạo Văn Hóa Du Lịch Thể Thao Lao Động Thương Binh Xã Hội Nội Vụ Pháp
Ngoại Chính Điện Lực Nước Cấp Thoát Chống Ngập Đô Thị Minh Giải Hạ Tầng Quản Lý Điều
Hành Giám Sát Dịch Sản Xuất Nhập Khẩu Kỹ Thuật Số Chuyển Đổi Năng Lượng Xanh Sạch Bền
Vững Hồ Chí Hà Nội Đà Nẵng Hải Phòng Cần Thơ Sài Gòn Mê Kông Việt Nam Bình Đồng Nai
Long An Khánh Hòa Huế Miền Bắc Quốc Gia Liên Doanh Hợp Tác Hiệp Cục Chi Khu Mềm Viễn
Mạng Dữ Liệu Nghiên Cứu Ứng Sáng Khởi Mới Và Của Các Những Mại Cơ Sở Hạ Điện Tử
"""
#: the syllables of Vietnamese organizations' names (commonest spelling first)
ORG_SYLLABLES = _ORG_TEXT.split()

_SHAPE_MARKS = {"\u0302", "\u0306", "\u031b"}  # circumflex, breve, horn
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # grave, acute, ~, hook, dot


def _marks(word: str) -> list[tuple[str, set[str]]]:
    """Each base letter with the combining marks on it (đ counts as d with a stroke)."""
    found: list[tuple[str, set[str]]] = []
    for char in unicodedata.normalize("NFD", word.casefold()):
        if unicodedata.combining(char) and found:
            found[-1][1].add(char)
        else:
            base = "d" if char == "đ" else char
            found.append((base, {"stroke"} if char == "đ" else set()))
    return found


def _score(seen: str, candidate: str) -> int:
    """How well ``candidate``'s marks agree with those OCR ``seen`` (higher: better)."""
    score = 0
    for (_, got), (_, want) in zip(_marks(seen), _marks(candidate), strict=False):
        for mark in (got | want) & (_SHAPE_MARKS | {"stroke"}):
            score += 2 if mark in got and mark in want else -1 if mark in got else 0
        got_tone, want_tone = got & _TONE_MARKS, want & _TONE_MARKS
        if got_tone and got_tone == want_tone:
            score += 1
        elif got_tone and not want_tone:
            score -= 1
    return score


@lru_cache(maxsize=3)
def _table(words: tuple[str, ...]) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for name in words:
        spellings = table.setdefault(fold(name), [])
        if name not in spellings:
            spellings.append(name)
    return table


def _by_fold(family: bool) -> dict[str, list[str]]:
    return _table(tuple(FAMILY if family else SYLLABLES))


def is_family_name(word: str) -> bool:
    """True when ``word`` (any case, any marks) is a listed Vietnamese family name."""
    return fold(word) in _by_fold(True)


def is_name_syllable(word: str) -> bool:
    """True when ``word`` is a listed middle or given name (or a family name)."""
    key = fold(word)
    return key in _by_fold(False) or key in _by_fold(True)


def restore(word: str, family: bool = False) -> tuple[str, bool]:
    """``word`` with the diacritics of the listed name it is, title-cased, and whether
    that is a sure choice. A word not in the list comes back title-cased, unsure."""
    table = _by_fold(family)
    candidates = table.get(fold(word)) or ([] if family else _by_fold(True).get(fold(word), []))
    if not candidates:
        return word[:1].upper() + word[1:].lower(), False
    scored = sorted(candidates, key=lambda c: -_score(word, c))  # stable: commonest first
    best = scored[0]
    sure = len(scored) == 1 or _score(word, best) > _score(word, scored[1])
    return best, sure


def restore_capitals(text: str) -> tuple[str, bool]:
    """A Vietnamese organization's name printed in capitals, each listed word given its
    right marks (still in capitals); True when every word was listed or unmarked."""
    table = _table(tuple(ORG_SYLLABLES))
    words, sure = [], True
    for word in text.split():
        candidates = table.get(fold(word))
        if not candidates or not word.isalpha():
            sure = sure and (word.isascii() or not word.isalpha())
            words.append(word)
            continue
        best = sorted(candidates, key=lambda c: -_score(word, c))[0]
        words.append(best.upper())
    return " ".join(words), sure
