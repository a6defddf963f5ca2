"""The question lexicon: question and function words, ask-type cues, money units and nouns,
and the section cues the answerer uses — tables of phrases (accented; folded forms derived)
and the regexes built from them. Matching runs on folded text (no diacritics, lower case).
"""
from __future__ import annotations

import re

from index.vi.markers import NUMBERED_HEADING, PART_RE
from index.vi.places import level_alternation
from index.vi.text import fold

# Question and function words, accented. Multi-syllable entries are removed as phrases first.
STOP_PHRASES = (
    "bao nhiêu", "như thế nào", "thế nào", "ra sao", "là gì", "cái gì", "những gì", "khi nào", "lúc nào",
    "bao giờ", "ở đâu", "tại đâu", "chỗ nào", "nơi nào", "cho biết", "cho tôi", "cho mình", "có phải",
    "hay không", "phần trăm", "số lượng", "kể tên", "liệt kê", "báo cáo", "bao gồm", "là bao nhiêu",
)
STOP_WORDS = {
    "là", "gì", "nào", "được", "của", "đã", "đang", "sẽ", "có", "không", "chưa", "bị", "các", "những",
    "và", "với", "trong", "tại", "ở", "đâu", "khi", "ai", "mấy", "bn", "cho", "biết", "hãy", "tôi", "mình",
    "em", "anh", "chị", "bạn", "ạ", "à", "vậy", "nhỉ", "nhé", "thì", "hả", "đó", "này", "kia", "ấy", "về",
    "theo", "thế", "như", "ra", "sao", "mà", "thôi", "nha", "ơi", "giúp", "xin", "hỏi", "muốn", "rồi",
    "gồm", "tên", "một", "cả", "nhiêu", "bao", "hết", "bởi", "do", "lại", "nữa", "đến", "từ",
    "để", "thấy", "vào", "hoặc", "hay", "thuộc", "nêu", "mỗi", "nơi", "%",
    # chat shorthand: "z"/"v" (vậy), "j" (gì), "dc"/"đc" (được), "ko"/"k"/"hok" (không), "ntn" (như thế nào)
    "z", "j", "dc", "đc", "ko", "k", "hok", "ntn",
}
# Folded stop words, minus those whose folded form is also a frequent content syllable
# ("chị"/"chi", "hỏi"/"hội", "ảnh"/"anh hưởng", "tự"/"đầu tư", "về"/"vệ sinh", "chợ", "nơi"/"nội địa"...).
STOP_WORDS_FOLDED = {fold(w) for w in STOP_WORDS} - {
    "chi", "thu", "ban", "hoi", "anh", "em", "ca", "ha", "de", "do", "ma", "thay", "lai", "tu", "ve", "nha",
    "dau", "cho", "thoi", "noi",
}
STOP_PHRASES_FOLDED = tuple(tuple(fold(p).split()) for p in STOP_PHRASES)
STOP_PHRASES_ACCENTED = tuple(tuple(p.split()) for p in STOP_PHRASES)
MONEY_UNITS = {"tiền", "tỷ", "tỉ", "triệu", "đồng", "nghìn", "ngàn", "usd", "vnd", "vnđ", "đ"}
MONEY_UNITS_FOLDED = {fold(w) for w in MONEY_UNITS}
# Scale and currency words that are the unit of a money question, not its topic (folded).
MONEY_UNIT_WORDS_FOLDED = {"ty", "ti", "trieu", "usd", "vnd"}
MONEY_NOUNS = {"von", "kinh", "thue", "phi"}  # "bao nhiêu vốn / kinh phí / thuế / phí"
# Ask-type cues on the folded, space-joined token string (quantity words normalised to "bao nhieu").
DATE_CUE = re.compile(
    r"^(?:thoi gian|thoi diem)\b|\b(?:khi nao|luc nao|bao gio|(?:ngay|thang|nam|hom|dip|thoi gian|thoi diem|thoi han) nao"
    r"|(?:ngay|thang|nam) bao nhieu(?! (?!thang\b|nam\b)\w))"
)
PLACE_CUE = re.compile(
    r"\b(?:o dau|tai dau|cho nao|noi nao|dia diem nao|dia ban nao|dia diem|khu vuc nao"
    r"|(?:phuong|xa|quan|huyen|tinh|thanh pho|to dan pho|thon|tuyen duong|duong|cho) nao)\b"
)
# Indicators named alike but opposite (folded): a span about one does not answer the other
# ("kim ngạch nhập khẩu" is not answered by the export row).
OPPOSITE_TERMS = (("xuat khau", "nhap khau"), ("thu ngan sach", "chi ngan sach"))
# Words that ask for a value's kind, not what is measured ("… ước bao nhiêu", "đạt khoảng").
VALUE_CUE_WORDS_FOLDED = {"uoc", "dat", "khoang", "chung"}
# Phrases of a question that say what a figure is compared with or how sure it is, not what it
# measures ("… tăng bao nhiêu so với cùng kỳ", "dự kiến đạt"), folded: their words are no topic.
NOT_TOPIC_PHRASES = re.compile(r"\bso (?:voi )?(?:cung ky(?: nam truoc)?|ky truoc|thang truoc|nam truoc|ke hoach|du toan)\b"
                               r"|\bdu kien\b|\buoc tinh\b")
