"""Units, scales and Vietnamese number notation, as data plus one small parser.

Vietnamese reports write "1.000.797" (dot groups thousands), "24,1" (comma is the decimal
mark), "116.442,134", money as "266 tỷ 933 triệu đồng", approximations ("trên 52%", "gần
3.000 hộ"), ranges ("2.000 - 2.500", "12,7 - 13") and done-of-planned pairs ("04/12 công
trình", "102.283 triệu đồng/189.985 triệu đồng", "1020/900 con").

`find_quantities(text)` returns every figure with a unit found in `text` (character spans
included); `parse_number("1.000.797")` reads one number. A quantity's `base_value` is the
value converted to its unit's base (money in đồng, area in ha, mass in tấn), so figures in
"triệu đồng" and "tỷ đồng" compare directly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from index.vi.text import fold

# --- data ------------------------------------------------------------------------------------

# Scale words written before a unit ("triệu đồng", "nghìn tấn", "1.000 lượt").
SCALES: dict[str, float] = {
    "nghìn tỷ": 1e12, "ngàn tỷ": 1e12, "nghìn tỉ": 1e12, "ngàn tỉ": 1e12,
    "tỷ": 1e9, "tỉ": 1e9, "triệu": 1e6, "trăm nghìn": 1e5, "nghìn": 1e3, "ngàn": 1e3, "vạn": 1e4,
}

# Measurement units: written form -> (base unit, factor to the base). Longest forms match first.
MEASURES: dict[str, tuple[str, float]] = {
    # money
    "đồng": ("đồng", 1), "vnđ": ("đồng", 1), "vnd": ("đồng", 1), "đ": ("đồng", 1),
    "usd": ("USD", 1), "đô la mỹ": ("USD", 1), "đô la": ("USD", 1), "đô-la": ("USD", 1),
    # share
    "%": ("%", 1), "phần trăm": ("%", 1), "‰": ("‰", 1),
    # area
    "ha": ("ha", 1), "héc-ta": ("ha", 1), "hécta": ("ha", 1), "hecta": ("ha", 1),
    "m²": ("ha", 1e-4), "m2": ("ha", 1e-4), "km²": ("ha", 100), "km2": ("ha", 100),
    "sào": ("ha", 0.036),
    # mass
    "tấn": ("tấn", 1), "tạ": ("tấn", 0.1), "kg": ("tấn", 1e-3), "yến": ("tấn", 0.01),
    # volume, length, energy
    "m³": ("m³", 1), "m3": ("m³", 1), "lít": ("lít", 1), "km": ("km", 1), "mét": ("m", 1), "m": ("m", 1),
    "kwh": ("kWh", 1), "mw": ("MW", 1),
    # yields
    "tạ/ha": ("tạ/ha", 1), "tấn/ha": ("tạ/ha", 10),
    "người/km²": ("người/km²", 1), "usd/người": ("USD/người", 1), "đồng/người/tháng": ("đồng/người/tháng", 1),
    "triệu đồng/người/năm": ("đồng/người/năm", 1e6), "triệu đồng/người": ("đồng/người", 1e6),
}

# Counting nouns: a bare number followed by one of these is a count of that thing.
COUNT_NOUNS: tuple[str, ...] = (
    "lượt người", "lượt lao động", "lượt khách", "lượt", "người", "nhân khẩu", "lao động", "đồng chí", "điểm phần trăm", "hộ gia đình", "hộ kinh doanh", "hộ",
    "con", "vụ việc", "vụ án", "vụ", "trường hợp", "đối tượng", "học sinh", "sinh viên", "giáo viên",
    "trẻ", "cháu", "bệnh nhân", "ca", "thẻ", "doanh nghiệp", "hợp tác xã", "dự án", "công trình", "hạng mục",
    "tuyến đường", "tuyến", "hồ sơ", "giấy phép", "giấy chứng nhận", "thủ tục", "văn bản", "đơn thư", "đơn",
    "cuộc", "lớp", "buổi", "đợt", "hội nghị", "chuyến", "tàu", "xe", "phương tiện", "cơ sở", "trường",
    "tổ dân phố", "thôn", "khu dân cư", "gia đình", "căn hộ", "căn", "nhà", "ngôi nhà", "suất", "phần quà",
    "suất quà", "liều", "mẫu", "sáng kiến", "đảng viên", "hội viên", "đoàn viên", "thanh niên", "công dân",
    "tân binh", "chiến sĩ", "chiếc", "cái", "bộ", "tác phẩm", "giải", "huy chương", "lô", "ô", "thửa",
    "điểm", "chợ", "cửa hàng", "sản phẩm", "cây", "tổ", "nhóm", "câu lạc bộ", "đoàn", "cuộc gọi",
    "tin", "bài", "tin bài", "ý kiến", "kiến nghị", "phiên", "vụ tai nạn", "đám cháy", "quyết định", "đồ án",
    "đơn vị", "viên chức", "cán bộ", "công chức", "băng rôn", "pano", "ngày công", "đội", "cặp", "tiêu chí",
    # signs, flags and fixtures counted in propaganda and urban-order work
    "cờ", "cờ dây", "cờ cá", "cờ chuỗi", "cờ phướn", "phướn", "hồng kỳ", "khẩu hiệu", "áp phích", "biển", "biển hiệu",
    "biển quảng cáo", "bảng", "bảng hiệu", "bảng quảng cáo", "lều", "mái che", "bậc", "bậc tam cấp", "ki-ốt", "kiốt",
    "gian hàng", "camera", "cột", "bóng đèn",
    # papers, plans, events and groups
    "giấy xác nhận", "giấy chứng nhận quyền sử dụng đất", "bản", "phương án", "chương trình",
    "phóng sự", "tiết mục", "trận", "môn", "mô hình", "tổ hợp tác", "hợp tác", "trang trại", "gia trại", "địa điểm",
    "vị trí", "điểm trường", "phòng học", "lò", "giếng", "bể", "ngôi", "mộ", "ngôi mộ", "hố",
    # weapons, machines, stations, rings
    "khẩu", "khẩu súng", "quả", "máy", "trạm", "trạm bơm", "đường dây", "ổ", "ổ dịch", "chi bộ", "tổ chức đảng",
    # farming, irrigation and people of the Mekong delta's reports ("28 mã số vùng trồng", "đóng 38 cống",
    # "đắp 26 đập tạm", "hỗ trợ 540 bồn", "đấu giá 42 nền nhà", "27 em đạt giải", "1.120 vận động viên")
    "mã số vùng trồng", "mã số", "cống", "đập", "bồn", "nền nhà", "em", "vận động viên", "học viên",
    # administrative units counted ("dịch xảy ra tại 5 hộ ở 2 xã")
    "xã", "phường", "thị trấn", "huyện", "quận", "xóm", "khu phố",
)
# Counted nouns that all count people: one indicator may count its "lao động" in one report and
# its "người" in another ("giải quyết việc làm cho 1.245 lao động" / "3.712 người"); comparisons
# and series put them side by side. (Not "lượt": visits are not people.)
PEOPLE_NOUNS: frozenset[str] = frozenset({
    "người", "lao động", "nhân khẩu", "công dân", "thanh niên", "tân binh", "đối tượng",
})
# Words after which a number is an ordinal or a reference, not a count ("kỳ họp thứ 5 HĐND").
ORDINAL_BEFORE: tuple[str, ...] = ("thứ", "khóa", "khoá", "điều", "khoản", "điểm", "mục", "chương", "phần", "tổ", "khu", "đội")
# Words after which a number is a date ("tháng 10 giải quyết …" is October), unless they follow a
# number themselves ("lũy kế 10 tháng 528 lao động": a duration, then the figure).
DATE_WORDS_BEFORE: tuple[str, ...] = ("tháng", "ngày", "quý")

# A counted noun's head classifier, for nouns that name a kind of it: "hộ gia đình" counts hộ.
COUNT_HEADS: dict[str, str] = {
    "hộ gia đình": "hộ", "hộ kinh doanh": "hộ", "vụ việc": "vụ", "vụ án": "vụ", "vụ tai nạn": "vụ",
    "lượt khách": "lượt", "ngôi nhà": "nhà", "căn hộ": "căn", "suất quà": "suất", "tin bài": "tin",
    "biển hiệu": "biển", "biển quảng cáo": "biển", "bảng hiệu": "bảng", "bảng quảng cáo": "bảng", "bậc tam cấp": "bậc",
    "ngôi mộ": "mộ", "giấy chứng nhận quyền sử dụng đất": "GCNQSDĐ", "khẩu súng": "khẩu", "ổ dịch": "ổ",
}

# After a counted total, words that open its breakdown: "198 sáng kiến … gồm 3 cấp: Mầm non:
# 64, Tiểu học: 80" — each "label: number" part is counted in the total's noun.
BREAKDOWN_CUE = r"(?:bao gồm|gồm|trong đó|chia ra|cụ thể)"

# Approximation and bound words written before a figure.
QUALIFIERS: dict[str, str] = {
    "trên": ">", "hơn": ">", "ngoài": ">", "gần": "≈", "khoảng": "≈", "xấp xỉ": "≈", "ước": "≈", "dưới": "<",
    "chưa đến": "<", "chưa tới": "<", "tối thiểu": "≥", "ít nhất": "≥", "tối đa": "≤", "không quá": "≤",
}


# --- numbers ---------------------------------------------------------------------------------

NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?|\d+\.\d+"


def parse_number(text: str) -> float:
    """Vietnamese notation: "1.000.797" -> 1000797; "24,1" -> 24.1; "116.442,134" ->
    116442.134; "8.132,00" -> 8132.0. A dot not followed by groups of three digits is read
    as a decimal point ("3.5" -> 3.5), and "1,000,000" (several comma groups) as thousands."""
    s = text.strip().replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?", s):  # English grouping
        return float(s.replace(",", ""))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
        return float(s.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d+,\d+", s):
        return float(s.replace(",", "."))
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return float(s)
    raise ValueError(f"Không đọc được số '{text}'.")


# --- quantities ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    text: str  # as written, e.g. "triệu đồng", "1.000 lượt", "tỷ USD"
    base: str  # đồng, USD, %, ha, tấn, or the counted noun ("hộ", "lượt")
    factor: float  # multiply a value in `text` units by this to get the base unit

    @property
    def is_percent(self) -> bool:
        return self.base == "%"


@dataclass(frozen=True)
class Quantity:
    value: float  # as written, in `unit.text` units (low end of a range)
    text: str  # the figure as written, unit included
    unit: Unit
    start: int
    end: int
    high: float | None = None  # high end of a range "2.000 - 2.500"
    qualifier: str = ""  # ">", "<", "≈" ... from "trên", "dưới", "khoảng"
    of_total: float | None = None  # "04/12 công trình" -> 12; "102.283/189.985 triệu đồng" -> 189985

    @property
    def base_value(self) -> float:
        return self.value * self.unit.factor


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_SCALE_ALT = _alternation(SCALES)
# Measure words that begin a noun of another meaning: "124 đồng chí" (comrades) is no money.
MEASURE_NOT_BEFORE: dict[str, tuple[str, ...]] = {"đồng": ("chí", "bào")}


def _measure_alternation() -> str:
    def alt(w: str) -> str:
        nxt = MEASURE_NOT_BEFORE.get(w)
        return re.escape(w) + (rf"(?!\s+(?:{'|'.join(nxt)})(?![^\W\d_]))" if nxt else "")
    return "|".join(alt(w) for w in sorted(MEASURES, key=len, reverse=True))


_MEASURE_ALT = _measure_alternation()
_NOUN_ALT = _alternation(COUNT_NOUNS)
_QUAL_ALT = _alternation(QUALIFIERS)
_W = r"(?![^\W\d_])"
# A counted paper or thing named by its initials: "350 GCNQSDĐ", "120 CCCD" (upper case only).
_ACRONYM = r"(?-i:[A-ZĐ]{2,}[A-ZĐ0-9]*)"
_DATE_WORD_BEFORE = re.compile(rf"(?:^|(?<!\d)\s)(?:{'|'.join(DATE_WORDS_BEFORE)})\s*$", re.IGNORECASE)
_ORDINAL_BEFORE = re.compile(rf"(?:^|\s)(?:{'|'.join(ORDINAL_BEFORE)})\s*$", re.IGNORECASE)  # word end (letters only: "ha" is not the start of "hạ")

# [qualifier] value [- value | / total] [scale] [measure | noun] [/ total [scale] [measure | noun]];
# composite money "266 tỷ 933 triệu đồng".
def _unit_part(i: int) -> str:
    return (rf"(?:\s*(?P<scale{i}>{_SCALE_ALT}){_W})?(?:\s*(?P<tail{i}>{NUMBER})\s*(?P<tscale{i}>{_SCALE_ALT}){_W})?"
            rf"(?:\s*(?P<measure{i}>{_MEASURE_ALT}){_W}(?P<denom{i}>(?:/[^\W\d_]+){{1,2}}{_W})?|\s*(?P<noun{i}>{_NOUN_ALT}|{_ACRONYM}){_W})?")


_QUANTITY = re.compile(
    rf"(?:(?<![^\W\d_])(?P<qual>{_QUAL_ALT})\s+)?"
    rf"(?P<num>{NUMBER})"
    rf"(?:\s*(?P<rsep>-|–|đến|tới)\s*(?P<high>{NUMBER}))?"
    + _unit_part(1)
    + rf"(?:\s*/\s*(?P<total>{NUMBER})" + _unit_part(2) + ")?",
    re.IGNORECASE,
)
# A number glued to a code, date or name ("04-NQ/QU", "19/01/2023", "Q.1") is not a figure.
_CODE_BEFORE = re.compile(r"[\w/.\-]$")
_CODE_AFTER = re.compile(r"[/.\-]?\d|/\d")


@lru_cache(maxsize=256)
def make_unit(scale: str, measure: str, noun: str = "", per: str = "", denom: str = "") -> Unit | None:
    """Unit from its written parts: ("triệu", "đồng") -> triệu đồng = 1e6 đồng; a rate's
    denominator ("/cây", "/năm") makes its own base: "triệu đồng/ha" -> 1e6 đồng/ha."""
    factor = SCALES.get(scale.lower(), 1.0) if scale else 1.0
    if per:  # a table's "1.000 lượt": the multiplier is itself a number
        factor *= parse_number(per)
    if measure:
        base, f = MEASURES[measure.lower()]
        text = " ".join(x for x in (per, scale, measure) if x) + denom
        return Unit(text, base + denom.lower(), factor * f)
    if noun:
        base = noun if noun.isupper() else COUNT_HEADS.get(noun.lower(), noun.lower())
        return Unit(" ".join(x for x in (per, scale, noun) if x), base, factor)
    return None


# Money units as tables abbreviate them (lower case, spaces collapsed) -> as written out.
UNIT_ABBREVIATIONS: dict[str, str] = {
    "tr.đồng": "triệu đồng", "tr. đồng": "triệu đồng", "tr đồng": "triệu đồng", "tr.đ": "triệu đồng", "trđ": "triệu đồng",
    "tr.đ.": "triệu đồng", "ng.đồng": "nghìn đồng", "ng.đ": "nghìn đồng", "tỷ.đ": "tỷ đồng", "tr.usd": "triệu USD",
}


def parse_unit(text: str) -> Unit | None:
    """A table's unit column: "Tỷ đồng", "Triệu USD", "1.000 lượt", "Lượt người", "%", "Tr.đồng"."""
    written = re.sub(r"\s+", " ", text.strip())
    s = UNIT_ABBREVIATIONS.get(written.lower(), COUNT_INITIALS.get(written, written))  # "DN": doanh nghiệp
    if not s:
        return None
    m = re.fullmatch(rf"(?:(?P<per>{NUMBER})\s*)?(?:(?P<scale>{_SCALE_ALT})\s*)?(?:(?P<measure>{_MEASURE_ALT})|(?P<noun>.+))?", s, re.IGNORECASE)
    if not m:
        return None
    measure, noun = m.group("measure") or "", m.group("noun") or ""
    if not measure and not noun:
        noun = "đơn vị"
    unit = make_unit(m.group("scale") or "", measure, noun, m.group("per") or "")
    return replace(unit, text=written) if unit is not None and s != written else unit


