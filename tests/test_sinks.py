"""Every Markdown/HTML sink in pages/ and ui/ gets only trusted text or text escaped by geo.safetext.

A static check over the syntax tree (a grep that understands f-strings): a sink call
(``st.markdown``, ``column.caption``, ``st.warning``, ``unsafe_allow_html=True`` …) may receive
literals, labels (``t("key")``), module constants, and results of ``geo.safetext``
(``esc``/``fmt``/``join``/``link``); anything else must go through ``ui.safe`` as an argument.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HELPER = ROOT / "ui" / "safe.py"
FILES = sorted(p for p in [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py"), ROOT / "app.py"] if p != HELPER)
SINKS = {
    "markdown", "caption", "warning", "error", "info", "success", "html", "write", "toast",
    "title", "header", "subheader", "expander", "exception", "latex",
}  # fmt: skip
SAFE_CALLS = {"esc", "fmt", "join", "link"}
TRANSLATORS = {"t", "p", "_t"}
NUMBERS = {"len", "int"}  # an int renders as digits
SAFE_MODULE_SINKS = {"markdown", "caption", "warning", "error", "info", "success", "html"}


def _constant_text(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.BinOp):
        return _constant_text(node.left) and _constant_text(node.right)
    if isinstance(node, ast.IfExp):
        return _constant_text(node.body) and _constant_text(node.orelse)
    return isinstance(node, ast.JoinedStr) and all(
        isinstance(v, ast.Constant) or _constant_text(v.value) for v in node.values if isinstance(v, ast.expr)
    )


def trusted(node: ast.expr) -> bool:
    """Text an attacker cannot choose (or that geo.safetext has escaped)."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Name):
        return node.id.isupper()  # module constants (CSS, templates)
    if isinstance(node, ast.Attribute):
        return node.attr.isupper()  # another module's constant: shell.STYLE
    if isinstance(node, ast.JoinedStr):
        return all(trusted(v.value) for v in node.values if isinstance(v, ast.FormattedValue))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return trusted(node.left) and trusted(node.right)
    if isinstance(node, ast.IfExp):
        return trusted(node.body) and trusted(node.orelse)
    if isinstance(node, ast.Call):
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        if name in SAFE_CALLS or name in NUMBERS:
            return True
        # a label lookup: t("key") / tr(LABELS)("key"); a missing key echoes the key, so literal keys only
        if name in TRANSLATORS or (isinstance(func, ast.Call) and not isinstance(func.func, ast.Attribute)):
            return all(_constant_text(arg) for arg in node.args)
    return False


def violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        where = f"{path.relative_to(ROOT)}:{node.lineno}"
        if isinstance(func, ast.Name) and func.id == "Markup" and not all(_constant_text(a) for a in node.args):
            found.append(f"{where} Markup() of non-literal text")
        if not isinstance(func, ast.Attribute):
            continue
        on_safe = isinstance(func.value, ast.Name) and func.value.id == "safe"
        if on_safe and func.attr in SAFE_MODULE_SINKS:
            if node.args and not trusted(node.args[0]):
                found.append(f"{where} safe.{func.attr} template is not a literal or label")
            continue
        raw_html = any(k.arg == "unsafe_allow_html" for k in node.keywords)
        if func.attr in SINKS or raw_html:
            texts = node.args[:1] if func.attr in ("expander", "tabs") else node.args
            texts = [*texts, *(k.value for k in node.keywords if k.arg in ("body", "label"))]
            if raw_html:
                found.append(f"{where} unsafe_allow_html outside ui.safe.html")
            elif not all(trusted(arg) for arg in texts):
                found.append(f"{where} {func.attr}() with untrusted text: use ui.safe")
    return found


def test_the_checker_catches_bypasses(tmp_path: Path) -> None:
    bad = ROOT / "tests" / "_sink_probe.py"
    source = (
        'st.markdown(f"## {name}")\nst.warning(t("x") + value)\ncolumn.caption(str(error))\n'
        'st.markdown(legend, unsafe_allow_html=True)\nsafe.caption(f"{title}")\nst.caption(t(key))\n'
        'x = Markup(text)\n'
        'st.markdown(f"#### {t(\'ok\')}")\nsafe.caption("{}", title)\nst.html(CSS)\n'
    )
    bad.write_text(source, encoding="utf-8")
    try:
        found = violations(bad)
    finally:
        bad.unlink()
    assert [f.split(":")[1].split()[0] for f in found] == ["1", "2", "3", "4", "5", "6", "7"], found


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_sink_bypasses_the_escaping_helper(path: Path) -> None:
    assert violations(path) == []