# ("chênh lệch / hơn bao nhiêu so với …" asks an amount's difference, not a share)
PERCENT_CUE = re.compile(r"%|\bphan tram\b|\bt[yi] le\b|\btoc do\b|(?<!chenh lech )(?<!hon )\bbao nhieu (?:so voi|ke hoach|du toan)\b")
PERCENT_CHANGE = re.compile(r"\b(?:tang|giam|tang truong|bang)(?: duoc)? bao nhieu\b")
# Words of a plan (folded): a question naming them asks for the plan's column of a table.
PLAN_WORDS = re.compile(r"\b(?:ke hoach|du toan|chi tieu giao)\b")
# A change asked for ("giảm bao nhiêu % so với cùng kỳ"), not the ratio ("bằng bao nhiêu %").
CHANGE_ASK = re.compile(r"\b(?:tang|giam|tang truong)(?: duoc)? bao nhieu\b")
# "Thu thuế … đạt bao nhiêu?" with no unit: an amount, or the share of the plan reports give
# instead ("… đạt 56%").
AMOUNT_OR_SHARE_ASK = re.compile(r"\b(?:dat|thuc hien)(?: duoc)? bao nhieu\W*$")
MONEY_CUE = re.compile(
    r"\b(?:tien|kinh phi|ngan sach|doanh thu|von|gia tri|chi phi|thue|le phi|phi|tong thu|tong chi"
    r"|thu duoc|chi het|chi tra|giai ngan|dau tu|nop|ty dong|trieu dong|tong muc)\b"
)
LIST_CUE = re.compile(
    r"\b(?:gom|bao gom|ke ten|liet ke|(?:nhung|cac) (?:\w+ ){1,4}(?:nao|gi)|nhung gi)\b"
)
NAME_CUE = re.compile(r"\b(?:ai|ten (?:la )?gi|ten|nguoi nao|don vi nao|co quan nao|doanh nghiep nao|cong ty nao|do ai)\b")
FACT_CUE = re.compile(
    r"\b(?:la gi|the nao|ra sao|nhu nao|tinh hinh|ket qua|danh gia|vi sao|tai sao|ly do|nguyen nhan|co khong)\b"
)
QTY_CUE = re.compile(r"\bbao nhieu\b|\bso luong\b")
# "theo ghi chú của báo cáo tháng 9 năm 2024 …": the period names the report asked about, not
# the figure's own period (folded)
REPORT_BY_PERIOD = re.compile(r"\bbao cao\s+(?:ky\s+)?(?:(?:thang|quy)\s+\w+|\d{1,2}\s+thang|nam\s+\d{4})")
# "… được duyệt ở quyết định số mấy?": a document's number is no quantity (folded)
DOC_NUMBER_ASK = re.compile(r"\b(?:quyet dinh|nghi quyet|van ban|ke hoach|thong bao|cong van|chi thi|bao cao|ket luan|thong tu|nghi dinh)"
                            r"(?: \w+){0,2} so (?:may|bao nhieu|gi|hieu)\b|\bso hieu\b")
