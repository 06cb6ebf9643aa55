"""`python app.py`: the web chat, API and widget on settings.web.host:port (default 127.0.0.1:7860).

Builds the index from the corpus folder on first run. Same as `assistant serve`.
"""

from __future__ import annotations

from web.launcher import go_offline, serve

if __name__ == "__main__":
    go_offline()
    from assistant.settings import load_settings

    serve(load_settings())
