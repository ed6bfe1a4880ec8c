"""Presentation decks: named lists of saved views, stored as JSON under ``data/decks/``.

A deck file ``data/decks/<slug>.json`` holds ``{"name": ..., "slides": [{"title": ...,
"page": "overview", "params": {...}}]}``; a slide's params are its page's URL state
(``geo/pageschemas.py``: codes as strings, lists for repeated parameters); names the page
does not declare are left out. Values are checked against the page's schema when the
slide is shown, so a slide whose saved state no longer validates still opens, with a notice.

Files are read defensively (size and nesting limits; a bad file is listed as invalid, never
raised to the page), named by a safe slug so no name reaches outside the folder, and written
atomically under a per-folder lock: every change re-reads the deck inside the lock and applies
the edit to what is on disk, so two sessions or processes saving at once never lose a slide.
The previous version of every changed or deleted deck is kept in ``.history/<slug>/`` (a
deleted deck can be restored), and each write goes to the audit log with the editor's name.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from geo import versions
from geo.pageschemas import APP, PRESENTATION, SCHEMAS, SLIDE_PAGES
from geo.paths import DATA_DIR

PAGES = SLIDE_PAGES
RESERVED_PARAMS = frozenset(p.name for p in PRESENTATION.params)  # added when presenting
KEPT_PARAMS = frozenset(p.name for p in APP.params)  # app-wide state a slide may carry (lang)
MAX_FILE_BYTES = 256 * 1024
MAX_DECKS = 200
MAX_SLIDES = 60
MAX_NAME = 80
MAX_TITLE = 120
MAX_PARAMS = 40
MAX_VALUE = 500
MAX_LIST = 60
MAX_VERSIONS = 50  # kept per deck
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_PARAM_KEY = re.compile(r"^[A-Za-z0-9_]{1,40}$")

Params = dict[str, str | list[str]]


class DeckError(ValueError):
    """A deck or slide that does not pass validation, or a file that cannot be used (中文 + English)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en

    def message(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class Slide:
    title: str
    page: str
    params: Params = field(default_factory=dict)


@dataclass(frozen=True)
class Deck:
    name: str
    slides: tuple[Slide, ...] = ()


def decks_dir() -> Path:
    """Where decks live; ``ATLAS_DECKS_DIR`` overrides it (tests)."""
    override = os.environ.get("ATLAS_DECKS_DIR")
    return Path(override) if override else DATA_DIR / "decks"


def check_slug(slug: str) -> str:
    """``slug`` if it is a safe file stem (lower-case ASCII, digits, - and _); DeckError otherwise."""
    if not isinstance(slug, str) or not _SLUG.match(slug):
        raise DeckError("演示文稿编号无效", "invalid deck id")
    return slug


def slugify(name: str) -> str:
    """A safe file stem for a deck name: ASCII words joined by '-', plus a hash for non-ASCII names."""
    ascii_part = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40]
    if ascii_part and ascii_part.isascii() and name.isascii():
        return ascii_part
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    return f"{ascii_part}-{digest}" if ascii_part else f"deck-{digest}"


