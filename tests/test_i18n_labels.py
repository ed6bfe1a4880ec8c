"""The label tables (REVIEW P7): every ``t("…")`` literal resolves, page tables do not silently
shadow a COMMON label, shared domain terms live only in COMMON with one wording, and every
select box says 请选择 (not Streamlit's English "Choose an option") when it is empty."""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

from geo.i18n import COMMON

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("geo/*.py"), *ROOT.glob("geo/*/*.py")])
TRANSLATOR_NAMES = {"t", "p", "labels"}

# Page keys that redefine a COMMON key on purpose (a longer label in that one place).
INTENDED_SHADOWS = {
    ("pages/data_admin.py", "year"),  # 年份（文件无年份列时）: the import form's fallback year
    ("pages/data_admin.py", "sites"),  # 安置点名单: a file kind, not the page title
    ("pages/data_admin.py", "datum"),  # 坐标系（安置点坐标）
    ("geo/printmap.py", "sources"),  # 资料来源: the print footer's heading
    ("geo/site_points.py", "county"),  # a location-precision code (县域代表点), not the column label
    ("geo/provenance.py", "official"),  # provenance's own kind labels, looked up without the translator
    ("ui/admin_parts.py", "sites"),  # a build-report part (安置点), looked up without the translator
}
# Shared domain terms: their Chinese wording may appear as a whole label only in COMMON.
DOMAIN_TERMS = {
    "sanqu": re.compile(r"^三区三州$"),
    "poverty832": re.compile(r"^原.{0,4}832.{0,2}贫困县$|^原(国家级)?贫困县（832个?）$"),
}


def _tables(tree: ast.Module) -> dict[str, dict[str, tuple[str, str]]]:
    """Module-level label tables: NAME = {"key": ("中文", "English"), …}."""
    found: dict[str, dict[str, tuple[str, str]]] = {}
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        value = getattr(node, "value", None)
        if not isinstance(target, ast.Name) or not isinstance(value, ast.Dict) or not value.keys:
            continue
        table: dict[str, tuple[str, str]] = {}
        for key, item in zip(value.keys, value.values, strict=True):
            if key is None:  # **OTHER_TABLE: that table is parsed where it is defined
                continue
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str) and isinstance(item, ast.Tuple)
                    and len(item.elts) == 2):
                break
            try:
                zh, en = (ast.literal_eval(element) for element in item.elts)
            except ValueError:  # built from a constant (a package label): the key still counts
                zh, en = "", ""
            if not (isinstance(zh, str) and isinstance(en, str)):
                break
            table[key.value] = (zh, en)
        else:
            found[target.id] = table
    return found


@functools.cache  # read-only trees, parsed once for the module's tests
def _parsed() -> dict[str, ast.Module]:
    return {path.relative_to(ROOT).as_posix(): ast.parse(path.read_text(encoding="utf-8")) for path in SOURCES}


@functools.cache
def _all_tables() -> dict[str, dict[str, dict[str, tuple[str, str]]]]:
    return {name: _tables(tree) for name, tree in _parsed().items()}


def test_every_literal_label_resolves() -> None:
    every_key = set(COMMON)
    for tables in _all_tables().values():
        for table in tables.values():
            every_key |= set(table)
    missing = []
    for name, tree in _parsed().items():
        own = set(COMMON).union(*(_tables(tree).values() or [set()]))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in TRANSLATOR_NAMES
                    and len(node.args) == 1 and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                key = node.args[0].value
                if key not in own and key not in every_key:
                    missing.append(f"{name}:{node.lineno} {key}")
    assert missing == [], "\n".join(missing)


def test_no_page_table_silently_shadows_a_common_label() -> None:
    shadows = {
        (name, key)
        for name, tables in _all_tables().items() if name != "geo/i18n.py"
        for table in tables.values() for key in table
        if key in COMMON
    }
    assert shadows - INTENDED_SHADOWS == set(), "rename the key or list it in INTENDED_SHADOWS"


def test_shared_domain_terms_only_in_common_with_one_wording() -> None:
    for key, pattern in DOMAIN_TERMS.items():
        assert pattern.match(COMMON[key][0]), key
    elsewhere = [
        f"{name} {table_name}[{key}] = {zh}"
        for name, tables in _all_tables().items() if name != "geo/i18n.py"
        for table_name, table in tables.items() for key, (zh, _en) in table.items()
        if any(pattern.match(zh) for pattern in DOMAIN_TERMS.values())
    ]
    assert elsewhere == []
    from geo.filters import FLAGS

    assert FLAGS["sqsz"][1:] == COMMON["sanqu"] and FLAGS["p832"][1:] == COMMON["poverty832"]


def _is_select(node: ast.Call) -> bool:
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name in ("selectbox", "multiselect"):
        return True
    widget = node.args[1] if name == "bind" and len(node.args) > 1 else None
    return isinstance(widget, ast.Attribute) and widget.attr in ("selectbox", "multiselect")


def test_every_select_box_has_a_chinese_placeholder() -> None:
    bare = [
        f"{name}:{node.lineno}"
        for name, tree in _parsed().items() if name.startswith(("pages/", "ui/"))
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _is_select(node)
        and not any(keyword.arg in ("placeholder", None) for keyword in node.keywords)
    ]
    assert bare == [], "pass placeholder=t('choose')"


def test_every_bilingual_message_splits_into_its_chinese_and_english_half() -> None:
    """The importer's and the build's '中文 / English' messages, split by geo.i18n.bilingual_half."""
    from geo.i18n import bilingual_half
    from geo.importer.checks import MESSAGES
    from geo.inputs import BUILD_MESSAGES

    cjk = re.compile(r"[\u4e00-\u9fff]")
    for code, text in {**MESSAGES, **BUILD_MESSAGES}.items():
        zh, en = bilingual_half(text, "zh"), bilingual_half(text, "en")
        assert cjk.search(zh) and zh + " / " + en == text, code
        assert not cjk.search(en) and en.strip(), code
    assert bilingual_half(MESSAGES["bad_level"], "zh") == "级别应为 national / provincial / none"
    assert bilingual_half("没有斜线", "en") == "没有斜线"
