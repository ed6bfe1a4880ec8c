"""The one way untrusted text (URL values, uploaded or imported files, deck files, stored notes and
titles) reaches the screen.

Streamlit renders ``st.markdown``/``st.caption``/``st.warning``/… — and, with ``unsafe_allow_html``,
the text between HTML tags — as Markdown. ``html.escape`` therefore does nothing against
``[a](http://x)``, ``![](http://x/p.png)`` or ``**bold**``. :func:`esc` replaces every character
that Markdown (CommonMark, GFM autolinks and tables, math ``$``, Streamlit's ``:red[…]``
directives and ``:emoji:`` codes) or HTML gives a meaning to by a numeric character reference
(``[`` → ``&#91;``). Both renderers decode a reference as a literal character and never as syntax,
so one escaped string is safe in Markdown, in HTML and in HTML inside Markdown.

Safe fragments are :class:`Markup` (a ``str`` subclass); :func:`fmt` fills a trusted template
(code or label tables) with arguments, escaping every argument that is not already ``Markup``.
Links from data are built only by :func:`link`, which accepts http(s) URLs and nothing else.
This module is pure (no Streamlit); the Streamlit wrapper is ``ui/safe.py``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit

__all__ = ["Markup", "esc", "fmt", "join", "link", "plain"]

# Markdown/HTML metacharacters. Also ':' '/' '.' '@' (GFM autolink literals: http://, www., a@b.c;
# Streamlit :directives:), '=' and '-' (setext headings, rules, lists), '+' (lists), '"' and "'"
# (HTML attributes), '&' (entities), '%' is harmless and left alone.
_META = frozenset("\\`*_{}[]()#+-.!|<>~$:&\"'@=/^")
# Line breaks, tabs and other control characters would start new Markdown blocks; bidi overrides
# and zero-width characters can disguise text. All become a space or disappear.
_CONTROL = re.compile("[\x00-\x1f\x7f\u0085\u2028\u2029]")
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_TABLE = {ord(c): f"&#{ord(c)};" for c in _META}


class Markup(str):
    """Text that is already safe to render as Markdown or HTML (escaped, or a trusted literal)."""

    __slots__ = ()

    def __add__(self, other: object) -> Markup:
        return Markup(str.__add__(self, esc(other)))

    def __radd__(self, other: object) -> Markup:
        return Markup(str.__add__(esc(other), self))


def plain(value: object, limit: int | None = None) -> str:
    """The value as one line of display text: control and invisible characters removed, cut at
    ``limit`` characters (with '…'). Not escaped: for st.text, tables, tooltips via html.escape."""
    text = "" if value is None else str(value)
    text = _INVISIBLE.sub("", _CONTROL.sub(" ", text))
    if limit is not None and len(text) > limit:
        text = text[: max(limit - 1, 0)] + "…"
    return text


def esc(value: object, limit: int | None = None) -> Markup:
    """``value`` as literal text for Markdown and HTML sinks (``Markup`` passes through unchanged)."""
    if isinstance(value, Markup):
        return value
    return Markup(plain(value, limit).translate(_TABLE))


def fmt(template: str, *args: object, **kwargs: object) -> Markup:
    """A trusted ``str.format`` template filled with escaped arguments.

    >>> fmt("**{}**：{n}", "[x](http://e)", n=3)
    '**&#91;x&#93;&#40;http&#58;&#47;&#47;e&#41;**：3'
    """
    escaped_args = [_arg(a) for a in args]
    escaped_kwargs = {k: _arg(v) for k, v in kwargs.items()}
    return Markup(template.format(*escaped_args, **escaped_kwargs))


def join(separator: str, parts: list[Any] | tuple[Any, ...]) -> Markup:
    """Escaped parts joined by a trusted separator."""
    return Markup(separator.join(esc(part) for part in parts))


def _arg(value: object) -> object:
    # numbers format as numbers (format specs like {:.1f} keep working); everything else is text
    if isinstance(value, Markup) or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return value
    return esc(value)


_URL_SAFE = "/?#[]@!$&*+,;=%-._~:"  # no ( ) < > ' " \ or spaces: they could end the destination


def safe_url(url: object) -> str | None:
    """``url`` if it is an absolute http(s) URL with a host, percent-encoded for a Markdown link
    destination; otherwise None (javascript:, data:, //host, relative paths, control characters)."""
    if not isinstance(url, str):
        return None
    candidate = url.strip()
    if not candidate or len(candidate) > 2000 or _CONTROL.search(candidate) or _INVISIBLE.search(candidate):
        return None
    try:
        parts = urlsplit(candidate)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host or "\\" in candidate:
        return None
    return quote(candidate, safe=_URL_SAFE)


def link(label: object, url: object, limit: int | None = 80) -> Markup:
    """A Markdown link ``[label](url)`` built by the app when ``url`` is http(s); otherwise the
    escaped label (or the escaped url as text) without a link. Never an image."""
    text = esc(label if label not in (None, "") else url, limit)
    target = safe_url(url)
    if target is None:
        return text
    return Markup(f"[{text}](<{target}>)")
