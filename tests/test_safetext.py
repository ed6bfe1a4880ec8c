"""geo.safetext: untrusted text renders as literal text in Markdown and HTML sinks."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from geo.safetext import Markup, esc, fmt, join, link, plain, safe_url

REFERENCE = re.compile(r"&#\d+;")
META = set("\\`*_{}[]()#+-.!|<>~$:&\"'@=/^")

HOSTILE = [
    "**会话已过期** [请重新登录](http://attacker/login) ![](http://attacker/px.png)",
    "![](//127.1:8729/r)",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "a) [x](http://e/)",
    "http://autolink.example www.example.com a@b.cn",
    ":red[警告] :material/warning: :smile:",
    "$x^2$ ~~del~~ `code` # head\n\n---\n| a | b |",
    "\u202eevil\u200b",
    "&lt;b&gt;x&#91;",
]
# characters that make Markdown/HTML syntax, mixed with ordinary Chinese and Latin text
hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(alphabet=st.sampled_from(sorted(META) + list("ab 云南\n\t<>xhttp:/")), max_size=60),
    st.text(max_size=40),
)


def _bare(markup: str) -> str:
    """What is left once numeric character references are removed: must hold no syntax."""
    return REFERENCE.sub("", markup)


@given(hostile_text)
def test_escaped_text_has_no_syntax_and_reads_as_the_original(text: str) -> None:
    out = esc(text)
    assert not (set(_bare(out)) & META), out
    assert "\n" not in out and "\r" not in out
    assert html.unescape(out) == plain(text)


@given(hostile_text, hostile_text)
def test_fmt_escapes_every_argument_but_keeps_the_template(a: str, b: str) -> None:
    out = fmt("**{}** · {name}", a, name=b)
    assert out.startswith("**") and isinstance(out, Markup)
    assert not (set(_bare(out[2:].replace("** · ", "", 1))) & META)


@given(hostile_text, hostile_text)
def test_link_emits_only_http_links_and_never_an_image(label: str, url: str) -> None:
    out = link(label, url)
    assert not out.startswith("!")
    if safe_url(url) is None:
        assert "](" not in out
    else:
        assert re.fullmatch(r"\[[^\[\]()]*\]\(<[^<>()\s\\]+>\)", out), out


def test_link_accepts_http_and_rejects_other_schemes() -> None:
    assert link("国务院", "https://www.gov.cn/a?b=1&c=(2)") == "[国务院](<https://www.gov.cn/a?b=1&c=%282%29>)"
    for bad in ("javascript:alert(1)", "data:text/html,x", "//127.1:8729/r", "/relative", "ftp://x/", "http://", ""):
        assert "](" not in link("x", bad), bad
    assert link(None, "javascript:alert(1)") == esc("javascript:alert(1)")


def test_markup_concatenation_escapes_the_untrusted_side() -> None:
    assert esc("a") + "[x]" == "a&#91;x&#93;"
    assert "[x]" + esc("a") == "&#91;x&#93;a"
    assert join(" · ", ["[a]", Markup("**b**")]) == "&#91;a&#93; · **b**"


def test_numbers_keep_their_format_spec() -> None:
    assert fmt("{:.1f}万", 12.345) == "12.3万"
    assert fmt("{}", True) == "True"


def test_plain_cuts_and_removes_control_characters() -> None:
    assert plain("a\nb\u202ec", limit=None) == "a bc"
    assert plain("一二三四五", limit=3) == "一二…"
