"""People's names as their readers write them: which part comes first, the whole name.

A Vietnamese or Chinese name is written family name first ("Lý Thu Hà", "Li Wei",
"张晓燕"), a Swedish one given name first ("Johan Åberg"). A card says which
(``name_order``); where it does not, the order is guessed from the script, the
organization's country or a list of family names. The window, the CLI, imports and the
packs all read names through ``whole_name`` so they agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smartgrowth_desktop.core.text import cjk_runs, fold

FAMILY_FIRST, GIVEN_FIRST = "family_first", "given_first"

#: Countries whose names are written family name first (ISO 3166 alpha-2).
FAMILY_FIRST_COUNTRIES = frozenset({"VN", "CN", "TW", "HK", "MO", "SG", "KR", "KP", "JP"})

_VIETNAMESE_WORDS = """
nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh trinh
mai truong lam luong doan cao ha kieu quach thai ton chau lai
"""
_CHINESE_WORDS = """
wang li zhang liu chen yang huang zhao wu zhou xu sun zhu hu guo lin luo zheng liang
song xie tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye
cheng wei su lu ding ren shen yao jiang cui zhong tan lu wang fan jin shi liao jia
xia fu fang zou xiong bai meng qin qiu hou jiang yin xue yan duan lei long tao he gu
mao hao gong shao wan qian yan qin wu dai mo kong xiang chang ouyang situ zhuge
shangguan
"""
_HAN_COMPOUND_WORDS = """
欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 长孙
夏侯 司徒 宇文 澹台 轩辕 端木 呼延 南宫 西门 独孤
"""

#: The common Vietnamese family names, folded (about nine people in ten carry one).
VIETNAMESE_FAMILY_NAMES = frozenset(_VIETNAMESE_WORDS.split())
#: The common Chinese family names in pinyin, folded; the short ones that are also
#: Western names ("he", "ma", "li") count only with a given name that reads as pinyin.
CHINESE_FAMILY_NAMES = frozenset(_CHINESE_WORDS.split())
_AMBIGUOUS = frozenset({"he", "ma", "lu", "li", "hu", "yu", "su", "fan", "long", "lei"})
#: Chinese two-character family names (in Hanzi), read before the given name.
COMPOUND_HAN_FAMILY_NAMES = frozenset(_HAN_COMPOUND_WORDS.split())

#: Letters only Vietnamese writes (with the horn, the breve, đ, and tone marks on them).
_VIETNAMESE_LETTERS = frozenset("ăâđêôơưĂÂĐÊÔƠƯ")
_VIETNAMESE_TONED = frozenset(
    "ảạằắẳẵặầấẩẫậẻẽẹềếểễệỉĩịỏọồốổỗộờớởỡợủũụừứửữựỳỷỹỵẢẠẰẮẲẴẶẦẤẨẪẬẺẼẸỀẾỂỄỆỈĨỊỎỌỒỐỔỖỘỜỚỞỠỢỦŨỤỪỨỬỮỰỲỶỸỴ"
)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def looks_vietnamese(text: str) -> bool:
    """Whether ``text`` uses letters only Vietnamese writes (ư, ơ, đ, ạ, ễ, ...)."""
    return any(c in _VIETNAMESE_LETTERS or c in _VIETNAMESE_TONED for c in text)


def guess_name_order(values: Mapping[str, Any], country: str | None = None) -> str | None:
    """``family_first`` for a name that reads family name first, ``given_first`` for a
    Latin name that does not, None when there is nothing to go by.

    By script (Hanzi, Vietnamese letters), by the organization's ``country``, then by the
    family name (Vietnamese and Chinese lists).
    """
    family, given = _text(values.get("family_name")), _text(values.get("given_name"))
    native = _text(values.get("native_name"))
    everything = f"{family} {given} {native}"
    if not everything.strip():
        return None
    if cjk_runs(everything) or looks_vietnamese(everything):
        return FAMILY_FIRST
    if country and country.upper() in FAMILY_FIRST_COUNTRIES:
        return FAMILY_FIRST
    folded = fold(family)
    if folded in VIETNAMESE_FAMILY_NAMES:
        return FAMILY_FIRST
    if folded in CHINESE_FAMILY_NAMES and folded not in _AMBIGUOUS:
        return FAMILY_FIRST
    if folded in _AMBIGUOUS and fold(given).replace(" ", "") and _pinyin_like(given):
        return FAMILY_FIRST
    return GIVEN_FIRST if family or given else None


def _pinyin_like(given: str) -> bool:
    """A given name that reads as pinyin syllables (Xiaoyan, Wei, Jianguo)."""
    words = fold(given).replace("-", " ").split()
    return bool(words) and all(w in CHINESE_FAMILY_NAMES or _is_pinyin(w) for w in words)


_INITIALS = ("zh", "ch", "sh", *"bpmfdtnlgkhjqxrzcsyw")
_FINALS_WORDS = """
a o e ai ei ao ou an en ang eng ong i ia ie iao iu ian in iang ing iong u ua uo uai
ui uan un uang ueng v ve van vn ue er
"""
_FINALS = frozenset(_FINALS_WORDS.split())


def _is_pinyin(word: str) -> bool:
    """Whether ``word`` splits into pinyin syllables that each start with a consonant
    ("xiaoyan", "jianguo"; not "anna")."""
    if not word:
        return True
    for length in (6, 5, 4, 3, 2, 1):
        head = word[:length]
        initial = next((i for i in _INITIALS if head.startswith(i)), "")
        if initial and head[len(initial) :] in _FINALS and _is_pinyin(word[length:]):
            return True
    return False


def leads_with_family_name(full: str) -> bool:
    """Whether a whole name typed as one text starts with its family name: "Nguyễn Văn
    An", "Li Wei", "Wang Fang"; not "Karin Lê" nor "Anna Li"."""
    words = full.split()
    if len(words) < 2:
        return False
    first, rest = fold(words[0]), " ".join(words[1:])
    if first in VIETNAMESE_FAMILY_NAMES:
        return True
    if first in CHINESE_FAMILY_NAMES:
        return first not in _AMBIGUOUS or _pinyin_like(rest)
    return False


