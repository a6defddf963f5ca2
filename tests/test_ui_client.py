"""The web app's programmatic API through gradio_client, and the passage renderer.

The server tests run the real app (real embedder, the four sample reports) on 127.0.0.1.
"""
from __future__ import annotations

import os
import re
import socket
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

from ui import render  # noqa: E402

KIEN_AN_Q = "thu ngân sách Kiến An đạt bao nhiêu %"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(pipeline, settings):
    """Launch the app without blocking; returns (demo, url)."""
    from ui.app import build_app, launch_kwargs

    demo = build_app(pipeline, settings)
    demo.queue()
    kwargs = launch_kwargs(settings, host="127.0.0.1", port=free_port())
    demo.launch(prevent_thread_lock=True, quiet=True, **kwargs)
    return demo, demo.local_url


@pytest.fixture(scope="module")
def app_url(sample_pipeline, sample_settings):
    demo, url = serve(sample_pipeline, sample_settings)
    yield url
    demo.close()


@pytest.fixture(scope="module")
def client(app_url):
    from gradio_client import Client

    return Client(app_url, verbose=False)


# --------------------------------------------------------------------------- API


def test_ask_endpoint_returns_answer_with_citations(client):
    out = client.predict(KIEN_AN_Q, None, api_name="/ask")
    assert out["found"] is True
    assert "24,1%" in out["answer"]
    assert out["citations"], out
    c = out["citations"][0]
    assert "Kiến An" in c["place"]
    assert c["quote"] and c["quote"] in c["text"]
    assert "24,1%" in " ".join(x["text"] for x in out["citations"])
    assert {"source", "period", "section", "footnote"} <= set(c)
    assert re.search(r"\[\d+\]", out["answer"])


def test_ask_endpoint_respects_source_filter(client):
    reports = client.predict(api_name="/reports")
    assert len(reports) == 4
    others = [r["source"] for r in reports if "Kiến An" not in (r["place"] or "")]
    out = client.predict(KIEN_AN_Q, others, api_name="/ask")
    # Restricted to other reports, the Kiến An figure must not be cited.
    assert all("Kiến An" not in c["place"] for c in out["citations"])
    assert "24,1%" not in out["answer"]


def test_reports_endpoint(client):
    reports = client.predict(api_name="/reports")
    places = " ".join(r["place"] or "" for r in reports)
    assert "Kiến An" in places and "Thắng Lợi" in places
    for r in reports:
        assert r["counts"]["text"] > 0
        assert r["added_at"]


@pytest.mark.parametrize(
    "question, figure",
    [
        ("Tổng vốn đầu tư toàn xã hội của Hải Phòng quý I năm 2023?", None),
        ("so ho ngheo phuong Thang Loi", None),
    ],
)
def test_example_questions_are_answered(client, question, figure):
    out = client.predict(question, None, api_name="/ask")
    assert out["found"] is True, out["answer"]
    assert out["citations"]
    if figure:
        assert figure in out["answer"]


def test_chat_endpoint_puts_citations_into_history(client):
    msgs = client.predict(KIEN_AN_Q, None, api_name="/chat")
    assert isinstance(msgs, list) and msgs
    texts = [m["content"] if isinstance(m, dict) else str(m) for m in msgs]
    assert "24,1%" in texts[0]
    titled = [m for m in msgs if isinstance(m, dict) and (m.get("metadata") or {}).get("title")]
    assert titled, msgs
    assert "Kiến An" in titled[0]["metadata"]["title"]
    assert "<mark>" in titled[0]["content"]


def test_empty_question_is_rejected(client):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError):
        client.predict("   ", None, api_name="/ask")


# --------------------------------------------------------------------------- renderer


HOSTILE = (
    "Mở đầu <script>window.__pwned=1</script> rồi <img src=x onerror=\"window.__pwned=2\"> "
    "và [link](http://example.com) *đậm* _nghiêng_ # tiêu đề `code` $x$ | a | b | "
    "http://example.com www.example.com ai@example.com \\ ![ảnh](http://example.com/a.png)"
)