# ("phần" counts: "bao nhiêu phần quà"; "bao nhiêu phần trăm" is a percentage, found before)
NOT_UNIT = STOP_WORDS | {"so", "sánh", "kế", "năm", "tháng", "quý", "vậy", "nhỉ", "ạ", "là", "lượng"}
NOT_UNIT_FOLDED = {fold(w) for w in NOT_UNIT}
PERIOD_WORDS = {"nam", "thang", "quy", "ngay"}
# Folded words after which "may" is the quantity word "mấy" in diacritic-free typing.
MAY_PREV = {"co", "duoc", "la", "tang", "giam", "dat", "thu", "chi", "het", "mat", "trong", "bi"}
# Syllables that never start or continue a lowercase-typed place name in a question.
NOT_NAME = STOP_WORDS_FOLDED | {
    "nam", "quy", "thang", "ngay", "thu", "chi", "giao", "dat", "tang", "giam", "ho", "nguoi", "ngan", "sach",
    "uy", "doan", "hoi", "phan", "dau", "ke", "hoach", "so", "voi", "cung", "ky", "nay", "ta", "minh", "nha",
    "nuoc", "kinh", "te", "quoc", "phong", "dia", "ban", "tong", "la", "co", "duoc", "nhieu", "bao", "trong",
    "tren", "toan", "cac", "nhung", "va", "cua",
}

# --- values in report text (accented, as written) -----------------------------------------
_NUM = r"\d+(?:[.,]\d+)*"
PERCENT_VALUE = re.compile(rf"{_NUM}\s?%|{_NUM}\s+phần trăm", re.IGNORECASE)
MONEY_VALUE = re.compile(
    rf"{_NUM}\s*(?:(?:tỷ|tỉ|triệu|nghìn|ngàn)(?:\s+{_NUM}\s+(?:triệu|nghìn|ngàn))?\s*)?(?:đồng|USD|VNĐ|VND|đ)(?!\w)"
    rf"|{_NUM}\s*(?:tỷ|tỉ|triệu)(?!\w)",
    re.IGNORECASE,
)
# A table's unit column: "Tỷ đồng", "Tỷ đ", "Tr.đ", "Triệu đ", "USD".
MONEY_UNIT = re.compile(r"(?<!\w)(?:(?:tỷ|tỉ|triệu|tr\.?|nghìn|ngàn)\s*(?:đồng|đ)|đồng|USD|VNĐ|VND)(?!\w)", re.IGNORECASE)
DATE_VALUE = re.compile(
    r"ngày\s+\d{1,2}(?:\s*(?:/|-|tháng)\s*\d{1,2})?|(?<![\d.,])\d{1,2}/\d{1,2}(?:/\d{2,4})?(?![\d.,])",
    re.IGNORECASE,
)
PERIOD_VALUE = re.compile(r"(?:tháng|quý|năm)\s+(?:\d{1,4}|I{1,3}|IV)(?!\w)", re.IGNORECASE)
PLACE_VALUE = re.compile(
    r"(?:tại|ở|phường|xã|quận|huyện|thị trấn|thôn|tổ dân phố|TDP|khu|đường|chợ|núi|làng)\s+([^\W\d_])",
    re.IGNORECASE,
)

