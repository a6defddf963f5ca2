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
    page.locator("#chat-history").get_by_text("thu ngân sách Kiến An đạt bao nhiêu %").first.click()
    expect(page.locator("#chatbot")).to_contain_text("24,1%")
    bodies = open_all_citations(page)
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


def test_chat_comparison_shows_table_with_citations(page):
    from playwright.sync_api import expect

    ask(page, "so sánh tổng chi ngân sách Kiến An và Ngô Quyền", "335.630")
    answer = page.locator('[data-testid="bot"]').first
    expect(answer).to_contain_text("254 tỷ 356 triệu đồng")
    expect(answer).to_contain_text("81,274 tỷ đồng")  # difference computed after unit conversion
    expect(answer).to_contain_text("[2]")
