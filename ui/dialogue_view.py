"""The conversation parts of the web chat: "Hiểu là: …" under each answer (a click puts the
resolved question in the input box), suggested next questions (Chatbot message options),
and like / dislike with an optional correct value, stored in the data dir.

Nothing here keeps per-session state on the server: the chat history is the dialogue state.
A handler that needs a turn's answer finds the turn's question and the questions before it
in the chatbot's messages and asks the pipeline again (extractive answers are deterministic).
"""
from __future__ import annotations

import re
import sys
from typing import Any

import gradio as gr

from eval.feedback import FeedbackEntry, FeedbackStore
from index.vi.text import fold
from index.vi import dialogue as cues
from rag.dialogue import _content_text, user_questions
from ui import render

UNDERSTOOD = "Hiểu là:"
MAX_SUGGESTIONS = 4


# --------------------------------------------------------------------------- suggestions


class Suggester:
    """Next questions for an answer: the same indicator in the other indexed reports (other
    places or periods) and related indicators in the same report, each offered only when the
    report's text has the indicator's words."""

    def __init__(self, pipeline: Any):
        self.pipeline = pipeline
        self._corpus: Any = None
        self._texts: dict[str, str] = {}

    def _report_texts(self) -> dict[str, str]:
        corpus = self.pipeline.retriever.corpus
        if corpus is not self._corpus:  # a new snapshot of the index: read its texts again
            texts: dict[str, list[str]] = {}
            for text, meta in corpus.records():
                texts.setdefault(meta.get("source", ""), []).append(fold(text))
            self._texts = {s: " ".join(parts) for s, parts in texts.items()}
            self._corpus = corpus
        return self._texts

    @staticmethod
    def _has(text: str, phrase: str) -> bool:
        words = re.findall(r"\w+", fold(phrase))
        return bool(words) and re.search(r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"(?!\w)", text) is not None

    def suggest(self, slots: dict | None) -> list[str]:
        if not slots:
            return []
        indicator = " ".join(x for x in (slots.get("topic"), slots.get("counted")) if x).strip()
        if not indicator:
            return []
        texts = self._report_texts()
        sources = set(slots.get("sources") or [])
        out: list[str] = []
        for r in sorted(self.pipeline.reports(), key=lambda r: r.source):
            if r.source in sources or not self._has(texts.get(r.source, ""), _core(indicator)):
                continue
            place = " ".join(x for x in (r.meta.level, r.meta.place) if x)
            if place and place in (slots.get("places") or []):  # same place, another period
                out.append(f"{indicator} {place} {r.meta.period}".strip() + " thì sao?")
            elif place:
                out.append(f"còn {place} thì sao?")
            if len(out) >= MAX_SUGGESTIONS // 2:
                break
        own = " ".join(texts.get(s, "") for s in sources)
        for key, related in cues.RELATED.items():
            if self._has(fold(indicator), key):
                out += [f"còn {rel}?" for rel in related if self._has(own, rel)]
        return list(dict.fromkeys(out))[:MAX_SUGGESTIONS]


def _core(indicator: str) -> str:
    """The indicator without leading function and asking words ("cấp giấy phép" stays)."""
    words = [w for w in indicator.split() if fold(w) not in {fold(x) for x in cues.NOT_TOPIC}]
    return " ".join(words[-4:]) or indicator


# --------------------------------------------------------------------------- messages


def understood_message(answer: dict, suggestions: list[str]) -> dict | None:
    """The last message of a turn: what the question was understood as, with the suggested
    next questions as clickable options."""
    slots = answer.get("slots") or {}
    text = slots.get("understood")
    if not text:
        return None
    msg: dict = {"role": "assistant", "content": f"{UNDERSTOOD} {render.esc(text)} *(bấm vào đây để sửa câu hỏi)*"}
    if suggestions:
        msg["options"] = [{"value": s, "label": s} for s in suggestions]
    return msg