def order_of(values: Mapping[str, Any]) -> str:
    """The card's name order, or the guess from its own names when it says none."""
    stated = values.get("name_order")
    if stated in (FAMILY_FIRST, GIVEN_FIRST):
        return str(stated)
    return guess_name_order(values) or GIVEN_FIRST


def latin_name(values: Mapping[str, Any]) -> str:
    """Family and given name in the card's order ("Lý Thu Hà", "Johan Åberg"), else the
    romanized name."""
    family, given = _text(values.get("family_name")), _text(values.get("given_name"))
    if order_of(values) == FAMILY_FIRST:
        latin = f"{family} {given}".strip()
    else:
        latin = f"{given} {family}".strip()
    return latin or _text(values.get("romanized_name"))


def whole_name(values: Mapping[str, Any]) -> str:
    """How a contact's name reads in lists: native script with the Latin form beside it
    ("张晓燕 (Zhang Xiaoyan)", "Lý Thu Hà", "Johan Åberg")."""
    latin = latin_name(values)
    native = _text(values.get("native_name"))
    if native and latin and fold(native) != fold(latin):
        return f"{native} ({latin})"
    return native or latin or "(no name)"


def split_han_name(native: str) -> tuple[str, str]:
    """A Chinese name in Hanzi as (family, given): 张晓燕 → (张, 晓燕), 欧阳娜娜 → (欧阳, 娜娜).

    Text that is not one run of Hanzi comes back whole as the family name.
    """
    name = native.strip()
    runs = cjk_runs(name)
    if len(runs) != 1 or runs[0] != name or len(name) < 2:
        return name, ""
    cut = 2 if name[:2] in COMPOUND_HAN_FAMILY_NAMES and len(name) > 2 else 1
    return name[:cut], name[cut:]