def test_esc_leaves_no_markup_or_markdown_syntax():
    out = render.esc(HOSTILE)
    for bad in ("<", ">", "](", "://", "www.", "@", "*", "_", "`", "$", "[", "]", "\\", "~"):
        assert bad not in out.replace("<br>", ""), bad
    assert "Mở đầu" in out and "tiêu đề" in out
    import html

    assert html.unescape(out) == HOSTILE


def test_esc_blocks_and_whitespace():
    out = render.esc("- mục một\n    mã\n\n\n\n# tiêu đề\r\nx\x00y\u202ez")
    assert "\n" not in out
    assert out.startswith("- mục một<br>")
    assert render.esc("# tiêu đề", line_start=True) == "&#35; tiêu đề"
    assert render.esc("12. mục", line_start=True) == "12&#46; mục"
    assert render.esc("- mục", line_start=True) == "&#45; mục"
    assert "<br><br>" in out and "<br><br><br>" not in out
    assert "\x00" not in out and "\u202e" not in out


def test_highlight_marks_quote_exactly_once():
    text = "Tổng thu <b>đạt</b> 24,1% kế hoạch."
    out = render.highlight(text, "<b>đạt</b> 24,1%")
    assert out.count("<mark>") == 1 and out.count("</mark>") == 1
    inner = out.split("<mark>")[1].split("</mark>")[0]
    assert "<b>" not in inner and "&#60;b&#62;" in inner and "24,1%" in inner
    # A quote that differs only in spacing and case is still found.
    out2 = render.highlight("Số hộ  nghèo\ngiảm còn 37 hộ.", "số hộ nghèo giảm")
    assert "<mark>" in out2
    # No quote: plain escaped passage.
    assert "<mark>" not in render.highlight(text, "không có")


def test_answer_messages_shape():
    ans = {
        "answer": "Đạt 24,1% [1].",
        "citations": [
            {"n": 1, "source": "a.txt", "place": "quận Kiến An", "period": "6 tháng đầu năm 2023",
             "section": "I > 1", "footnote": 2, "text": "đạt 24,1% kế hoạch", "quote": "24,1%"}
        ],
    }
    msgs = render.answer_messages(ans)
    assert len(msgs) == 2
    assert msgs[0]["content"].startswith("Đạt 24,1% &#91;1&#93;")
    meta = msgs[1]["metadata"]
    assert meta["status"] == "done" and "Kiến An" in meta["title"]
    assert "Chú thích số:** 2" in msgs[1]["content"]
    assert "<mark>24,1%</mark>" in msgs[1]["content"]


def test_declined_answer_lists_nearest_passages_as_blocks():
    """A declined answer carries its nearest passages as data; the chat shows each as a
    collapsible block like a citation, not as one run-on line of text."""
    from rag.types import Answer, Hit

    hits = [
        Hit(f"h{i}", f"Đoạn <b>{i}</b> về dân số", {"source": "a.txt", "place_label": "quận Kiến An",
            "period": "năm 2023", "section": "I > 1", "kind": "text", "footnote": -1}, 0.5)
        for i in range(5)
    ]
    declined = Answer("dân số Kiến An?", "Không tìm thấy thông tin này.", False, retrieved=hits)
    out = declined.to_json()
    assert [c["n"] for c in out["nearest"]] == [1, 2, 3]
    assert out["nearest"][0]["text"] == hits[0].text and out["nearest"][0]["quote"] == ""
    assert "Đoạn gần nhất" not in out["answer"]
    msgs = render.answer_messages(out)
    blocks = [m for m in msgs if (m.get("metadata") or {}).get("title")]
    assert [b["metadata"]["title"] for b in blocks] == [f"Đoạn gần nhất {n}: quận Kiến An · năm 2023" for n in (1, 2, 3)]
    assert "&#60;b&#62;0&#60;/b&#62;" in blocks[0]["content"]  # passage text escaped
    # An answered question lists no nearest passages.
    assert Answer("q", "x [1]", True, retrieved=hits).to_json()["nearest"] == []