def parse_range(text: str) -> tuple[float, float | None] | None:
    """A table cell: "116.442,134" -> (116442.134, None); "2.000 - 2.500" -> (2000, 2500)."""
    m = re.fullmatch(rf"\s*(?P<num>{NUMBER})\s*(?:(?:-|–|đến)\s*(?P<high>{NUMBER})\s*)?%?\s*", text)
    if not m:
        return None
    return parse_number(m.group("num")), (parse_number(m.group("high")) if m.group("high") else None)


def _unit_of(m: re.Match, i: int) -> tuple[str, Unit | None, float]:
    """(scale, unit, value added by a composite tail) of unit part i."""
    scale = m.group(f"scale{i}") or ""
    unit = make_unit(scale, m.group(f"measure{i}") or "", m.group(f"noun{i}") or "", denom=m.group(f"denom{i}") or "")
    extra = 0.0
    if m.group(f"tail{i}") and scale:
        extra = parse_number(m.group(f"tail{i}")) * SCALES[m.group(f"tscale{i}").lower()] / SCALES[scale.lower()]
    return scale, unit, extra


def _quantity(m: re.Match, text: str, offset: int) -> Quantity | None:
    if _CODE_BEFORE.search(text[: m.start("num")]):
        return None
    _, unit, extra = _unit_of(m, 1)
    total = None
    if m.group("total"):
        scale2, unit2, extra2 = _unit_of(m, 2)
        if unit is None and unit2 is None:
            return None
        if unit is None:  # "04/12 công trình": the unit written once, after the total
            unit = unit2
        if _CODE_AFTER.match(text[m.end():]):
            return None  # a date "19/01/2023"
        total = parse_number(m.group("total")) * ((unit2.factor / unit.factor) if unit2 and unit2.base == unit.base else 1) + extra2
    if unit is None:
        return None
    if is_count(unit.base) and not m.group("total") and (
            _ORDINAL_BEFORE.search(text[: m.start("num")]) or _DATE_WORD_BEFORE.search(text[: m.start("num")])):
        return None  # "kỳ họp thứ 5 HĐND", "tổ 3 khu dân cư", "tháng 10 giải quyết"
    if unit.base != "%" and not (m.group("measure1") or m.group("measure2")) and _looks_like_year(m.group("num")) and not m.group("total"):
        return None
    value = parse_number(m.group("num")) + extra
    high = parse_number(m.group("high")) if m.group("high") else None
    if high is not None and high <= value:
        return None  # "2023 - 2025" or a subtraction, not a range
    qual = QUALIFIERS.get(m.group("qual").lower(), "") if m.group("qual") else ""
    start = m.start("qual") if qual else m.start("num")
    end = m.end()
    while end > start and text[end - 1].isspace():
        end -= 1
    return Quantity(value, text[start:end], unit, offset + start, offset + end, high, qual, total)