# --- sections (folded) ---------------------------------------------------------------------
# Headings of the forward-looking part of a report (forecast, tasks for the next period), and
# the question words that ask about it; other questions want the results part.
FORWARD_SECTION = re.compile(
    r"\b(?:du bao|du kien|phuong huong|nhiem vu,? giai phap|ke hoach nam|muc tieu|nhiem vu trong tam|nhiem vu (?:nam|quy|thang)"
    r"|(?:\d+ thang|quy [ivx]+) cuoi nam|de xuat (?:cac )?(?:chi tieu|ke hoach|nhiem vu|muc tieu))\b"  # "ĐỀ XUẤT CHỈ TIÊU NĂM 2025"
)
# A heading of results, though it names the plan ("KẾT QUẢ THỰC HIỆN KẾ HOẠCH NĂM 2024", "Tình
# hình thực hiện kế hoạch …"): not forward-looking.
RESULTS_HEADING = re.compile(r"\b(?:ket qua|tinh hinh thuc hien|danh gia)\b"
                             r"|(?<!phan dau )\b(?:vuot|dat)\s+(?:muc tieu|ke hoach|chi tieu)\b")  # "1. Kinh tế tăng trưởng khá, vượt mục tiêu đề ra"


# A part or Roman-numbered heading that opens with the plan ("PHẦN II: KẾ HOẠCH PHÁT TRIỂN KINH
# TẾ - XÃ HỘI NĂM 2024", "II. VỀ KẾ HOẠCH …"); not a sub-heading ("3. Kế hoạch vốn đầu tư công").
PLAN_HEADING = re.compile(r"^\W*(?:phan\s+(?:thu\s+)?[^\s:.)\-–]+|[ivxlc]+)\s*[:.)\-–]?\s*(?:ve\s+)?ke hoach\b")


def forward_heading(folded_heading: str) -> bool:
    """Whether a (folded) heading opens the next period's part: forecasts, targets, tasks."""
    return bool(FORWARD_SECTION.search(folded_heading) or PLAN_HEADING.search(folded_heading)) and not RESULTS_HEADING.search(folded_heading)


# The forecast kind of forward-looking heading ("Dự báo khả năng thực hiện kế hoạch năm"): its
# figures are expected results; under the other kinds (phương hướng, nhiệm vụ) they are targets.
# "DỰ KIẾN NHIỆM VỤ TRỌNG TÂM QUÝ IV" plans tasks: a heading that names tasks is no forecast.
FORECAST_SECTION = re.compile(r"\b(?:du bao|du kien)\b(?!.*\b(?:nhiem vu|phuong huong|giai phap|muc tieu)\b)")
# Assessment sections restate figures given first (and in full) in the results sections.
SUMMARY_SECTION = re.compile(r"\b(?:danh gia chung|ton tai|han che|khuyet diem|nguyen nhan)\b")
# "cuối năm 2023" with its year is a point in time ("tỷ lệ hộ nghèo cuối năm 2023"), not the next period.
# A question that asks for a target set for a period ("đặt mục tiêu đón bao nhiêu lượt khách … quý II",
# "phấn đấu …", "dự kiến …"): the report before that period sets it in its tasks part.
TARGET_QUESTION = re.compile(r"\b(?:muc tieu|phan dau|du kien|phuong huong|nhiem vu|dat ra|de ra)\b")
FORWARD_QUESTION = re.compile(r"\b(?:du bao|du kien|phuong huong|giai phap|muc tieu|cuoi nam(?!\s*\d{4})|ca nam|se|sap toi|tiep theo)\b")

# --- diacritics restoration ------------------------------------------------------------------
# Reports rarely ask questions; the restorer's counts are seeded with the phrasing users type.
QUESTION_PHRASES = (
    "bao nhiêu; là bao nhiêu; được bao nhiêu; có bao nhiêu; đạt bao nhiêu phần trăm; bao nhiêu người; "
    "bao nhiêu hộ; bao nhiêu tiền; là gì; những gì; gồm những gì; ở đâu; khi nào; ngày nào; ai ký; "
    "như thế nào; ra sao; tại sao; vì sao; mấy; nào; so với; so sánh; thế nào; chưa; không"
)

