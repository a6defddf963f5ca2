"""After a page reload, reopen the conversation the browser saved last (Gradio only lists
saved conversations in the side panel and starts an empty chat)."""
from __future__ import annotations

import gradio as gr


def reopen_last_conversation(demo: gr.Blocks, chat_ui: gr.ChatInterface) -> None:
    """On page load, show the newest saved conversation (ChatInterface keeps the newest first)."""
    if not getattr(chat_ui, "save_history", False):
        return

    def reopen(conversations):
        if not conversations or not conversations[0]:
            return gr.update(), gr.update()
        return 0, conversations[0]

    demo.load(
        reopen,
        inputs=[chat_ui.saved_conversations],
        outputs=[chat_ui.conversation_id, chat_ui.chatbot],
        queue=False,
        show_progress="hidden",
        api_visibility="private",
    ).then(
        lambda x: (x, x),  # the ChatInterface's own copies of the messages follow the chatbot
        inputs=[chat_ui.chatbot],
        outputs=[chat_ui.chatbot_state, chat_ui.chatbot_value],
        queue=False,
        show_progress="hidden",
        api_visibility="private",
    )