def find_quantities(text: str, offset: int = 0) -> list[Quantity]:
    """Every figure with a unit in `text`; bare numbers (codes, years, dates) are skipped,
    except the parts of a counted total's breakdown (`BREAKDOWN_CUE`)."""
    out: list[Quantity] = []
    for m in _QUANTITY.finditer(text):
        q = _quantity(m, text, offset)
        if q is not None:
            out.append(q)
    for q in [q for q in out if is_count(q.unit.base) and q.of_total is None]:
        out.extend(_breakdown(text, offset, q, out))
    return sorted(out, key=lambda q: q.start)


_BREAKDOWN_CUE = re.compile(rf"^[^;.\n]{{0,40}}?\b{BREAKDOWN_CUE}\b", re.IGNORECASE)
_PART = re.compile(rf"(?<![\w.,])[^\W\d_][^:;,.\d\n]{{0,30}}:\s*(?P<num>{NUMBER})(?=\s*(?:[,;.]|$))")


def _breakdown(text: str, offset: int, total: Quantity, found: list[Quantity]) -> list[Quantity]:
    """"198 sáng kiến … gồm 3 cấp: Mầm non: 64, Tiểu học: 80, THCS: 54": the bare parts, each
    in the total's unit, up to the end of the sentence."""
    rest = text[total.end - offset:]
    cue = _BREAKDOWN_CUE.search(rest)
    if not cue:
        return []
    end = re.search(r";|\n|\.(?:\s|$)", rest[cue.end():])
    seg_start = total.end - offset + cue.end()
    seg = text[seg_start: seg_start + (end.start() if end else len(rest) - cue.end())]
    taken = [(q.start - offset, q.end - offset) for q in found]
    out = []
    for m in _PART.finditer(seg):
        a, b = seg_start + m.start("num"), seg_start + m.end("num")
        if any(s < b and a < e for s, e in taken):
            continue
        out.append(Quantity(parse_number(m.group("num")), m.group("num"), total.unit, offset + a, offset + b))
    return out


