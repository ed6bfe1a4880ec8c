"""Streamlit text sinks that take untrusted parts as arguments (see geo/safetext.py).

Every call is ``sink(template, *args, on=None, **kwargs)``: ``template`` is trusted (a literal or a
label from a table, may hold Markdown), ``args``/``kwargs`` fill its ``{}`` fields and are escaped
unless they are :class:`geo.safetext.Markup` (e.g. from :func:`geo.safetext.link`). ``on`` is an
optional container (a column, ``st.sidebar``, an ``st.empty()``); default ``st``.

    safe.caption("{}：{}", t("source"), row.source_title)
    safe.warning(t("unknown_county"), code=requested)       # label "未找到县代码 {code}"
    safe.markdown("{}：{}", t("status_source"), link(url, url))
    safe.html("<b>{}</b><br><small>{}</small>", t(metric), title)  # HTML template, escaped parts
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from geo.safetext import Markup, fmt

__all__ = ["caption", "error", "html", "info", "markdown", "render", "success", "warning"]


def render(template: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Markup:
    """The template with escaped arguments; a template without arguments is used as given."""
    if not args and not kwargs:
        return Markup(template)
    return fmt(template, *args, **kwargs)


def markdown(template: str, *args: Any, on: Any = None, **kwargs: Any) -> None:
    (on or st).markdown(render(template, args, kwargs))


def caption(template: str, *args: Any, on: Any = None, **kwargs: Any) -> None:
    (on or st).caption(render(template, args, kwargs))


def info(template: str, *args: Any, on: Any = None, **kwargs: Any) -> None:
    (on or st).info(render(template, args, kwargs))


def success(template: str, *args: Any, on: Any = None, **kwargs: Any) -> None:
    (on or st).success(render(template, args, kwargs))


def warning(template: str, *args: Any, on: Any = None, **kwargs: Any) -> None:
    (on or st).warning(render(template, args, kwargs))


def error(template: str, *args: Any, on: Any = None, **kwargs: Any) -> None:
    (on or st).error(render(template, args, kwargs))


def html(template: str, *args: Any, on: Any = None, **kwargs: Any) -> None:
    """A trusted HTML template (legend, cards) with escaped parts, as an ``st.html`` element.

    Not ``st.markdown(..., unsafe_allow_html=True)``: the browser would parse it as Markdown and
    rebuild it through rehype-raw, the largest part of the Streamlit frontend's work on a map page
    (bench/map.py); ``st.html`` sets it as HTML (DOMPurify-sanitised). The escaped parts are
    character references, literal in both."""
    (on or st).html(render(template, args, kwargs))