def _turn_of(messages: list[dict], index: int) -> tuple[str | None, list[str]]:
    """The question of the turn holding message `index`, and the user questions before it."""
    upto = messages[: index + 1]
    users = [i for i, m in enumerate(upto) if isinstance(m, dict) and m.get("role") == "user"]
    if not users:
        return None, []
    last = users[-1]
    question = _content_text(messages[last].get("content")).strip()
    return question or None, user_questions(messages[:last])


def _index(data: Any) -> int:
    idx = data.index
    return idx[0] if isinstance(idx, (list, tuple)) else int(idx)


# --------------------------------------------------------------------------- wiring


def attach(chat_ui: Any, chatbot: gr.Chatbot, pipeline: Any, settings: Any, source_filter: Any = None) -> None:
    """Add the click-to-edit, feedback and new-conversation behaviour to the chat tab
    (call inside the tab, after the ChatInterface; `source_filter` is the chat's report filter)."""
    store = FeedbackStore(settings.data_dir)
    with gr.Row(visible=False, elem_id="correction-row") as correction_row:
        correction = gr.Textbox(label="Giá trị đúng (không bắt buộc)", placeholder="ví dụ: 24,1%", scale=4, elem_id="correction-box")
        send = gr.Button("Gửi giá trị đúng", scale=1, elem_id="correction-btn")
    feedback_msg = gr.Markdown(elem_id="feedback-msg")
    last_entry = gr.State(None)

    def on_select(data: gr.SelectData, messages: list):
        i = _index(data)
        content = _content_text((messages[i] or {}).get("content")) if 0 <= i < len(messages) else ""
        if not content.startswith(UNDERSTOOD):
            return gr.update()
        question, history = _turn_of(messages, i)
        if not question:
            return gr.update()
        return gr.update(value=pipeline.resolve(question, history).resolved)

    def on_like(data: gr.LikeData, messages: list, sources: list[str] | None = None):
        question, history = _turn_of(messages, _index(data))
        if not question:
            return None, gr.update(visible=False), ""
        rating = "like" if data.liked is True else "dislike" if data.liked is False else str(data.liked)
        try:
            ans = pipeline.ask(question, history=history, use_llm=False, sources=[s for s in sources or [] if s] or None)
            entry = store.add(FeedbackEntry(
                rating, question, ans.resolved_question or question, ans.text, [c.to_json() for c in ans.citations],
            ))
        except Exception as e:  # noqa: BLE001 - feedback must not break the chat
            print(f"[baocao] lỗi khi lưu góp ý: {e!r}", file=sys.stderr)
            return None, gr.update(visible=False), "Không lưu được góp ý, vui lòng thử lại."
        if rating == "like":
            return entry.id, gr.update(visible=False), "Cảm ơn bạn, đã ghi nhận góp ý."
        return entry.id, gr.update(visible=True), "Đã ghi nhận câu trả lời chưa đúng. Nếu biết giá trị đúng, hãy nhập vào ô bên dưới."

    def on_correct(entry_id: str | None, value: str):
        if not entry_id or not (value or "").strip():
            return gr.update(), "Hãy nhập giá trị đúng trước khi gửi."
        store.correct(entry_id, value)
        return gr.update(value="", visible=False), f"Đã lưu giá trị đúng: {render.esc(value.strip())}. Cảm ơn bạn."

    chatbot.select(on_select, [chatbot], [chat_ui.textbox], api_visibility="private", queue=False)
    chatbot.like(on_like, [chatbot] + ([source_filter] if source_filter is not None else []),
                 [last_entry, correction_row, feedback_msg], api_visibility="private")
    send.click(on_correct, [last_entry, correction], [correction, feedback_msg], api_visibility="private").then(
        lambda: gr.update(visible=False), None, [correction_row], api_visibility="private", queue=False)
    if getattr(chat_ui, "new_chat_button", None) is not None:
        chat_ui.new_chat_button.click(
            lambda: (None, gr.update(visible=False), ""), None, [last_entry, correction_row, feedback_msg],
            api_visibility="private", queue=False,
        )