_BARE_NUMBER = re.compile(rf"(?<![\d.,/])(?P<num>{NUMBER})(?:/(?P<total>{NUMBER}))?(?![\d/])")
_NAME_AFTER = re.compile(r"[-/][^\W\d_]")  # "04-NQ", "12/BC": a document's number
_DATE_BEFORE = re.compile(r"(?:^|\s)(?:ngày|ngay|đến|den|từ|tu)\s*$", re.IGNORECASE)


def counted_numbers(text: str, *, ordinals: bool = False) -> list[str]:
    """The numbers of `text` that can count something, with or without a unit after them: not a
    year, not part of a code, date or name ("COVID-19", "04-NQ/QU", "19/01/2023", "ngày 15/3"),
    not an ordinal or reference ("lần thứ 2", "kỳ họp thứ 5") unless `ordinals`; "95/95 công dân"
    counts 95."""
    out = []
    for m in _BARE_NUMBER.finditer(text):
        before, after = text[: m.start()], text[m.end():]
        if _CODE_BEFORE.search(before) or _NAME_AFTER.match(after) or (not ordinals and _ORDINAL_BEFORE.search(before)):
            continue
        if m.group("total") and _DATE_BEFORE.search(before):
            continue
        if not m.group("total") and _CODE_AFTER.match(after):
            continue
        if not _looks_like_year(m.group("num")):
            out.append(m.group("num"))
    return out