# --- short answers -----------------------------------------------------------------------------
# Abbreviations of the words indicators are named with, as tables and dense paragraphs write
# them ("Tổng chi NSĐP", "Giá trị SX công nghiệp - TTCN"): a passage holding one also holds its
# words, and a question holding the words also asks for the abbreviation.
TERM_ABBREVIATIONS = {
    "NSĐP": "ngân sách địa phương", "NSNN": "ngân sách nhà nước", "GTSX": "giá trị sản xuất", "SX": "sản xuất",
    "TTCN": "tiểu thủ công nghiệp", "HH": "hàng hóa", "DV": "dịch vụ", "TMBL": "tổng mức bán lẻ",
    "BHYT": "bảo hiểm y tế", "BHXH": "bảo hiểm xã hội", "BHTN": "bảo hiểm thất nghiệp", "NTM": "nông thôn mới",
    "TNGT": "tai nạn giao thông", "TTHC": "thủ tục hành chính", "CCHC": "cải cách hành chính",
    "XKLĐ": "xuất khẩu lao động", "GPMB": "giải phóng mặt bằng", "ĐTPT": "đầu tư phát triển",
    "XDCB": "xây dựng cơ bản", "KCN": "khu công nghiệp", "CCN": "cụm công nghiệp", "HTX": "hợp tác xã",
    "THCS": "trung học cơ sở", "THPT": "trung học phổ thông", "MN": "mầm non",
    "ANTT": "an ninh trật tự", "PCCC": "phòng cháy chữa cháy", "VSATTP": "vệ sinh an toàn thực phẩm",
    "ATVSTP": "an toàn vệ sinh thực phẩm", "ATTP": "an toàn thực phẩm", "ATGT": "an toàn giao thông",
    "TTATGT": "trật tự an toàn giao thông", "TTATXH": "trật tự an toàn xã hội", "TTĐT": "trật tự đô thị",
    "TTĐH": "trật tự đường hè", "VSMT": "vệ sinh môi trường", "VSMTĐT": "vệ sinh môi trường đô thị",
    # table headers and row labels: "giá SS 2010", "KH năm 2024", "so CK", "so NQ", "HH và DTDV"
    "SS": "so sánh", "KH": "kế hoạch", "CK": "cùng kỳ", "NQ": "nghị quyết", "DTDV": "doanh thu dịch vụ",
}
TERM_ABBREVIATIONS_FOLDED = {fold(a): fold(e) for a, e in TERM_ABBREVIATIONS.items()}
# Words of one region for what most reports write otherwise ("đàn heo" is "đàn lợn", "bắp" is
# "ngô"): a question and a report's names are compared in the common word. Not "mè" (folded "me"
# is "mẹ") nor "khóm" (a hamlet in the south).
REGIONAL_WORDS = {"heo": "lợn", "bắp": "ngô", "đậu phộng": "lạc", "khoai mì": "sắn"}
REGIONAL_WORDS_FOLDED = {fold(a): fold(b) for a, b in REGIONAL_WORDS.items()}
_REGIONAL = re.compile(r"(?<!\w)(?:%s)(?!\w)" % "|".join(sorted(map(re.escape, REGIONAL_WORDS_FOLDED), key=len, reverse=True)))


def in_common_words(folded: str) -> str:
    """Folded text with its regional words in the common ones ("dan heo" → "dan lon")."""
    return _REGIONAL.sub(lambda m: REGIONAL_WORDS_FOLDED[m.group()], folded)
# Abbreviations reports use in a figure's qualifier, written out in a short answer ("24,1% kế
# hoạch TP giao" → "thành phố"); NSNN is the indicator term of the table above.
ABBREVIATIONS = {"TP": "thành phố", "KH": TERM_ABBREVIATIONS["KH"], "CK": TERM_ABBREVIATIONS["CK"], "NSNN": TERM_ABBREVIATIONS["NSNN"],
                 "DT": "dự toán", "HĐND": "HĐND", "UBND": "UBND"}
