"""A conversation in a real browser: follow-up questions resolved and shown ("Hiểu là"),
a click on it fills the input box, a suggested question answers when clicked, and a dislike
with a correct value is stored and exported as a gold line.

Runs against a private copy of the sample index (feedback is written to its data dir)."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from tests.test_browser import ANSWER_TIMEOUT, CHROMIUM_ARGS, _free_port, browser, chromium_path  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(sample_settings, tmp_path_factory, chromium_path):  # noqa: F811
    from index.config import Settings
    from rag.pipeline import Pipeline
    from ui.app import build_app, launch_kwargs

    dst = tmp_path_factory.mktemp("dialogue") / "data"
    shutil.copytree(sample_settings.data_dir, dst)
    settings = Settings(data_dir=dst, reports_dir=sample_settings.reports_dir)
    demo = build_app(Pipeline(settings), settings)
    demo.queue()
    demo.launch(prevent_thread_lock=True, quiet=True, **launch_kwargs(settings, host="127.0.0.1", port=_free_port()))
    yield demo.local_url, settings
    demo.close()


def test_three_turn_conversation_suggestion_and_dislike(browser, served, tmp_path):  # noqa: F811
    from playwright.sync_api import expect

    from eval.feedback import FeedbackStore, export_gold

    url, settings = served
    ctx = browser.new_context(viewport={"width": 1280, "height": 1400}, locale="vi-VN")
    page = ctx.new_page()
    page.set_default_timeout(30_000)
    page.goto(url, wait_until="domcontentloaded")
    box = page.locator('textarea[data-testid="textbox"]')
    chat = page.locator("#chatbot")

    def ask(question: str, *expected: str | re.Pattern) -> None:
        box.fill(question)
        box.press("Enter")
        for text in expected:
            expect(chat).to_contain_text(text, timeout=ANSWER_TIMEOUT)
        expect(box).to_be_editable(timeout=ANSWER_TIMEOUT)

    ask("thu ngân sách Kiến An đạt bao nhiêu %", "24,1%", "Hiểu là: thu ngân sách quận Kiến An · 6 tháng đầu năm 2023")
    # Ngô Quyền reports three revenue totals; any of them answers "thu ngân sách … đạt bao nhiêu %".
    ask("còn Ngô Quyền thì sao?", "Hiểu là: thu ngân sách quận Ngô Quyền · 6 tháng đầu năm 2017", re.compile(r"50,48%|54,24%|59,82%"))
    ask("còn chi ngân sách?", "Hiểu là: chi ngân sách quận Ngô Quyền · 6 tháng đầu năm 2017", "254 tỷ 356 triệu")

    # One click on "Hiểu là" puts the resolved question in the input box, to edit.
    chat.get_by_text("Hiểu là: chi ngân sách quận Ngô Quyền").last.click()
    expect(box).to_have_value("chi ngân sách quận Ngô Quyền 6 tháng đầu năm 2017 đạt bao nhiêu %")
    box.fill("")

    # A suggested next question answers when clicked.
    chat.locator("button", has_text="còn quận Kiến An thì sao?").click()
    expect(chat).to_contain_text("Hiểu là: chi ngân sách quận Kiến An · 6 tháng đầu năm 2023", timeout=ANSWER_TIMEOUT)
    expect(chat).to_contain_text("335.630 triệu đồng", timeout=ANSWER_TIMEOUT)
    expect(box).to_be_editable(timeout=ANSWER_TIMEOUT)

    # A dislike with the correct value is stored and exported as a gold line.
    chat.locator('button[aria-label="Dislike"], button[title="Dislike"]').last.click()
    expect(page.locator("#correction-row")).to_be_visible()
    page.locator("#correction-box textarea").fill("58,5%")
    page.locator("#correction-btn").click()
    expect(page.locator("#feedback-msg")).to_contain_text("Đã lưu giá trị đúng")
    ctx.close()

    store = FeedbackStore(settings.data_dir)
    [entry] = [e for e in store.entries() if e.rating == "dislike"]
    assert entry.question == "còn quận Kiến An thì sao?" and entry.correction == "58,5%"
    assert entry.resolved_question == "chi ngân sách quận Kiến An 6 tháng đầu năm 2023 đạt bao nhiêu %"
    assert entry.citations and entry.citations[0]["source"].startswith("000_")
    out = tmp_path / "fb.jsonl"
    assert export_gold(store, out) == 1
    line = json.loads(out.read_text(encoding="utf-8"))
    assert line["question"] == entry.resolved_question and line["answers"] == ["58,5%"]
    assert line["doc"].startswith("000_") and "58,5%" in line["evidence"]


def test_ask_api_accepts_history(served):
    import os

    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    from gradio_client import Client

    url, _ = served
    client = Client(url, verbose=False)
    out = client.predict("còn Ngô Quyền thì sao?", None, ["thu ngân sách Kiến An đạt bao nhiêu %"], api_name="/ask")
    assert out["resolved_question"] == "thu ngân sách quận Ngô Quyền 6 tháng đầu năm 2017 đạt bao nhiêu %"
    assert out["slots"]["places"] == ["quận Ngô Quyền"] and out["found"]
    assert all(c["source"].startswith("001_") for c in out["citations"])
    alone = client.predict("thu ngân sách Kiến An đạt bao nhiêu %", None, api_name="/ask")  # old two-argument call
    assert alone["found"] and alone["resolved_question"] == "thu ngân sách Kiến An đạt bao nhiêu %"
