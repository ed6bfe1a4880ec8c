"""One declaration of a page's URL state: parameters, validation of incoming links, links out.

A page's :class:`Schema` lists its :class:`Param`\\ s (URL name, type, allowed codes or a
validator, default, repeated or not). The same declaration

- validates an incoming link or a saved deck slide: :func:`parse` returns every parameter's
  value (its default when absent or invalid) and a :class:`Dropped` per parameter that was
  refused, saying in Chinese and English what was wrong and what is used instead;
- writes links: :func:`encode` gives codes (never display labels), defaults left out;
- drives the widget binding in ``ui/url.py`` and what a deck slide stores.

Allowed codes that depend on the data (provinces, indicators, years…) are named by a
vocabulary (``choices="province"``) and supplied at parse time as ``vocab``; without a
vocabulary only the shape of a code is checked (decks validated without the database).
Nothing here imports Streamlit.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Text = tuple[str, str]  # (中文, English)
Vocab = Mapping[str, Any]  # vocabulary name → collection of allowed codes (strings), or other lookups
Query = Mapping[str, str | Sequence[str]]
Check = Callable[[Any, Mapping[str, Any], Vocab], bool]

KINDS = ("code", "int", "float", "bool", "text")
MAX_TEXT = 200  # longest URL value looked at; anything longer is refused outright
MAX_VALUES = 3000  # more repeated values than there are counties is not a real link
_CODE_SHAPE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
_TRUE, _FALSE = frozenset({"1", "true", "on", "yes"}), frozenset({"0", "false", "off", "no"})


class Invalid(ValueError):
    """One URL value that cannot be used; ``reason`` is (中文, English)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.reason: Text = (zh, en)


@dataclass(frozen=True)
class Param:
    """One URL parameter.

    ``kind`` is 'code' (text from ``choices``), 'int', 'float', 'bool' or 'text'. ``choices``
    is a fixed set of codes or the name of a vocabulary (for 'code' and 'int'). Numbers may be
    bounded by ``low``/``high``; 'text' by ``max_len`` and ``pattern``. ``multiple`` repeats
    the parameter (``?k=a&k=b``). ``each`` makes a family: one parameter ``<name>_<code>`` per
    code of that vocabulary (the workbench's weights). ``check(value, values, vocab)`` is a
    test against the other parameters (a prefecture inside the chosen province), run after
    all of them are parsed; ``check_reason`` says what it requires.
    """

    name: str
    label: Text
    kind: str = "code"
    choices: frozenset[str] | str | None = None
    default: Any = None
    multiple: bool = False
    low: float | None = None
    high: float | None = None
    max_len: int = MAX_TEXT
    pattern: str | None = None
    each: str | None = None
    check: Check | None = None
    check_reason: Text = ("与其他参数不一致", "does not fit the other parameters")

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")

    def empty(self) -> Any:
        """The default as a fresh value (a list for repeated parameters)."""
        return list(self.default or ()) if self.multiple else self.default

    def allowed(self, vocab: Vocab) -> Collection[str] | None:
        """The allowed codes, or None when any well-formed code is accepted."""
        if isinstance(self.choices, str):
            found = vocab.get(self.choices)
            return None if found is None else found
        return self.choices

    def parse_one(self, text: str, vocab: Vocab) -> Any:
        """The value for one URL string; raises :class:`Invalid`."""
        if len(text) > min(self.max_len, MAX_TEXT):
            raise Invalid("过长", "is too long")
        if self.kind == "bool":
            lowered = text.lower()
            if lowered in _TRUE or lowered in _FALSE:
                return lowered in _TRUE
            raise Invalid("不是 1 或 0", "is not 1 or 0")
        if self.kind == "text":
            if self.pattern and not re.fullmatch(self.pattern, text):
                raise Invalid("格式不对", "is not in the expected form")
            return text
        allowed = self.allowed(vocab)
        if self.kind == "code":
            if allowed is None:
                if not _CODE_SHAPE.match(text):
                    raise Invalid("不是有效的代码", "is not a valid code")
            elif text not in allowed:
                raise Invalid("不是可选的代码", "is not one of the allowed codes")
            return text
        try:
            number = float(text)
        except ValueError:
            raise Invalid("不是数字", "is not a number") from None
        if not math.isfinite(number):
            raise Invalid("不是有限数值", "is not a finite number")
        if self.kind == "int":
            if number != int(number):
                raise Invalid("不是整数", "is not a whole number")
            number = int(number)
            if allowed is not None and str(number) not in allowed:
                raise Invalid("不是可选的值", "is not one of the allowed values")
        if (self.low is not None and number < self.low) or (self.high is not None and number > self.high):
            raise Invalid(f"超出范围 {self.low:g}–{self.high:g}", f"is outside {self.low:g}–{self.high:g}")
        return number

    def encode_one(self, value: Any) -> str:
        if self.kind == "bool":
            return "1" if value else "0"
        if isinstance(value, float):
            return f"{value:g}"
        return str(value)

    def encode(self, value: Any) -> list[str]:
        """URL strings for ``value``; empty when it is the default (a lone '' = explicitly empty list)."""
        if self.multiple:
            items = list(value or ())
            if items == list(self.default or ()):
                return []
            return [self.encode_one(item) for item in items] or [""]
        if value is None or value == self.default:
            return []
        return [self.encode_one(value)]