# What a figure measures, when written right after it ("24,1% kế hoạch TP giao", "tăng 5% so với cùng kỳ").
VALUE_QUALIFIER = re.compile(
    r"\s*(?:(?:kế hoạch|KH|dự toán|chỉ tiêu|nhiệm vụ|mục tiêu|so với|so cùng kỳ|cùng kỳ)\b(?:(?! và )[^,;.()\n\d]){0,50}"
    r"|(?:hộ|người|lao động|lượt|vụ|ha|tấn|con|doanh nghiệp|hồ sơ|công trình|dự án|trường hợp|đối tượng|cơ sở)\b"
    r"(?:(?! và )[^,;.()\n\d]){0,30})"
)

# --- facts about a report itself (folded question cues) ---------------------------------------
REPORT_FACT_CUES = {
    # not "giữa hai kỳ báo cáo" (two reporting periods)
    "signer": re.compile(r"\b(?:ai ky|nguoi ky|(?<!hai )(?<!cac )(?<!moi )(?<!tung )(?<!giua )ky bao cao|ky ten|ky van ban|chu ky)\b"),
    "number": re.compile(r"\b(?:so hieu|so van ban|so ky hieu|ky hieu|bao cao so may|so bao cao)\b"
                         r"|\bbao cao\b.*\bso may\b|\bbao cao\b.*\bso bao nhieu\W*$"),  # "báo cáo … của UBND tỉnh X số mấy / số bao nhiêu", not "tổ dân phố số mấy"
    "date": re.compile(r"\b(?:ngay ban hanh|ban hanh ngay|ban hanh (?:khi )?nao|ngay ky|ky ngay|ngay lap)\b"),
    # "phường Thắng Lợi thuộc tỉnh nào": the province the report's place belongs to
    "province": re.compile(r"\b(?:thuoc|o|cua|nam o|nam trong) (?P<word>tinh|thanh pho) nao\b"),
}

# A question about another document the report cites ("Kế hoạch về chuyển đổi số có số hiệu là
# gì", "ai ký Quyết định 18/QĐ-UBND"): its number or signer is in the text, not in the report's
# own metadata — unless the question also names the report ("báo cáo").
OTHER_DOCUMENT = re.compile(
    r"\b(?:ke hoach|quyet dinh|nghi quyet|cong van|chi thi|thong bao|de an|to trinh|thong tu|nghi dinh|chuong trinh)\b"
)
REPORT_ITSELF = re.compile(r"\bbao cao\b")

# Words that say how a quantity is measured, not what it is about ("tỷ lệ thất nghiệp": the topic
# is "thất nghiệp"); folded syllables.
MEASURE_WORDS_FOLDED = {"ty", "le", "ti", "so", "luong", "tong", "muc"}
# Measure phrases whose first syllable also names things ("sản lượng xi măng": "sản" is no topic
# word, unless the question writes it elsewhere too: "sản lượng thủy sản").
MEASURE_PHRASES_FOLDED = ("san luong",)
# Words that say a figure is an indicator, not which one ("Chỉ tiêu sản lượng xi măng …", a table
# row "Chỉ tiêu: …"): no topic either. Folded.
GENERIC_PHRASES_FOLDED = ("chi tieu",)
# Words that follow a count without saying what was counted ("12 đơn tăng 04 đơn", "198 sáng kiến
# đủ điều kiện", "72 cơ sở do vi phạm"), as written (lower case): the counted noun's qualifier
# stops at them.
AFTER_COUNT = frozenset(
    "tăng giảm làm được đủ đạt với trong của và có là tại ở so bằng trên dưới đã đang cho do bị theo từ đến gồm chiếm "
    "thuộc như về đều được trong đó".split()
)
# A figure named as a rate of change ("Tốc độ tăng giá trị sản xuất", "Tỷ lệ giảm hộ nghèo"), folded:
# the figure is the indicator's change, not its level.
RATE_OF_CHANGE_NAME = re.compile(r"^\W*(?:toc do|ty le|muc) (?:tang|giam)(?: truong)?\b|^\W*tang truong\b")
# Words of a growth question that say how the indicator is measured, not what it is ("tốc độ tăng").
GROWTH_MEASURE_WORDS_FOLDED = frozenset({"toc", "do", "tang", "truong"})
# A question asking for a rank or an ordinal ("đứng thứ mấy", "kỳ họp thứ bao nhiêu"), folded:
# its answer is the number that usually is not a count.
ORDINAL_ASK = re.compile(r"\b(?:thu|hang|lan thu) (?:may|bao nhieu)\b")
# Verbs that say a thing happened or was recorded, not what it was ("xảy ra bao nhiêu vụ tai nạn
# giao thông": the topic is "tai nạn giao thông"); folded phrases.
EVENT_VERBS_FOLDED: tuple[tuple[str, ...], ...] = (
    ("xay", "ra"), ("ghi", "nhan"), ("phat", "sinh"), ("thuc", "hien"), ("dat", "duoc"), ("dat",), ("co",), ("duoc",),
)

