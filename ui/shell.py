"""`baocao shell`: a conversation on the command line, the same dialogue state as the web chat.

Interactive (a terminal): a rich prompt, one question after another; "/moi" starts a new
conversation, "/thoat" (or Ctrl-D) ends. Piped (`printf 'q1\\nq2\\n' | baocao shell`): one
question per line from stdin, each answered with its citations, the lines forming one
conversation.
"""
from __future__ import annotations

from typing import Callable, Iterable, TextIO

from rich.console import Console
from rich.markup import escape
from rich.prompt import Prompt

NEW = {"/moi", "/mới", "/new"}
QUIT = {"/thoat", "/thoát", "/quit", "/exit"}


def _lines(stdin: TextIO, console: Console, interactive: bool) -> Iterable[str]:
    if not interactive:
        yield from (line.strip() for line in stdin)
        return
    console.print("[dim]Hỏi về các báo cáo; câu sau có thể nối tiếp câu trước (\"còn Ngô Quyền thì sao?\"). "
                  "/moi: cuộc trò chuyện mới · /thoat: thoát.[/]")
    while True:
        try:
            yield Prompt.ask("[bold]Câu hỏi[/]", console=console).strip()
        except (EOFError, KeyboardInterrupt):
            return


def run_shell(pipeline, print_answer: Callable, console: Console, stdin: TextIO, *, interactive: bool,
              k: int | None = None, use_llm: bool | None = None) -> int:
    """Answer each line in turn with the earlier ones as history; returns questions answered."""
    history: list[str] = []
    answered = 0
    for line in _lines(stdin, console, interactive):
        if not line:
            continue
        if line.lower() in QUIT:
            break
        if line.lower() in NEW:
            history.clear()
            console.print("[dim]Đã bắt đầu cuộc trò chuyện mới.[/]")
            continue
        ans = pipeline.ask(line, k=k, use_llm=use_llm, history=history)
        slots = ans.slots or {}
        console.rule(f"[bold]❯ {escape(line)}[/]", align="left")
        if slots.get("understood"):
            console.print(f"[cyan]Hiểu là:[/] {escape(slots['understood'])}"
                          + ("" if slots.get("fresh") else f" [dim]({escape(ans.resolved_question or '')})[/]"))
        print_answer(ans)
        history.append(line)
        answered += 1
    return answered
