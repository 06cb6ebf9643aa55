"""The web app: FastAPI with the JSON API, the Gradio chat, the embed page and the widget."""

from __future__ import annotations


def create_app(*args, **kwargs):
    """See web.server.create_app (imported lazily: FastAPI and Gradio are heavy)."""
    from web.server import create_app as _create

    return _create(*args, **kwargs)