def _looks_like_year(num: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d", num))


# How amounts are shown after conversion: base unit -> (divisor, unit words), largest first.
DISPLAY_SCALES: dict[str, tuple[tuple[float, str], ...]] = {
    "đồng": ((1e12, "nghìn tỷ đồng"), (1e9, "tỷ đồng"), (1e6, "triệu đồng")),
    "USD": ((1e9, "tỷ USD"), (1e6, "triệu USD")),
}
# The unit charts use for each base (one scale for every bar).
CHART_SCALES: dict[str, tuple[float, str]] = {"đồng": (1e9, "tỷ đồng"), "USD": (1e6, "triệu USD")}
MEASURE_BASES = frozenset(base for base, _ in MEASURES.values())
# What a question's measure word asks, as base units (folded phrase -> bases): "sản lượng thủy
# sản" is tonnes, not the farmed area an indicator of the same name also reports.
ASKED_MEASURES: dict[str, frozenset[str]] = {
    "san luong": frozenset({"tấn", "m³", "lít", "kWh"}),
    "dien tich": frozenset({"ha"}),
    "nang suat": frozenset({"tạ/ha"}),
}


def comparable_base(unit_base: str) -> str:
    """The base unit figures are compared in: counts of people are one ("người")."""
    return "người" if unit_base.lower() in PEOPLE_NOUNS else unit_base


# Counted nouns written by their initials in tables' unit columns ("DN", "HTX").
COUNT_INITIALS: dict[str, str] = {
    "DN": "doanh nghiệp", "HTX": "hợp tác xã", "GPXD": "giấy phép xây dựng", "DA": "dự án", "CT": "công trình",
    "HS": "hồ sơ", "LĐ": "lao động", "HSSV": "học sinh, sinh viên",
}


# Initials written out: the counted heads' own initials ("GCNQSDĐ") and the tables' ("DN").
_SPELLED_OUT: dict[str, str] = {base: noun for noun, base in COUNT_HEADS.items() if base.isupper()} | COUNT_INITIALS


def _count_words(unit_base: str) -> list[str]:
    """A counted noun's words, initials written out ("GCNQSDĐ" -> "giấy chứng nhận quyền sử dụng đất",
    "DN" -> "doanh nghiệp")."""
    return fold(_SPELLED_OUT.get(unit_base, unit_base)).split()


def _people_times(unit_base: str) -> str:
    """"lượt lao động" counts the people it names ("giải quyết việc làm cho 1.326 lượt lao động")."""
    words = unit_base.split()
    return comparable_base(" ".join(words[1:])) if len(words) > 1 and fold(words[0]) == "luot" else comparable_base(unit_base)


def same_count(a: str, b: str) -> bool:
    """Whether two comparable bases count one thing: equal, or counted nouns of which one is the
    other written shorter, in two words or more ("giấy chứng nhận" / "GCNQSDĐ"); one word is not
    enough ("đơn" / "đơn vị")."""
    if a == b or _people_times(a) == _people_times(b):
        return True
    if not (is_count(a) and is_count(b)):
        return False
    wa, wb = _count_words(a), _count_words(b)
    n = min(len(wa), len(wb))
    return n >= 2 and wa[:n] == wb[:n]


def is_count(unit_base: str) -> bool:
    """A counted noun ("hộ", "giấy phép"), not a measure (money, %, area, mass …)."""
    return unit_base not in MEASURE_BASES


def format_number(v: float) -> str:
    """Vietnamese notation, up to three decimals: 1234567.5 -> "1.234.567,5"."""
    s = f"{v:,.3f}".rstrip("0").rstrip(".")
    return s.replace(",", "_").replace(".", ",").replace("_", ".")


def format_amount(value: float, base: str) -> str:
    """A base-unit value as people write it, every digit kept: 123.817.000.000 đồng -> "123,817
    tỷ đồng", 5.862.290 triệu đồng -> "5.862,29 tỷ đồng" (not "5,862 nghìn tỷ đồng": the
    largest scale that writes the figure exactly in three decimals, else the largest that fits)."""
    fitting = [(div, words) for div, words in DISPLAY_SCALES.get(base, ()) if abs(value) >= div]
    for div, words in fitting:
        if abs(round(value / div, 3) * div - value) <= 1e-6 * max(abs(value), 1.0):
            return f"{format_number(value / div)} {words}"
    if fitting:
        div, words = fitting[0]
        return f"{format_number(value / div)} {words}"
    return f"{format_number(value)}{'%' if base == '%' else ' ' + base}"