def _text(value: object, zh: str, en: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise DeckError(f"{zh}不能为空", f"{en} must be non-empty text")
    if len(value) > limit:
        raise DeckError(f"{zh}超过 {limit} 个字", f"{en} is longer than {limit} characters")
    return value.strip()


def _known(page: str, name: str) -> bool:
    """Whether ``name`` is part of ``page``'s URL state (families by prefix) or app-wide state."""
    if name in KEPT_PARAMS:
        return True
    schema = SCHEMAS[page]
    return name in schema or any(p.each and name.startswith(f"{p.name}_") for p in schema.params)


def check_params(params: object, page: str) -> Params:
    """``page``'s parameters from ``params``: string keys, string or list-of-string values, bounded sizes."""
    if not isinstance(params, dict):
        raise DeckError("参数必须是对象", "params must be an object")
    if len(params) > MAX_PARAMS:
        raise DeckError(f"参数多于 {MAX_PARAMS} 个", f"more than {MAX_PARAMS} params")
    checked: Params = {}
    for key, value in params.items():
        if not isinstance(key, str) or not _PARAM_KEY.match(key):
            raise DeckError("参数名无效", "invalid param name")
        if key in RESERVED_PARAMS or not _known(page, key):
            continue
        if isinstance(value, str):
            if len(value) > MAX_VALUE:
                raise DeckError(f"参数 {key} 超过 {MAX_VALUE} 个字", f"param {key} is longer than {MAX_VALUE} characters")
            checked[key] = value
        elif isinstance(value, list) and len(value) <= MAX_LIST and all(isinstance(v, str) for v in value):
            if any(len(v) > MAX_VALUE for v in value):
                raise DeckError(f"参数 {key} 有过长的值", f"param {key} has a value longer than {MAX_VALUE} characters")
            checked[key] = list(value)
        else:
            raise DeckError(f"参数 {key} 必须是文字或至多 {MAX_LIST} 个文字的列表",
                            f"param {key} must be text or a list of at most {MAX_LIST} texts")
    return checked


def make_slide(title: str, page: str, params: object) -> Slide:
    """A validated slide (page must be one of ``PAGES``)."""
    if page not in PAGES:
        raise DeckError("页面不存在（unknown page）", f"unknown page (one of {', '.join(PAGES)})")
    return Slide(_text(title, "幻灯片标题", "slide title", MAX_TITLE), page, check_params(params, page))


def from_dict(data: object) -> Deck:
    """A validated deck from parsed JSON."""
    if not isinstance(data, dict):
        raise DeckError("演示文稿必须是 JSON 对象", "a deck must be a JSON object")
    slides = data.get("slides", [])
    if not isinstance(slides, list):
        raise DeckError("slides 必须是列表", "slides must be a list")
    if len(slides) > MAX_SLIDES:
        raise DeckError(f"幻灯片多于 {MAX_SLIDES} 张", f"more than {MAX_SLIDES} slides")
    parsed = []
    for number, slide in enumerate(slides, start=1):
        if not isinstance(slide, dict):
            raise DeckError(f"第 {number} 张幻灯片必须是对象", f"slide {number} must be an object")
        try:
            parsed.append(make_slide(slide.get("title"), slide.get("page"), slide.get("params", {})))
        except DeckError as error:
            raise DeckError(f"第 {number} 张幻灯片：{error.zh}", f"slide {number}: {error.en}") from None
    return Deck(_text(data.get("name"), "演示文稿名称", "deck name", MAX_NAME), tuple(parsed))


def to_dict(deck: Deck) -> dict:
    return {
        "name": deck.name,
        "slides": [{"title": s.title, "page": s.page, "params": s.params} for s in deck.slides],
    }


def parse_json(text: str | bytes) -> Deck:
    """A deck from JSON text (size-limited; deep nesting and huge numbers refused); DeckError otherwise."""
    if len(text) > MAX_FILE_BYTES:
        raise DeckError(f"文件大于 {MAX_FILE_BYTES // 1024} KB", f"deck file larger than {MAX_FILE_BYTES // 1024} KB")
    try:
        data = json.loads(text)
    except RecursionError:
        raise DeckError("JSON 嵌套过深", "JSON nested too deeply") from None
    except (ValueError, UnicodeDecodeError):  # JSONDecodeError, or an integer with too many digits
        raise DeckError("不是有效的 JSON", "not valid JSON") from None
    return from_dict(data)


def _path(slug: str, directory: Path | None) -> Path:
    return (directory or decks_dir()) / f"{check_slug(slug)}.json"


def _read(path: Path) -> Deck:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise DeckError(f"文件大于 {MAX_FILE_BYTES // 1024} KB", f"deck file larger than {MAX_FILE_BYTES // 1024} KB")
        return parse_json(path.read_bytes())
    except OSError:
        raise DeckError("文件无法读取", "file cannot be read") from None


def load(slug: str, directory: Path | None = None) -> Deck:
    """The deck stored as ``<slug>.json``; DeckError if missing or invalid."""
    path = _path(slug, directory)
    if not path.is_file():
        raise DeckError("没有这个演示文稿", "no such deck")
    return _read(path)


def list_decks(directory: Path | None = None) -> tuple[dict[str, Deck], list[tuple[str, DeckError]]]:
    """({slug: deck} for valid files, [(file name, error)] for the others), sorted by file name."""
    folder = directory or decks_dir()
    valid: dict[str, Deck] = {}
    invalid: list[tuple[str, DeckError]] = []
    paths = sorted(folder.glob("*.json")) if folder.is_dir() else []
    for path in paths[:MAX_DECKS]:
        try:
            valid[check_slug(path.stem)] = _read(path)
        except DeckError as error:
            invalid.append((path.name[:80], error))
    if len(paths) > MAX_DECKS:
        invalid.append(("…", DeckError(f"文件多于 {MAX_DECKS} 个，其余未列出", f"more than {MAX_DECKS} files; the rest are not listed")))
    return valid, invalid


# ---------------------------------------------------------------- writing (signed-in editors only)


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One writer at a time per decks folder, across threads and processes (released if a process dies)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _editor(user: str) -> str:
    if not isinstance(user, str) or not user.strip():
        raise DeckError("修改演示文稿需要登录", "changing decks requires sign-in")
    return user.strip()


def _history(folder: Path, slug: str) -> Path:
    return folder / ".history" / slug


def _keep_version(folder: Path, slug: str) -> None:
    """Copy the current file of ``slug`` into its history (oldest versions beyond MAX_VERSIONS pruned)."""
    current = folder / f"{slug}.json"
    if not current.is_file():
        return
    history = _history(folder, slug)
    history.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + f"-{time.time_ns() % 10**9:09d}"
    _write_text(history / f"{stamp}.json", current.read_text(encoding="utf-8"))
    for old in sorted(history.glob("*.json"))[:-MAX_VERSIONS]:
        old.unlink(missing_ok=True)


def _write_text(path: Path, text: str) -> None:
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _write(folder: Path, slug: str, deck: Deck) -> None:
    checked = from_dict(to_dict(deck))
    _write_text(folder / f"{slug}.json", json.dumps(to_dict(checked), ensure_ascii=False, indent=2) + "\n")


def _audit(event: str, slug: str, user: str, deck: Deck | None) -> None:
    record = {"event": event, "deck": slug, "user": user, "at": versions.now()}
    if deck is not None:
        record["slides"] = len(deck.slides)
    versions.append_audit(versions.state_dir(), record)


def save(deck: Deck, slug: str | None = None, directory: Path | None = None, *, user: str) -> str:
    """Validate and write ``deck`` (replacing any deck of that slug; the old one is kept); returns the slug."""
    user = _editor(user)
    checked = from_dict(to_dict(deck))
    slug = check_slug(slug or slugify(checked.name))
    folder = directory or decks_dir()
    with _locked(folder):
        _keep_version(folder, slug)
        _write(folder, slug, checked)
        _audit("deck_save", slug, user, checked)
    return slug


def create(name: str, directory: Path | None = None, *, user: str) -> str:
    """A new empty deck named ``name``; DeckError if one with its slug exists."""
    user = _editor(user)
    deck = Deck(_text(name, "演示文稿名称", "deck name", MAX_NAME))
    slug = slugify(deck.name)
    folder = directory or decks_dir()
    with _locked(folder):
        if (folder / f"{slug}.json").exists():
            raise DeckError("已有同名演示文稿", "a deck with this name already exists")
        _write(folder, slug, deck)
        _audit("deck_create", slug, user, deck)
    return slug


def update(slug: str, change: Callable[[Deck], Deck], directory: Path | None = None, *, user: str) -> Deck:
    """Apply ``change`` to the deck as it is on disk now (re-read under the lock) and save the result."""
    user = _editor(user)
    folder = directory or decks_dir()
    path = _path(slug, folder)
    with _locked(folder):
        if not path.is_file():
            raise DeckError("没有这个演示文稿（可能已被删除）", "no such deck (it may have been deleted)")
        changed = from_dict(to_dict(change(_read(path))))
        _keep_version(folder, slug)
        _write(folder, slug, changed)
        _audit("deck_update", slug, user, changed)
    return changed


def delete(slug: str, directory: Path | None = None, *, user: str) -> None:
    """Remove ``<slug>.json`` (its last version stays in the history, so it can be restored)."""
    user = _editor(user)
    folder = directory or decks_dir()
    path = _path(slug, folder)
    with _locked(folder):
        if not path.is_file():
            raise DeckError("没有这个演示文稿", "no such deck")
        _keep_version(folder, slug)
        path.unlink()
        _audit("deck_delete", slug, user, None)


def deleted_decks(directory: Path | None = None) -> dict[str, Deck]:
    """{slug: last valid version} of decks that have a history but no current file."""
    folder = directory or decks_dir()
    found: dict[str, Deck] = {}
    root = folder / ".history"
    for history in sorted(root.iterdir())[:MAX_DECKS] if root.is_dir() else []:
        if not _SLUG.match(history.name) or (folder / f"{history.name}.json").exists():
            continue
        for version in sorted(history.glob("*.json"), reverse=True):
            try:
                found[history.name] = _read(version)
                break
            except DeckError:
                continue
    return found


def restore(slug: str, directory: Path | None = None, *, user: str) -> Deck:
    """Bring back the last valid version of a deleted deck."""
    user = _editor(user)
    folder = directory or decks_dir()
    check_slug(slug)
    with _locked(folder):
        if (folder / f"{slug}.json").exists():
            raise DeckError("演示文稿仍然存在", "the deck still exists")
        deck = deleted_decks(folder).get(slug)
        if deck is None:
            raise DeckError("没有可恢复的版本", "no version to restore")
        _write(folder, slug, deck)
        _audit("deck_restore", slug, user, deck)
    return deck


# ---------------------------------------------------------------- edits (pure: applied inside update)


def rename(deck: Deck, name: str) -> Deck:
    return from_dict({**to_dict(deck), "name": name})


def add_slide(deck: Deck, slide: Slide) -> Deck:
    if len(deck.slides) >= MAX_SLIDES:
        raise DeckError(f"一个演示文稿最多 {MAX_SLIDES} 张幻灯片", f"a deck holds at most {MAX_SLIDES} slides")
    return replace(deck, slides=(*deck.slides, make_slide(slide.title, slide.page, slide.params)))


def _index(deck: Deck, index: int, expected: Slide | None = None) -> int:
    """``index`` if it exists and (when given) still holds ``expected`` — else someone changed the deck."""
    if not 0 <= index < len(deck.slides):
        raise DeckError(f"没有第 {index + 1} 张幻灯片", f"no slide {index + 1}")
    if expected is not None and deck.slides[index] != expected:
        raise DeckError("演示文稿刚被别人修改过，请查看后重试", "the deck was just changed by someone else; check and retry")
    return index


def remove_slide(deck: Deck, index: int, expected: Slide | None = None) -> Deck:
    slides = list(deck.slides)
    del slides[_index(deck, index, expected)]
    return replace(deck, slides=tuple(slides))


def move_slide(deck: Deck, index: int, offset: int, expected: Slide | None = None) -> Deck:
    """Move slide ``index`` by ``offset`` places (-1 up, +1 down), clamped to the deck's ends."""
    slides = list(deck.slides)
    slide = slides.pop(_index(deck, index, expected))
    slides.insert(max(0, min(len(slides), index + offset)), slide)
    return replace(deck, slides=tuple(slides))


def duplicate_slide(deck: Deck, index: int, expected: Slide | None = None) -> Deck:
    if len(deck.slides) >= MAX_SLIDES:
        raise DeckError(f"一个演示文稿最多 {MAX_SLIDES} 张幻灯片", f"a deck holds at most {MAX_SLIDES} slides")
    slides = list(deck.slides)
    position = _index(deck, index, expected)
    slides.insert(position + 1, slides[position])
    return replace(deck, slides=tuple(slides))


def retitle_slide(deck: Deck, index: int, title: str, expected: Slide | None = None) -> Deck:
    slides = list(deck.slides)
    position = _index(deck, index, expected)
    slides[position] = make_slide(title, slides[position].page, slides[position].params)
    return replace(deck, slides=tuple(slides))


def params_from_query(query: str, page: str) -> Params:
    """``page``'s params from a query string such as ``adcode=530326&lang=en`` (a leading '?' is fine)."""
    if len(query) > MAX_PARAMS * MAX_VALUE:
        raise DeckError("网址过长", "query string too long")
    parsed = parse_qs(query.strip().lstrip("?"), keep_blank_values=True)
    return check_params({key: values[0] if len(values) == 1 else values for key, values in parsed.items()}, page)


def slide_from_url(url: str, title: str = "") -> Slide:
    """A slide from an app URL such as ``http://host/county?adcode=530326`` (presentation params dropped)."""
    parts = urlsplit(url.strip())
    page = parts.path.rstrip("/").rsplit("/", 1)[-1] or "overview"
    if page not in PAGES:
        raise DeckError("页面不存在（unknown page）", f"unknown page (one of {', '.join(PAGES)})")
    return make_slide(title or page, page, params_from_query(parts.query, page))