@dataclass(frozen=True)
class Schema:
    """A page's parameters, in the order they are checked."""

    page: str
    params: tuple[Param, ...] = ()
    _by_name: dict[str, Param] = field(init=False, repr=False, compare=False)
    # Family codes → expanded parameters: every run of a page expands its schema (the workbench's 21
    # parameters into 65), and making the Params again was a third of ui.url's cost per run.
    _expanded: dict[tuple[frozenset[str], ...], dict[str, Param]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = [p.name for p in self.params]
        if len(set(names)) != len(names):
            raise ValueError(f"duplicate parameter in schema {self.page}")
        object.__setattr__(self, "_by_name", dict(zip(names, self.params, strict=True)))
        object.__setattr__(self, "_expanded", {})

    def expand(self, vocab: Vocab | None = None) -> dict[str, Param]:
        """URL name → parameter, with families expanded over their vocabulary (a new dict; the
        parameters are shared, being frozen)."""
        vocab = vocab or {}
        key = tuple(frozenset(vocab.get(param.each) or ()) for param in self.params if param.each is not None)
        found = self._expanded.get(key)
        if found is None:
            if len(self._expanded) >= 8:  # one entry per database version in use, in practice
                self._expanded.clear()
            found = self._expanded[key] = self._expand(vocab)
        return dict(found)

    def _expand(self, vocab: Vocab) -> dict[str, Param]:
        expanded: dict[str, Param] = {}
        for param in self.params:
            if param.each is None:
                expanded[param.name] = param
                continue
            for code in sorted(vocab.get(param.each) or ()):
                name = f"{param.name}_{code}"
                expanded[name] = Param(
                    name, param.label, param.kind, param.choices, param.default, param.multiple,
                    param.low, param.high, param.max_len, param.pattern,
                )
        return expanded

    def __getitem__(self, name: str) -> Param:
        return self._by_name[name]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name


@dataclass(frozen=True)
class Dropped:
    """A parameter whose value(s) were refused: why, and what is used instead."""

    name: str
    label: Text
    reason: Text
    used: Text

    def message(self, lang: str) -> str:
        i = 1 if lang == "en" else 0
        if i:
            return f"Link parameter “{self.label[1]}” ({self.name}) {self.reason[1]}; using {self.used[1]} instead."
        return f"链接参数“{self.label[0]}”（{self.name}）{self.reason[0]}，已改用{self.used[0]}。"


def _texts(raw: str | Sequence[str] | None) -> list[str]:
    if raw is None:
        return []
    return [raw] if isinstance(raw, str) else [str(item) for item in raw]


def _default_text(param: Param, vocab: Vocab | None) -> Text:
    """The default a refused value gave way to, by its name where the vocabulary has one
    (``labels``: choices → code → (中文, English)), else by its code."""
    empty = param.empty()
    if empty is None or empty == [] or empty == "":
        return ("默认设置", "the default")
    codes = [param.encode_one(v) for v in empty] if param.multiple else [param.encode_one(empty)]
    names = (vocab or {}).get("labels", {}).get(param.choices, {}) if isinstance(param.choices, str) else {}
    if not all(code in names or _is_number(code) for code in codes):
        return ("默认设置", "the default")  # an internal code (dist_rail_km, national) is no word for a reader
    zh, en = (", ".join(names[code][i] if code in names else code for code in codes) for i in (0, 1))
    return (f"默认值 {zh}", f"the default {en}")


def _is_number(code: str) -> bool:
    """A year, an adcode or a weight reads the same in any language."""
    try:
        float(code)
    except ValueError:
        return False
    return True


def parse(schema: Schema, query: Query, vocab: Vocab | None = None) -> tuple[dict[str, Any], list[Dropped]]:
    """Every parameter's value from ``query`` (its default when absent or invalid) and what was dropped.

    ``query`` maps names to a string or a list of strings (``st.query_params`` via ``get_all``,
    or a deck slide's params). Unknown names are ignored; a lone empty value clears a repeated
    parameter; the refused values themselves are never echoed back.
    """
    vocab = vocab or {}
    params = schema.expand(vocab)
    values: dict[str, Any] = {}
    dropped: list[Dropped] = []
    for name, param in params.items():
        raw = _texts(query.get(name))
        texts = [text for text in raw if text != ""]
        good: list[Any] = []
        reason: Text | None = None
        for text in texts[:MAX_VALUES]:
            try:
                good.append(param.parse_one(text, vocab))
            except Invalid as problem:
                reason = reason or problem.reason
        if len(texts) > MAX_VALUES:
            reason = reason or ("重复次数过多", "repeats too often")
        if not param.multiple and len(good) > 1:
            reason = reason or ("出现多次，只用第一个", "appears more than once; the first is used")
        if param.multiple:
            if raw == [""]:
                values[name] = []
            else:
                values[name] = list(dict.fromkeys(good)) if good else param.empty()
        else:
            values[name] = good[0] if good else param.empty()
        if reason:
            used = ("其余有效值", "the remaining valid values") if param.multiple and good else _default_text(param, vocab)
            if not param.multiple and len(good) > 1:
                used = ("第一个值", "the first value")
            dropped.append(Dropped(name, param.label, reason, used))
    for name, param in params.items():
        if param.check is None or values[name] == param.empty():
            continue
        if not param.check(values[name], values, vocab):
            values[name] = param.empty()
            dropped.append(Dropped(name, param.label, param.check_reason, _default_text(param, vocab)))
    return values, dropped


def encode(schema: Schema, values: Mapping[str, Any], vocab: Vocab | None = None) -> dict[str, str | list[str]]:
    """URL parameters for the non-default values: codes as strings, a list for repeated ones."""
    encoded: dict[str, str | list[str]] = {}
    for name, param in schema.expand(vocab).items():
        texts = param.encode(values.get(name, param.empty()))
        if texts:
            encoded[name] = texts if param.multiple else texts[0]
    return encoded


def notice(dropped: Sequence[Dropped], lang: str) -> str:
    """All of a page's dropped parameters as one plain-text notice (empty when nothing was dropped)."""
    return "\n".join(item.message(lang) for item in dropped)