def test_parse_auth(tmp_path):
    from ui.app import parse_auth

    assert parse_auth(None) is None
    assert parse_auth("an:mật:khẩu") == [("an", "mật:khẩu")]
    f = tmp_path / "auth.txt"
    f.write_text("# users\nan:1\n\nbinh:2\n", encoding="utf-8")
    assert parse_auth(str(f)) == [("an", "1"), ("binh", "2")]
    with pytest.raises(ValueError):
        parse_auth("khongcohaicham")


# --------------------------------------------------------------------------- upload API


@pytest.fixture
def writable_client(sample_copy):
    from gradio_client import Client

    from rag.pipeline import Pipeline

    pipeline = Pipeline(sample_copy)
    demo, url = serve(pipeline, sample_copy)
    yield Client(url, verbose=False), pipeline
    demo.close()


def _state(pipeline):
    chunks = sorted(i for i, _, _ in pipeline.store.iter_chunks(("metadatas",)))
    return [r.source for r in pipeline.store.reports()], chunks, pipeline.ask(KIEN_AN_Q).to_json()


def test_upload_bad_files_leaves_index_unchanged(writable_client, tmp_path):
    """Through the web API: each bad file gets a Vietnamese message naming it; nothing changes."""
    from gradio_client import handle_file

    client, pipeline = writable_client
    before = _state(pipeline)
    bad = {
        "rong.txt": b"",
        "trang.txt": b"  \n\t \n",
        "rac.txt": bytes(range(256)) * 16,
        "gia.docx": b"this is not a zip",
    }
    for name, data in bad.items():
        f = tmp_path / name
        f.write_bytes(data)
        out = client.predict(handle_file(str(f)), api_name="/upload")
        assert out["status"] == "error" and name in out["message"], out
    good = tmp_path / "hoabinh.txt"
    good.write_text("UBND PHƯỜNG HÒA BÌNH\n\nBÁO CÁO\nTình hình kinh tế - xã hội 6 tháng đầu năm 2023\n\n"
                    "I. KẾT QUẢ\n\nSố hộ nghèo của phường Hòa Bình giảm còn 37 hộ.\n", encoding="utf-8")
    assert _state(pipeline) == before
    assert client.predict(handle_file(str(good)), api_name="/upload")["status"] == "added"
    assert client.predict(handle_file(str(good)), api_name="/upload")["status"] == "unchanged"
    out = client.predict("số hộ nghèo phường Hòa Bình", None, api_name="/ask")
    assert out["found"] and "37 hộ" in out["answer"] and out["citations"][0]["source"] == "hoabinh.txt"


def test_uploaded_copy_is_not_left_in_gradios_cache(writable_client, tmp_path):
    """Gradio keeps every uploaded file in its cache, downloadable by URL; once the report
    is indexed (or refused) that copy is deleted — ours under uploads/ is not served."""
    import httpx
    from gradio_client import handle_file

    client, pipeline = writable_client
    name = f"cache_{os.getpid()}_hoabinh.txt"
    good = tmp_path / name
    good.write_text("UBND PHƯỜNG HÒA BÌNH\n\nBÁO CÁO\nTình hình kinh tế - xã hội 6 tháng đầu năm 2023\n\n"
                    "I. KẾT QUẢ\n\nSố hộ nghèo của phường Hòa Bình giảm còn 41 hộ.\n", encoding="utf-8")
    bad = tmp_path / f"cache_{os.getpid()}_x.exe"
    bad.write_bytes(b"MZ")
    base = client.src.rstrip("/")
    for f, status in ((good, "added"), (bad, "error")):
        with open(f, "rb") as fh:
            served = httpx.post(f"{base}/gradio_api/upload", files={"files": (f.name, fh)}).json()[0]
        assert httpx.get(f"{base}/gradio_api/file={served}").status_code == 200  # Gradio serves it…
        out = client.predict({"path": served, "meta": {"_type": "gradio.FileData"}, "orig_name": f.name}, api_name="/upload")
        assert out["status"] == status, out
        assert not Path(served).exists()  # …until the app has its own copy (or refused the file)
        assert httpx.get(f"{base}/gradio_api/file={served}").status_code != 200
    assert (pipeline.settings.uploads_dir / name).is_file()
    assert not list(pipeline.settings.uploads_dir.glob(".pending/*/*"))
