"""Follow-up cues of a conversation, as data: the phrases that make a question lean on the
turns before it. Written with diacritics; the parser in rag/dialogue.py also matches their
diacritics-free forms (users type both). Longer phrases are tried first.

- OPENERS / CLOSERS: words that frame a follow-up and carry no slot of their own
  ("còn Ngô Quyền thì sao?", "vậy còn chi ngân sách?").
- COMPARE: "so với Kiến An" — the place after the cue is compared with the previous one.
- PERIOD_SHIFTS: relative periods, as a shift of the previous turn's period
  (months, years); "kỳ trước" moves by the period's own length.
- PREDICATE_STARTS: where the indicator (a noun phrase) ends and what is asked about it
  begins ("thu ngân sách | đạt bao nhiêu %"); used to put the place and period between them.
- NOT_TOPIC: content words that describe the asking, not an indicator, so a turn made only
  of them ("tăng bao nhiêu so với cùng kỳ?") keeps the previous indicator.
- RELATED: indicators usually reported together, for suggested next questions (a suggestion
  is only offered when the report's text contains it).
"""
from __future__ import annotations

OPENERS = (
    "thế còn về", "vậy còn về", "thế còn", "vậy còn", "thế thì", "còn về", "còn với", "còn ở", "còn của",
    "còn", "vậy", "thế", "và",
)
CLOSERS = (
    "thì như thế nào", "thì thế nào", "thì ra sao", "thì sao", "thế nào", "ra sao", "như thế nào",
    "nữa", "nhỉ", "nhé", "ạ", "thì",
)
# A whole turn that is only a request to go on ("thế nào?", "sao?") keeps every slot.
COMPARE = ("so sánh với", "đối chiếu với", "so với", "so sánh")
# (months, years); "kỳ trước" is handled as one period length back.
PERIOD_SHIFTS: dict[str, tuple[int, int]] = {
    "cùng kỳ năm trước": (0, -1),
    "cùng kỳ năm ngoái": (0, -1),
    "cùng kỳ năm sau": (0, 1),
    "cùng kỳ": (0, -1),
    "quý liền trước": (-3, 0),
    "quý trước": (-3, 0),
    "quý sau": (3, 0),
    "tháng trước": (-1, 0),
    "tháng sau": (1, 0),
    "năm trước": (0, -1),
    "năm ngoái": (0, -1),
    "năm sau": (0, 1),
}
PREVIOUS_PERIOD = ("kỳ trước", "kì trước", "kỳ báo cáo trước")
# Words before a shift phrase that make it a baseline inside the question, not a new period:
# "tăng bao nhiêu so với cùng kỳ" asks about the same period.
BASELINE_BEFORE = ("so với", "so", "với", "bằng", "hơn")
PREDICATE_STARTS = (
    "đạt", "tăng", "giảm", "là", "được", "có", "ước", "bằng", "chiếm", "bao nhiêu", "mấy", "bn",
    "thế nào", "như thế nào", "ra sao", "gồm", "gồm những", "bao gồm", "khi nào", "ở đâu", "vào",
    "so với", "thực hiện", "hoàn thành", "còn",
)
NOT_TOPIC = (
    "đạt", "tăng", "giảm", "ước", "bằng", "chiếm", "thực", "hiện", "so", "với", "cùng", "kỳ", "kế", "hoạch",
    "được", "hoàn", "thành", "trước", "sau", "ngoái", "quý", "tháng", "năm", "sánh", "đối", "chiếu", "liền",
    "dự", "toán", "giao", "phấn", "đấu", "tỷ", "lệ", "tốc", "độ", "kết", "quả", "tổng", "số", "sao",
)
RELATED: dict[str, tuple[str, ...]] = {
    "thu ngân sách": ("chi ngân sách", "thu thuế"),
    "chi ngân sách": ("thu ngân sách",),
    "thu thuế": ("thu ngân sách",),
    "hộ nghèo": ("hộ cận nghèo",),
    "hộ cận nghèo": ("hộ nghèo",),
    "giá trị sản xuất công nghiệp": ("doanh thu thương mại, dịch vụ",),
    "doanh thu": ("giá trị sản xuất công nghiệp",),
    "vốn đầu tư": ("thu ngân sách",),
    "việc làm": ("hộ nghèo",),
    "tuyển quân": ("việc làm",),
    "doanh nghiệp": ("hộ kinh doanh",),
    "hộ kinh doanh": ("doanh nghiệp",),
}
