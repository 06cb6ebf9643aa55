"""The Gradio chat: layout and wiring only; the behaviour lives in web.conversation.

No `from __future__ import annotations` here: Gradio reads the gr.Request and gr.LikeData
annotations of the handlers at run time.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.dates import month_label
from web.conversation import SAVED, ChatState, Conversation
from web.render import esc

STATIC = Path(__file__).parent / "static"
TITLE = "LLR safeguarding newsletters assistant"
EXAMPLES = (
    "How do I contact First Response Children's Duty in Leicestershire?",
    "Who can request a Mental Health Act assessment?",
    "What should I do if a historical abuse allegation is made?",
    "How does Clare's Law work?",
)
HEADER = f"""
<header class="llr-header">
<h1>{esc(TITLE)}</h1>
<p>Answers come only from the Leicester, Leicestershire and Rutland safeguarding newsletters
(2013&ndash;2022), with the exact quotes they rely on. Check current procedures before acting.</p>
<p class="llr-banner"><strong>If someone is in immediate danger, call 999.</strong></p>
</header>
<div id="llr-live-alert" class="llr-sr-only" role="alert"></div>
<div id="llr-live" class="llr-sr-only" role="status" aria-live="polite" aria-atomic="true"></div>
"""
COPY_JS = """
(text) => {
  if (!text) { return "No answer to copy yet."; }
  const fallback = () => {
    const area = document.createElement("textarea");
    area.value = text; document.body.appendChild(area); area.select();
    document.execCommand("copy"); area.remove();
  };
  try { navigator.clipboard.writeText(text).catch(fallback); } catch (e) { fallback(); }
  return "Answer copied.";
}
"""


def theme() -> Any:
    """The default theme with system fonts only: nothing is fetched from a font service."""
    import gradio as gr

    return gr.themes.Default(
        primary_hue="blue",
        font=["system-ui", "-apple-system", "Segoe UI", "Roboto", "Arial", "sans-serif"],
        font_mono=["ui-monospace", "Consolas", "monospace"],
    ).set(
        # white on the default blue-500 is 3.67:1; blue-700 and blue-800 pass AA (6.7:1, 8.7:1)
        button_primary_background_fill="#1d4ed8",
        button_primary_background_fill_hover="#1e40af",
        button_primary_text_color="#ffffff",
        button_primary_text_color_hover="#ffffff",
    )


def css() -> str:
    return (STATIC / "chat.css").read_text(encoding="utf-8")


def page_js() -> str:
    """Run once on page load: scroll a new reply to its start, announce replies once."""
    return (STATIC / "chat.js").read_text(encoding="utf-8")


def build_chat(
    conversation: Conversation,
    documents: list[dict[str, Any]],
    refresh: Callable[[], list[dict[str, Any]]] | None = None,
) -> Any:
    """`refresh` lists the newsletters again when a page opens, so one added through /admin
    appears in the filter without a restart."""
    import gradio as gr

    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        gr.HTML(HEADER)
        state = gr.State(None)  # a ChatState, created on the first message
        with gr.Accordion("Filter by newsletter and date", open=False):
            sources = gr.CheckboxGroup(choices=_choices(documents), label="Newsletters")
            with gr.Row():
                date_from = gr.Textbox(label="From (YYYY-MM)", max_lines=1, placeholder="2019-01")
                date_to = gr.Textbox(label="To (YYYY-MM)", max_lines=1, placeholder="2022-12")
        chatbot = gr.Chatbot(
            label="Conversation",
            elem_id="llr-chat",
            height=None,  # the page scrolls, not the conversation: no box inside the page
            max_height=None,
            latex_delimiters=[],
            buttons=[],
            sanitize_html=True,
            layout="panel",
            autoscroll=False,  # page_js brings a new reply's start into view: routes first
            placeholder="Ask about safeguarding guidance in the newsletters.",
        )
        with gr.Row(equal_height=True):
            question = gr.Textbox(
                label="Your question",
                elem_id="llr-question",
                lines=1,  # Enter sends (Shift+Enter adds a line); the box grows to max_lines
                max_lines=6,
                scale=5,
                placeholder="Type a question and press Enter",
            )
            ask = gr.Button("Ask", variant="primary", scale=1, elem_id="llr-ask", min_width=80)
        with gr.Row(elem_classes="llr-examples"):
            example_buttons = [gr.Button(q, size="sm", variant="secondary") for q in EXAMPLES]
        with gr.Row():
            copy = gr.Button("Copy answer", size="sm", elem_id="llr-copy")
            clear = gr.Button("New conversation", size="sm", elem_id="llr-clear")
        status = gr.Markdown(elem_id="llr-status")
        last_text = gr.Textbox(visible=False)
        with gr.Accordion("Was the last answer helpful?", open=False, elem_id="llr-feedback"):
            rating = gr.Radio([("Helpful", "up"), ("Not helpful", "down")], label="Rating")
            comment = gr.Textbox(label="Comment (optional)", lines=2, max_lines=6)
            share = gr.Checkbox(label="Include my question with this feedback", value=False)
            send = gr.Button("Send feedback", size="sm")
            gr.Markdown(
                "Feedback is kept on this server for a limited time. Your question is stored "
                "only if you tick the box above."
            )

        def respond(text, chat_state, chosen, d_from, d_to, request: gr.Request):
            chat_state = chat_state or ChatState()
            for st in conversation.reply(
                chat_state, text, _client(request), chosen or (), d_from, d_to
            ):
                last = st.last_answer()
                yield st.messages, "", st, (last or {}).get("text", "")

        def like(chat_state, data: gr.LikeData, request: gr.Request):
            rating_value = "up" if data.liked else "down"
            return conversation.rate(
                chat_state or ChatState(),
                rating_value,
                index=_index(data.index),
                client=_client(request),
            )

        def rate(chat_state, value, note, opt_in, request: gr.Request):
            status_line = conversation.rate(
                chat_state or ChatState(), value, note, bool(opt_in), client=_client(request)
            )
            if not status_line.startswith(SAVED):  # refused: the form keeps what was typed
                return status_line, gr.update(), gr.update(), gr.update()
            return status_line, None, "", False

        inputs = [question, state, sources, date_from, date_to]
        outputs = [chatbot, question, state, last_text]
        question.submit(respond, inputs, outputs)
        ask.click(respond, inputs, outputs)
        for button, text in zip(example_buttons, EXAMPLES, strict=True):
            button.click(lambda t=text: t, None, question).then(respond, inputs, outputs)
        chatbot.like(like, [state], status)
        send.click(rate, [state, rating, comment, share], [status, rating, comment, share])
        copy.click(None, [last_text], status, js=COPY_JS)
        clear.click(lambda: ([], None, "", ""), None, [chatbot, state, last_text, status])
        demo.load(None, js=page_js())
        if refresh is not None:
            demo.load(_refreshed(refresh), None, sources, queue=False, show_progress="hidden")
    return demo


def _refreshed(refresh: Callable[[], list[dict[str, Any]]]) -> Callable[[], Any]:
    import gradio as gr

    def load() -> Any:
        try:
            return gr.update(choices=_choices(refresh()))
        except Exception:  # the index is down: keep the list the page was built with
            return gr.update()

    return load


def _choices(documents: list[dict[str, Any]]) -> list[tuple[str, str]]:
    out = []
    for d in sorted(documents, key=lambda d: d["date"]):
        issue = f" issue {d['issue']}" if d.get("issue") else ""
        out.append((f"{d['title']}{issue} ({month_label(d['date'])})", d["source"]))
    return out


def _client(request: Any) -> str:
    """The rate-limit key: the signed-in user (set by web.guard) or the client address."""
    inner = getattr(request, "request", None)
    user = getattr(getattr(inner, "state", None), "user", "") if inner is not None else ""
    if user:
        return f"user:{user}"
    host = getattr(getattr(request, "client", None), "host", None)
    return f"ip:{host or 'unknown'}"


def _index(index: Any) -> int | None:
    if isinstance(index, int):
        return index
    if isinstance(index, (list, tuple)) and index:
        return int(index[0])
    return None
