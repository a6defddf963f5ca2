"""The web app in a real browser: Debian's Chromium driven by Playwright.

Runs against a private copy of the sample index (uploads must not touch the shared one).
Outside CI the tests are skipped when /usr/bin/chromium is missing; in CI (CI set) they
must run, so a missing browser is a failure.
"""
from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from screenshot import CHROMIUM_ARGS  # noqa: E402  (one list of the flags this closed network needs)
ANSWER_TIMEOUT = 60_000
INDEX_TIMEOUT = 180_000

HOA_BINH = """ỦY BAN NHÂN DÂN
PHƯỜNG HÒA BÌNH

Số: 15/BC-UBND

Hòa Bình, ngày 10 tháng 12 năm 2024

BÁO CÁO
Kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2024

I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ

1. Về an sinh xã hội

Công tác giảm nghèo được quan tâm thực hiện; đến cuối năm 2024 số hộ nghèo của phường giảm còn 37 hộ, số hộ cận nghèo còn 52 hộ.

2. Về văn hóa

Phường tổ chức 12 buổi văn nghệ chào mừng các ngày lễ lớn.
"""

HOSTILE = """ỦY BAN NHÂN DÂN
PHƯỜNG BÌNH MINH

Số: 9/BC-UBND

Bình Minh, ngày 5 tháng 12 năm 2024

BÁO CÁO
Kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2024

I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ

1. Về an ninh trật tự

Phường lắp đặt 418 camera an ninh <script>window.__pwned=1</script> tại các tuyến phố <img src=x onerror="window.__pwned=2"> theo mô hình [link](http://example.com) của thành phố.
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chromium_path() -> str:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; in CI the browser tests must run (apt-get install -y chromium)")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install -y chromium); browser tests skipped outside CI")
    return str(CHROMIUM)


@pytest.fixture(scope="module")
def app_url(sample_settings, tmp_path_factory, chromium_path):
    """The app over a private copy of the sample index."""
    from index.config import Settings
    from rag.pipeline import Pipeline
    from ui.app import build_app, launch_kwargs

    dst = tmp_path_factory.mktemp("browser") / "data"
    shutil.copytree(sample_settings.data_dir, dst)
    settings = Settings(data_dir=dst, reports_dir=sample_settings.reports_dir)
    demo = build_app(Pipeline(settings), settings)
    demo.queue()
    demo.launch(prevent_thread_lock=True, quiet=True, **launch_kwargs(settings, host="127.0.0.1", port=_free_port()))
    yield demo.local_url
    demo.close()


@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, app_url):
    ctx = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="vi-VN")
    pg = ctx.new_page()
    pg.set_default_timeout(30_000)
    pg.goto(app_url, wait_until="domcontentloaded")
    pg.wait_for_selector('textarea[data-testid="textbox"]')
    yield pg
    ctx.close()


# --------------------------------------------------------------------------- helpers


def ask(page, question: str, expect_text: str | None = None) -> None:
    from playwright.sync_api import expect

    page.get_by_role("tab", name="Hỏi đáp").click()
    n = page.locator('[data-testid="bot"]').count()
    box = page.locator('textarea[data-testid="textbox"]')
    box.fill(question)
    box.press("Enter")
    expect(page.locator('[data-testid="bot"]')).not_to_have_count(n, timeout=ANSWER_TIMEOUT)
    if expect_text:
        expect(page.locator("#chatbot")).to_contain_text(expect_text, timeout=ANSWER_TIMEOUT)
    # The textbox is re-enabled when the answer (and any streaming) has finished.
    expect(box).to_be_editable(timeout=ANSWER_TIMEOUT)


def open_citation(page, text: str):
    """Expand the collapsible citation whose title contains `text`; returns its body."""
    from playwright.sync_api import expect

    group = page.locator(".thought-group").filter(has=page.locator(".title", has_text=text)).last
    expect(group).to_be_visible()
    if group.locator(".content").count() == 0:
        group.locator(".title").click()
    body = group.locator(".content")
    expect(body).to_be_visible()
    return body


def open_all_citations(page):
    """Expand every citation block on the page; returns the locator of their bodies."""
    groups = page.locator(".thought-group")
    for i in range(groups.count()):
        g = groups.nth(i)
        if g.locator(".content").count() == 0:
            g.locator(".title").click()
    return page.locator(".thought-group .content")


def open_citations_until_marked(page, timeout_s: float = 15.0):
    """Open the citation blocks until the first shows its highlighted span.

    A click in the chat history re-renders the conversation a moment later; blocks opened
    before that render come back closed, so opening is retried until one stays open."""
    import time

    deadline = time.monotonic() + timeout_s
    while True:
        bodies = open_all_citations(page)
        mark = bodies.first.locator("mark").first
        try:
            mark.wait_for(state="visible", timeout=1500)
            return bodies
        except Exception:
            if time.monotonic() > deadline:
                raise


def upload(page, tmp_path: Path, name: str, text: str, expect_text: str = "Đã thêm") -> None:
    from playwright.sync_api import expect

    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    page.get_by_role("tab", name="Báo cáo").click()
    with page.expect_file_chooser() as chooser:
        page.locator("#upload-btn").click()
    chooser.value.set_files(str(f))
    expect(page.locator("#upload-msg")).to_contain_text(expect_text, timeout=INDEX_TIMEOUT)


# --------------------------------------------------------------------------- tests


def test_answer_with_citation(page):
    from playwright.sync_api import expect

    ask(page, "thu ngân sách Kiến An đạt bao nhiêu %", "24,1%")
    answer = page.locator('[data-testid="bot"]').first
    expect(answer).to_contain_text("[1]")
    bodies = open_all_citations(page)
    body = bodies.first
    expect(body).to_contain_text("Kiến An")
    expect(body).to_contain_text("Đoạn trích")
    mark = body.locator("mark").first
    expect(mark).to_be_visible()
    assert mark.inner_text().strip()
    # The passage with the figure is among the citations, displayed as plain text.
    expect(bodies.filter(has_text="24,1%")).not_to_have_count(0)

    # After a reload the conversation comes back from the browser's saved history, with
    # its citations still attached to the answer.
    page.reload(wait_until="domcontentloaded")
    page.wait_for_selector('textarea[data-testid="textbox"]')
    expect(page.locator("#chatbot")).to_contain_text("24,1%")  # reopened without a click
    page.locator("#chat-history").get_by_text("thu ngân sách Kiến An đạt bao nhiêu %").first.click()
    expect(page.locator("#chatbot")).to_contain_text("24,1%")
    bodies = open_citations_until_marked(page)
    expect(bodies.first.locator("mark").first).to_be_visible()
    expect(bodies.filter(has_text="24,1%")).not_to_have_count(0)


def test_reports_tab_lists_samples(page):
    from playwright.sync_api import expect

    page.get_by_role("tab", name="Báo cáo").click()
    table = page.locator("#reports-table")
    expect(table).to_contain_text("Kiến An")
    expect(table).to_contain_text("Thắng Lợi")
    expect(table).to_contain_text("Kỳ báo cáo")


def test_upload_then_ask_new_report(page, tmp_path):
    from playwright.sync_api import expect

    upload(page, tmp_path, "hoa_binh_2024.txt", HOA_BINH)
    expect(page.locator("#upload-msg")).to_contain_text("Hòa Bình")
    expect(page.locator("#reports-table")).to_contain_text("hoa_binh_2024.txt")

    ask(page, "số hộ nghèo phường Hòa Bình năm 2024", "37 hộ")
    open_citation(page, "Hòa Bình")

    # The same file again: nothing to do.
    upload(page, tmp_path, "hoa_binh_2024.txt", HOA_BINH, expect_text="đã có trong chỉ mục")

    # Same name, new content: asks for confirmation, then replaces.
    upload(page, tmp_path, "hoa_binh_2024.txt", HOA_BINH.replace("37 hộ", "29 hộ"), expect_text="Thay thế")
    page.locator("#replace-btn").click()
    expect(page.locator("#upload-msg")).to_contain_text("Đã thay thế", timeout=INDEX_TIMEOUT)
    ask(page, "số hộ nghèo phường Hòa Bình năm 2024", "29 hộ")

    # Remove it again (with confirmation); the chat no longer finds it.
    page.get_by_role("tab", name="Báo cáo").click()
    page.locator("#remove-select input").click()
    page.get_by_role("option", name="hoa_binh_2024.txt").click()
    page.locator("#remove-btn").click()
    page.locator("#remove-confirm-btn").click()
    expect(page.locator("#remove-msg")).to_contain_text("Đã xóa", timeout=INDEX_TIMEOUT)
    expect(page.locator("#reports-table")).not_to_contain_text("hoa_binh_2024.txt")


def test_report_markup_is_shown_as_text(page, tmp_path):
    """An uploaded report with markup: nothing runs, nothing becomes an element or a link.

    (The indexer already drops HTML-like tags from passage text, so `<script>` itself does
    not reach the page from a .txt report; the Markdown link does, and stays text.
    `test_hostile_passage_is_text` checks the renderer with the raw tags.)"""
    from playwright.sync_api import expect

    upload(page, tmp_path, "binh_minh_2024.txt", HOSTILE)
    ask(page, "phường Bình Minh lắp đặt bao nhiêu camera an ninh năm 2024", "418")
    body = open_citation(page, "Bình Minh")
    expect(body).to_contain_text("418 camera an ninh")
    expect(body).to_contain_text("[link](http://example.com)")
    assert_not_pwned(page)


def assert_not_pwned(page) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator("#chatbot img").count() == 0
    assert page.locator('a[href^="http://example.com"]').count() == 0
    assert page.locator("#chatbot a").count() == 0
    assert page.locator("#chatbot script").count() == 0


class _HostilePipeline:
    """Answers every question with a passage full of markup, as if a reader let it through."""

    def __init__(self):
        from types import SimpleNamespace

        self.indexer = SimpleNamespace(list_reports=lambda: [])

    def refresh(self) -> None:
        pass

    def ask(self, question, **_):
        from rag.types import Answer, Citation, Hit

        text = (
            'Phường lắp đặt 418 camera <script>window.__pwned=1</script> tại các tuyến phố '
            '<img src=x onerror="window.__pwned=2"> theo mô hình [link](http://example.com); '
            "**đậm** `mã` http://example.com/x www.example.com ai@example.com"
        )
        hit = Hit(
            id="x",
            text=text,
            metadata={
                "source": '<img src=x onerror="window.__pwned=3">.txt',
                "place_label": "phường Bình Minh <script>window.__pwned=4</script>",
                "period": "năm 2024",
                "section": "[mục](http://example.com) > <b>1</b>",
                "kind": "text",
                "footnote": -1,
            },
        )
        cit = Citation(1, hit, "418 camera <script>window.__pwned=1</script>")
        return Answer(question, "Có 418 camera <img src=x onerror=\"window.__pwned=5\"> [1].", True, [cit], [hit])

    def ask_stream(self, question, **kw):
        yield self.ask(question, **kw)


@pytest.fixture
def hostile_url(tmp_path, chromium_path):
    from index.config import Settings
    from ui.app import build_app, launch_kwargs

    settings = Settings(data_dir=tmp_path / "data")
    demo = build_app(_HostilePipeline(), settings)
    demo.queue()
    demo.launch(prevent_thread_lock=True, quiet=True, **launch_kwargs(settings, host="127.0.0.1", port=_free_port()))
    yield demo.local_url
    demo.close()


def test_hostile_passage_is_text(browser, hostile_url):
    from playwright.sync_api import expect

    ctx = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = ctx.new_page()
    page.set_default_timeout(30_000)
    page.goto(hostile_url, wait_until="domcontentloaded")
    page.wait_for_selector('textarea[data-testid="textbox"]')
    ask(page, "camera", "418")
    body = open_citation(page, "Bình Minh")
    expect(body).to_contain_text("<script>window.__pwned=1</script>")
    expect(body).to_contain_text('<img src=x onerror="window.__pwned=2">')
    expect(body).to_contain_text("[link](http://example.com)")
    expect(body).to_contain_text("**đậm** `mã` http://example.com/x www.example.com ai@example.com")
    expect(body).to_contain_text('<img src=x onerror="window.__pwned=3">.txt')
    expect(body).to_contain_text("[mục](http://example.com) > <b>1</b>")
    expect(page.locator("#chatbot")).to_contain_text('Có 418 camera <img src=x onerror="window.__pwned=5"> [1].')
    expect(page.locator(".thought-group .title").first).to_contain_text("<script>window.__pwned=4</script>")
    # The quote is highlighted, as text.
    expect(body.locator("mark")).to_have_text("418 camera <script>window.__pwned=1</script>")
    assert_not_pwned(page)
    ctx.close()


# --------------------------------------------------------------------------- issue 13 (web items)


class _DecliningPipeline(_HostilePipeline):
    """Declines every question, with the passages it came nearest to (as the real pipeline
    does for weak evidence), so the test does not hang on retrieval tuning."""

    def ask(self, question, **_):
        from rag.types import Answer, Hit

        hits = [
            Hit(f"n{i}", f"Đoạn văn số {i} về giá trị sản xuất công nghiệp <b>năm 2023</b>.",
                {"source": "kien_an.txt", "place_label": "quận Kiến An", "period": "6 tháng đầu năm 2023",
                 "section": "I > 1. Kinh tế", "kind": "text", "footnote": -1}, 0.1)
            for i in range(1, 6)
        ]
        return Answer(question, "Chưa đủ căn cứ để trả lời câu hỏi này từ các báo cáo đã lập chỉ mục.", False, retrieved=hits)


@pytest.fixture
def declining_url(tmp_path, chromium_path):
    from index.config import Settings
    from ui.app import build_app, launch_kwargs

    settings = Settings(data_dir=tmp_path / "data")
    demo = build_app(_DecliningPipeline(), settings)
    demo.queue()
    demo.launch(prevent_thread_lock=True, quiet=True, **launch_kwargs(settings, host="127.0.0.1", port=_free_port()))
    yield demo.local_url
    demo.close()


def test_declined_answer_lists_nearest_passages(browser, declining_url):
    """A declined answer shows its nearest passages as collapsible blocks, not one line."""
    from playwright.sync_api import expect

    ctx = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = ctx.new_page()
    page.set_default_timeout(30_000)
    page.goto(declining_url, wait_until="domcontentloaded")
    page.wait_for_selector('textarea[data-testid="textbox"]')
    ask(page, "giá trị sản xuất công nghiệp Kiến An năm 2019", "Chưa đủ căn cứ")
    titles = page.locator(".thought-group .title", has_text="Đoạn gần nhất")
    expect(titles).to_have_count(3)
    expect(titles.first).to_contain_text("Đoạn gần nhất 1: quận Kiến An · 6 tháng đầu năm 2023")
    body = open_citation(page, "Đoạn gần nhất 2")
    expect(body).to_contain_text("Đoạn văn số 2 về giá trị sản xuất công nghiệp <b>năm 2023</b>.")
    expect(body).to_contain_text("I > 1. Kinh tế")
    expect(page.locator("#chatbot")).not_to_contain_text("Đoạn gần nhất: ")  # the old run-on line
    assert_not_pwned(page)
    ctx.close()


def test_upload_of_wrong_type_is_refused_in_vietnamese(page, tmp_path):
    """Gradio's own English file-type check is off; our message is Vietnamese, and picking
    the same file again runs again (the old message is cleared first)."""
    from playwright.sync_api import expect

    f = tmp_path / "virus.exe"
    f.write_bytes(b"MZ\x90\x00")
    page.get_by_role("tab", name="Báo cáo").click()
    for _ in range(2):
        with page.expect_file_chooser() as chooser:
            page.locator("#upload-btn").click()
        expect(page.locator("#upload-msg")).to_have_text("")
        chooser.value.set_files(str(f))
        expect(page.locator("#upload-msg")).to_contain_text("định dạng '.exe' không được hỗ trợ", timeout=INDEX_TIMEOUT)
    assert page.get_by_text("Invalid file type").count() == 0


def test_reports_table_and_citations_are_readable(page):
    """Proportional font in the reports table (stacked accents: Kiến, Quyền); citation
    passages at body size, fully opaque, with contrast ≥ 4.5:1."""
    from playwright.sync_api import expect

    page.get_by_role("tab", name="Báo cáo").click()
    cell = page.locator("#reports-table").get_by_role("gridcell", name="Kiến An", exact=True).first
    expect(cell).to_be_visible()
    family = cell.evaluate("e => getComputedStyle(e.querySelector('*') || e).fontFamily").lower()
    assert "mono" not in family and "noto sans" in family, family
    ask(page, "thu ngân sách Kiến An đạt bao nhiêu %", "24,1%")
    body = open_all_citations(page).first
    style = body.locator(".message-content").first.evaluate(
        "e => { const s = getComputedStyle(e); return [parseFloat(s.fontSize), parseFloat(s.opacity), s.color]; }"
    )
    size, opacity, color = style
    assert size >= 14 and opacity == 1.0, style
    rgb = [int(x) for x in color[color.index("(") + 1 : color.index(")")].split(",")[:3]]
    assert _contrast(rgb, [255, 255, 255]) >= 4.5, color


def _contrast(a: list[int], b: list[int]) -> float:
    def lum(c):
        ch = [x / 255 for x in c]
        ch = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in ch]
        return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]

    la, lb = sorted((lum(a), lum(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_conversation_reopens_after_reload(page):
    from playwright.sync_api import expect

    ask(page, "so ho ngheo phuong Thang Loi", "Thắng Lợi")
    page.reload(wait_until="domcontentloaded")
    page.wait_for_selector('textarea[data-testid="textbox"]')
    # no click on the saved conversation: it is open again
    expect(page.locator("#chatbot")).to_contain_text("so ho ngheo phuong Thang Loi", timeout=ANSWER_TIMEOUT)


# --------------------------------------------------------------------------- issue 15 (evaluation tab)

KIEN_AN = "000_b899289bb3ff1826.txt"
THANG_LOI = "004_cca9e78c9fb05fef.txt"


def _gold_lines(rows: list) -> str:
    import json

    return "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows) + "\n"


EVAL_GOLD = [
    {"id": "e-1", "question": "thu ngân sách Kiến An đạt bao nhiêu %", "answers": ["24,1%"], "doc": KIEN_AN,
     "evidence": "đạt 24,1% kế hoạch TP giao", "kind": "number", "style": "casual"},
    # a wrong gold answer: the product cannot match it, so it is listed as a miss
    {"id": "e-2", "question": "Tổng chi ngân sách của quận Kiến An 6 tháng đầu năm 2023 ước thực hiện bao nhiêu?",
     "answers": ["999.999 triệu đồng"], "doc": KIEN_AN, "evidence": "335.630 triệu đồng", "kind": "number", "style": "formal"},
    # the format `baocao feedback export --gold` writes (no id, kind or style)
    {"question": "Thu ngân sách của tỉnh Thái Nguyên 6 tháng đầu năm 2023 đạt bao nhiêu?", "answers": [], "doc": "", "evidence": ""},
]


def _choose(page, dropdown_id: str, option: str) -> None:
    page.locator(f"#{dropdown_id} input").click()
    page.get_by_role("option", name=option).first.click()


def _upload_gold(page, path: Path) -> None:
    with page.expect_file_chooser() as chooser:
        page.locator("#eval-gold-upload").click()
    chooser.value.set_files(str(path))


def test_evaluation_tab(page, tmp_path, app_url):
    from playwright.sync_api import expect

    page.get_by_role("tab", name="Đánh giá").click()
    msg = page.locator("#eval-gold-msg")

    # Bad gold files: a Vietnamese message naming the line; nothing is kept.
    bad = tmp_path / "hong.jsonl"
    bad.write_text(_gold_lines([EVAL_GOLD[0], "{không phải json"]), encoding="utf-8")
    _upload_gold(page, bad)
    expect(msg).to_contain_text("dòng 2: không phải JSON hợp lệ", timeout=ANSWER_TIMEOUT)
    bad.write_text(_gold_lines([EVAL_GOLD[0], {**EVAL_GOLD[1], "doc": "khong_co.txt"}]), encoding="utf-8")
    _upload_gold(page, bad)
    expect(msg).to_contain_text('dòng 2: báo cáo "khong_co.txt" chưa được lập chỉ mục', timeout=ANSWER_TIMEOUT)
    bad.write_text(_gold_lines([{**EVAL_GOLD[0], "evidence": "đạt 99,9% kế hoạch"}]), encoding="utf-8")
    _upload_gold(page, bad)
    expect(msg).to_contain_text("dòng 1: đoạn căn cứ", timeout=ANSWER_TIMEOUT)
    expect(page.locator("#eval-gold input")).to_have_value("")

    # A good one: kept in the data dir and selected.
    good = tmp_path / "kiem-tra.jsonl"
    good.write_text(_gold_lines(EVAL_GOLD), encoding="utf-8")
    _upload_gold(page, good)
    expect(msg).to_contain_text("3 câu hỏi", timeout=ANSWER_TIMEOUT)
    expect(page.locator("#eval-gold input")).to_have_value("kiem-tra.jsonl")

    # Run 1 over all reports: the summary, the tables, and the miss with its passages.
    page.locator("#eval-run-btn").click()
    expect(page.locator("#eval-run-msg")).to_contain_text("Đã chạy 3 câu", timeout=INDEX_TIMEOUT)
    summary = page.locator("#eval-summary")
    for text in ("Trả lời đúng 0.667", "R@5", "MRR", "Theo loại câu hỏi", "Theo kiểu hỏi", "Theo báo cáo", KIEN_AN):
        expect(summary).to_contain_text(text)
    misses = page.locator("#eval-misses details.eval-miss")
    expect(misses).to_have_count(1)
    miss = misses.first
    expect(miss.locator("summary")).to_contain_text("Tổng chi ngân sách")
    miss.locator("summary").click()
    expect(miss).to_contain_text("999.999 triệu đồng")  # the gold answer
    expect(miss.locator(".eval-gold-passage mark")).to_have_text("335.630 triệu đồng")
    expect(miss.locator(".eval-cited-passage").first).to_be_visible()
    with page.expect_download() as dl:
        page.locator("#eval-dl-csv").click()
    assert Path(dl.value.path()).read_text(encoding="utf-8-sig").startswith("nhóm,giá trị,n,answer_acc")
    with page.expect_download() as dl:
        page.locator("#eval-dl-jsonl").click()
    lines = Path(dl.value.path()).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4 and '"type": "run"' in lines[0]

    # Write one gold question while reading a report: pick the evidence span with the mouse.
    page.locator("#eval-writer").get_by_text("Viết câu hỏi gold khi đọc báo cáo").click()
    _choose(page, "eval-w-report", f"quận Kiến An · 6 tháng đầu năm 2023 ({KIEN_AN})")
    page.locator("#eval-w-passage input").click()
    page.locator("#eval-w-passage input").fill("lao động")
    page.get_by_role("option").first.click()
    text = page.locator("#eval-w-text textarea")
    expect(text).not_to_have_value("")
    passage = text.input_value()
    first = passage.strip().splitlines()[0]
    span = first[: first.rfind(" ", 0, 50)] if len(first) > 50 else first
    start = passage.index(span)
    text.evaluate("(e, r) => { e.focus(); e.setSelectionRange(r[0], r[1]); e.dispatchEvent(new Event('select', {bubbles: true})); }",
                  [start, start + len(span)])
    expect(page.locator("#eval-w-evidence textarea, #eval-w-evidence input").first).to_have_value(span)
    page.locator("#eval-w-question textarea, #eval-w-question input").first.fill("Câu hỏi viết trong trình duyệt?")
    page.locator("#eval-w-answers textarea").fill(span.split()[-1])
    page.locator("#eval-w-save").click()
    expect(page.locator("#eval-w-msg")).to_contain_text("Đã thêm câu", timeout=ANSWER_TIMEOUT)
    expect(page.locator("#eval-w-msg")).to_contain_text("cau-hoi-cua-toi.jsonl")
    page.locator("#eval-gold input").click()
    expect(page.get_by_role("option", name="cau-hoi-cua-toi.jsonl")).to_have_count(1)
    page.keyboard.press("Escape")

    # Run 2 searching only Thắng Lợi's report: the Kiến An question gets worse.
    expect(page.locator("#eval-gold input")).to_have_value("kiem-tra.jsonl")
    _choose(page, "eval-sources", f"phường Thắng Lợi · 6 tháng đầu năm 2023 ({THANG_LOI})")
    page.locator("#eval-run-btn").click()
    expect(page.locator("#eval-run-msg")).to_contain_text("Đã chạy 3 câu", timeout=INDEX_TIMEOUT)
    expect(page.locator("#eval-summary")).to_contain_text("1 báo cáo được chọn")
    expect(page.locator("#eval-run-msg")).to_contain_text(f"báo cáo không được chọn để tìm: {KIEN_AN}")
    page.locator("#eval-compare-btn").click()
    compare = page.locator("#eval-compare")
    expect(compare).to_contain_text("kém hơn: 1", timeout=ANSWER_TIMEOUT)
    expect(compare).to_contain_text("thu ngân sách Kiến An đạt bao nhiêu %")
# --------------------------------------------------------------------------- indicators


def test_indicators_tab_filters_charts_and_exports_rows_with_sources(page):
    import csv
    import io

    from playwright.sync_api import expect

    page.get_by_role("tab", name="Chỉ tiêu").click()
    page.locator("#ind-indicator textarea, #ind-indicator input").first.fill("tổng chi ngân sách")
    page.locator("#ind-search").click()
    expect(page.locator("#ind-summary")).to_contain_text("số liệu", timeout=ANSWER_TIMEOUT)
    table = page.locator("#ind-table")
    expect(table).to_contain_text("335.630 triệu đồng")
    expect(table).to_contain_text("254 tỷ 356 triệu đồng")
    expect(table).not_to_contain_text("Tổng mức bán lẻ")  # filtered
    expect(page.locator("#ind-bar canvas, #ind-bar svg").first).to_be_visible(timeout=ANSWER_TIMEOUT)
    # Selecting a row shows its passage with the figure highlighted.
    table.get_by_text("335.630 triệu đồng").first.click()
    expect(page.locator("#ind-passage mark").first).to_be_visible()
    with page.expect_download() as dl:
        page.locator("#ind-csv").click()
    rows = list(csv.DictReader(io.StringIO(Path(dl.value.path()).read_text(encoding="utf-8"))))
    assert rows and all(r["Tệp"] and r["Trích dẫn"] for r in rows)
    ka = next(r for r in rows if r["Số liệu như văn bản"] == "335.630 triệu đồng")
    assert ka["Tệp"] == "000_b899289bb3ff1826.txt" and "Tổng chi ngân sách" in ka["Trích dẫn"] and ka["Mục"]


def test_chat_comparison_shows_table_chart_and_citations(page):
    from playwright.sync_api import expect

    ask(page, "so sánh tổng chi ngân sách Kiến An và Ngô Quyền", "335.630")
    answer = page.locator('[data-testid="bot"]').first
    expect(answer).to_contain_text("254 tỷ 356 triệu đồng")
    expect(answer).to_contain_text("81,274 tỷ đồng")  # difference computed after unit conversion
    expect(answer).to_contain_text("[2]")
    expect(answer.locator("table")).to_be_visible()
    # The chart is drawn in the chat: one bar per place, in one unit after conversion, each value
    # with the [n] of its passage.
    chart = page.locator("#chatbot svg.baocao-chart").last
    expect(chart).to_be_visible(timeout=ANSWER_TIMEOUT)
    expect(chart.locator("rect.bar")).to_have_count(2)
    assert "Biểu đồ cột" in chart.get_attribute("aria-label")
    expect(chart).to_contain_text("335,63 tỷ đồng [1]")
    expect(chart).to_contain_text("254,356 tỷ đồng [2]")
    widths = [float(w) for w in chart.locator("rect.bar").evaluate_all("els => els.map(e => e.getAttribute('width'))")]
    assert widths[0] > widths[1] > 0  # Kiến An (335,63 tỷ) drawn longer than Ngô Quyền (254,356 tỷ)
