"""The words business cards put before a value, and the words that make a line an
organization or a title, in Vietnamese, Chinese, English and the Nordic languages.

Patterns allow the usual OCR slips (ĐT read as DT, 电话 split by a space, a colon read as
a semicolon). Everything here is data; ``fields.py`` uses it.
"""

from __future__ import annotations

import re

_SEP = r"\s*[:：;.,]?\s*"
_CJK_SPACE = r"\s?"


def _han(word: str) -> str:
    """A Han label that OCR may have split with spaces."""
    return _CJK_SPACE.join(word)


#: phone labels → kind (checked in this order: "DĐ" before "Đ", "Mobile" before "M")
PHONE_LABELS: tuple[tuple[str, str], ...] = (
    (r"fax|传真|" + _han("传真"), "fax"),
    (
        r"d[iị]\s?đ[oộ]ng|d[đd]|đđ|mob(?:ile)?|cell(?:phone)?|hp|mobil|matkapuhelin|gsm|"
        + _han("手机")
        + "|"
        + _han("移动电话"),
        "mobile",
    ),
    (r"office|văn\s?phòng|vp|" + _han("办公室") + "|" + _han("办公"), "office"),
    (r"home|nhà\s?riêng|" + _han("住宅"), "home"),
    (
        r"đ[iị]ện\s?tho[aạ]i|đt|dt|tel(?:efon|ephone)?|phone|puh(?:elin)?|ph|t|"
        + _han("电话")
        + "|"
        + _han("座机"),
        "phone",
    ),
)
PHONE_LABEL = re.compile(
    r"(?<![\w@.])(" + "|".join(p for p, _ in PHONE_LABELS) + r")" + r"\s*[:：;.]?\s*(?=[+(\d])",
    re.IGNORECASE,
)
KIND_OF = [(re.compile(rf"^(?:{p})$", re.IGNORECASE), kind) for p, kind in PHONE_LABELS]

EMAIL_LABEL = re.compile(
    r"^\s*(?:e-?mail|email|mail|e-post|sähköposti|e-posti|thư\s?điện\s?tử|"
    + _han("邮箱")
    + "|"
    + _han("电子邮件")
    + "|"
    + _han("邮件")
    + r")"
    + _SEP,
    re.IGNORECASE,
)
WEB_LABEL = re.compile(
    r"^\s*(?:web(?:site)?|website|trang\s?web|" + _han("网址") + "|" + _han("网站") + r")" + _SEP,
    re.IGNORECASE,
)
#: 微信 is often misread (one of its two characters kept); "WeChat ID" too
WECHAT_LABEL = re.compile(
    r"^\s*(?:we\s?chat(?:\s?id)?|weixin|" + _han("微信") + r"|\S?信|微\S?)" + _SEP,
    re.IGNORECASE,
)
ZALO_LABEL = re.compile(r"^\s*za[l1I]o" + _SEP, re.IGNORECASE)
ADDRESS_LABEL = re.compile(
    r"^\s*(?:đ[iị]a\s?ch[iỉ]|đ/c|đc|address|addr|add|adress|osoite|aadress|adress|"
    + _han("地址")
    + "|"
    + _han("地 址")
    + r")"
    + _SEP,
    re.IGNORECASE,
)

#: words that begin a Vietnamese organization's name
VI_ORG_START = re.compile(
    r"^(?:sở|công\s?ty|tổng\s?công\s?ty|trung\s?tâm|ủy\s?ban|uỷ\s?ban|ban|viện|trường|"
    r"ngân\s?hàng|tập\s?đoàn|quỹ|bộ|cục|chi\s?cục|hiệp\s?hội|văn\s?phòng|khu)\b",
    re.IGNORECASE,
)
#: how a Chinese organization's name ends
HAN_ORG_END = re.compile(
    r"(?:厅|局|公司|委员会|委|中心|研究院|研究所|大学|学院|集团|银行|办公室|政府|协会|管委会|园区|部)$"
)
#: words that make a Latin line an organization (anywhere in it)
LATIN_ORG = re.compile(
    r"\b(?:department|bureau|ministry|agency|cent(?:er|re)|institute|university|"
    r"co\.?|ltd\.?|limited|jsc|inc\.?|corp(?:oration)?\.?|company|group|authority|"
    r"committee|council|commission|association|bank|fund|park|municipality|"
    r"ab|oy|oyj|oü|ou|as|asa|gmbh|ag|plc|llc|kommun|stad|kaupunki|linn)\b",
    re.IGNORECASE,
)

#: title words
VI_TITLE = re.compile(
    r"^(?:phó\s|tổng\s)?(?:giám\s?đốc|trưởng\s?(?:phòng|ban|khoa|bộ\s?phận)|phó\s?trưởng|"
    r"chủ\s?tịch|chuyên\s?viên|kỹ\s?sư|kế\s?toán|thư\s?ký|trợ\s?lý|quản\s?lý|"
    r"chánh\s?văn\s?phòng|cố\s?vấn|nghiên\s?cứu\s?viên|giảng\s?viên)",
    re.IGNORECASE,
)
HAN_TITLE = re.compile(
    r"(?:长|经理|主任|总监|工程师|董事|主席|书记|秘书|顾问|专员|科员|助理|总裁|总经理|处长|局长)$"
)
LATIN_TITLE = re.compile(
    r"\b(?:director|manager|head|officer|ceo|cto|cfo|coo|president|chair(?:man|woman)?|"
    r"engineer|specialist|consultant|secretary|advis[eo]r|coordinator|lead|founder|partner|"
    r"chief|deputy|vice|analyst|architect|counsel(?:l?or)?|representative|sales|"
    r"toimitusjohtaja|johtaja|chef|vd|juhataja|juht)\b",
    re.IGNORECASE,
)