# --- questions across reports: comparison, ranking, trend, below-plan filter (folded) ---
COMPARE_CUE = re.compile(
    r"(?<!gia )\bso sanh\b|\bvs\b|\b(?:cao|thap|nhieu|it|lon|nho|nhanh|cham)(?: [a-z]+){0,2} hon\b|\b(?:cao|thap|nhieu|it|lon|nho|nhanh|cham)(?: [a-z]+){0,6} hon\W*$|\bchenh (?:lech|nhau)\b|\bhon kem\b|\bkhac nhau\b|\bben nao\b"
    r"|\bnoi nao\b|\bdia phuong nao\b|\bmoi noi\b|\btung (?:noi|dia phuong)\b"
    # "xã nào tiếp nhận nhiều hồ sơ TTHC hơn", "… nhiều hồ sơ TTHC hơn, A hay B"
    r"|\bnao\b.*\b(?:cao|thap|nhieu|it|lon|nho)(?: [a-z]+){0,6} hon\b|\b(?:cao|thap|nhieu|it|lon|nho)(?: [a-z]+){0,6} hon\b(?=.*\bhay\b)"
    rf"|\bso voi (?:{level_alternation()})\b"  # "… của huyện A so với huyện B"
    rf"|\b(?:hon|kem)(?: so voi)? (?:{level_alternation()})\b"  # "… của xã A hơn xã B bao nhiêu tấn"
    rf"|\bmoi (?:{level_alternation()})\b"  # "… A với B mỗi tỉnh giải quyết việc làm cho bao nhiêu lao động"
)
# "… của A và B lần lượt là bao nhiêu": one figure for each of the places named (folded)
RESPECTIVE_ASK = re.compile(r"\blan luot (?:la |dat |duoc )?(?:bao nhieu|may)\b")
RANK_CUE = re.compile(r"\b(?:cao|thap|nhieu|it|lon|nho) nhat\b|\bxep hang\b|\bdung dau\b")
TREND_CUE = re.compile(
    r"\bgiua (?:hai|cac) ky\b|\bqua cac (?:ky|nam|quy|thang)\b|\bxu huong\b|\bbien dong\b|\bcac ky\b|\bdien bien\b"
    r"|\bthay doi (?:the nao|ra sao|nhu the nao|bao nhieu)\b"
    r"|\b(?:(?:tang|giam) (?:the nao|ra sao|nhu the nao)|tang hay giam|giam hay tang)\b"
    r"(?!.*\bso (?:voi )?(?:cung ky|ke hoach|du toan|nam truoc)\b)"
)
# The words of those cues and of the questions around them ("so sánh … của A và B", "A hay B …
# nhiều hơn?"): not what is measured. What is left of a question names the indicator. Compared
# as typed when the question has diacritics ("tại" is a cue word, "tài khoản" is not).
CROSS_REPORT_WORDS = {
    "so", "sánh", "qua", "các", "kỳ", "cao", "thấp", "nhiều", "ít", "lớn", "nhỏ", "hơn", "nhất", "chênh", "lệch",
    "nhau", "kém", "khác", "bên", "nơi", "nào", "địa", "phương", "mỗi", "từng", "xu", "hướng", "biến", "động",
    "diễn", "thay", "đổi", "thế", "ra", "sao", "như", "xếp", "hạng", "đứng", "đầu", "hay", "với", "và", "giữa",
    "từ", "đến", "bao", "là", "của", "ở", "tại", "trong", "được", "có", "gì",
}
CROSS_REPORT_WORDS_FOLDED = {fold(w) for w in CROSS_REPORT_WORDS}
# Crop seasons, named by two words each: a season's words are never cue words ("biến động"
# folds to "dong", the "Đông" of "Đông Xuân"), and a figure of one season does not answer for
# another. Folded.
# (Not "vụ mùa": folded, "vụ mua bán" is a case of trading.)
CROP_SEASONS_FOLDED = ("dong xuan", "he thu", "thu dong", "xuan he")
# Words that date a figure as of a day ("thời điểm 01/6/2025", "tính đến ngày …"): when, not which. Folded.
POINT_IN_TIME_FOLDED = ("thoi diem", "tinh den", "den ngay", "den het ngay", "tai ngay")
BELOW_PLAN_CUE = re.compile(r"\b(?:duoi|chua (?:dat|den|toi)|thap hon)\s*(\d+(?:[.,]\d+)?)\s*(?:%|phan tram)\s*(?:ke hoach|du toan|kh)\b")
LOW_WORDS = re.compile(r"\b(?:thap|it|nho)\b")
# Words before a level that ask about every place of that level: "các quận", "hai quận", "những huyện" (folded).
PLURAL_WORDS = ("cac", "nhung", "hai", "ba", "bon", "nam", "moi")
# Which figure of an indicator a cross-report question asks for (folded): % of plan, the ratio
# to the same period ("bằng 97,2% so với cùng kỳ"), or the growth ("tăng 11,8% so với cùng kỳ").
PCT_PLAN_CUE = re.compile(r"%|\bphan tram\b|\bke hoach\b|\bdu toan\b|\bty le dat\b")
GROWTH_CUE = re.compile(r"\btoc do tang\b|\btang truong\b|\btang bao nhieu\b|\bmuc tang\b|\btang so voi\b")  # "… tăng so với cùng kỳ ở nơi nào nhanh hơn"
YOY_CUE = re.compile(r"\bcung ky\b")


def targets_heading(section: str) -> str | None:
    """The heading (as written) under which a section path ("PHẦN II. PHƯƠNG HƯỚNG … > 1. …")
    holds the next period's tasks — its innermost forward-looking numbered or part heading, when
    that is not a forecast: figures there are targets. None when the section is no such part."""
    inner = _innermost_forward(section)
    return inner if inner is not None and not FORECAST_SECTION.search(fold(inner)) else None


def _innermost_forward(section: str) -> str | None:
    """The innermost numbered or part heading of a section path that opens the next period's part."""
    heads = [p for p in section.split(" > ") if NUMBERED_HEADING.match(p) or PART_RE.match(p)]
    return next((h for h in reversed(heads) if forward_heading(fold(h))), None)


def forecast_heading(section: str) -> str | None:
    """The heading (as written) under which a section path holds a forecast of results ("1. Dự
    báo khả năng thực hiện kế hoạch năm 2023 …"): figures there are expected results of the
    period it names. None when the section is no such part."""
    inner = _innermost_forward(section)
    return inner if inner is not None and FORECAST_SECTION.search(fold(inner)) else None


def targets_section(section: str) -> bool:
    return targets_heading(section) is not None
