"""Press a page's 「打印/导出图片」 under AppTest: the run, the choice of format, the render button,
and the download it must then offer (shared by the view checks and the drawn-print checks)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

PAGES = Path(__file__).resolve().parent.parent / "pages"


def press_print(page: str, key: str, fmt: str = "pdf", **params: str) -> tuple[AppTest, bytes]:
    """Run ``page`` with ``params``, render its print as ``fmt``: (the page, the bytes offered)."""
    app = AppTest.from_file(str(PAGES / page), default_timeout=180)
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception
    if fmt != "pdf":
        next(s for s in app.get("button_group") if s.key == f"{key}_fmt").set_value(fmt).run()
    next(b for b in app.button if b.key == f"{key}_render").click().run()
    assert not app.exception and not app.error
    assert [d for d in app.get("download_button") if d.key == f"{key}_download"]
    _signature, made_fmt, data = app.session_state[f"_print_{key}"]
    assert made_fmt == fmt
    return app, data
