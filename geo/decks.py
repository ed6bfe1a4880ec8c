"""Presentation decks: named lists of saved views, stored as JSON under ``data/decks/``.

A deck file ``data/decks/<slug>.json`` holds ``{"name": ..., "slides": [{"title": ...,
"page": "overview", "params": {...}}]}``; a slide's params are the page's URL query
parameters (strings, or lists of strings for repeated keys). Files are validated on load,
written atomically (temp file + ``os.replace``), and named by a safe slug so that no
name can reach outside the folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from geo.paths import DATA_DIR

PAGES = ("overview", "county", "workbench", "sites", "infra", "present")
RESERVED_PARAMS = frozenset({"present", "deck", "slide"})  # added when presenting
MAX_FILE_BYTES = 256 * 1024
MAX_SLIDES = 60
MAX_NAME = 80
MAX_TITLE = 120
MAX_PARAMS = 24
MAX_VALUE = 500
MAX_LIST = 60
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_PARAM_KEY = re.compile(r"^[A-Za-z0-9_]{1,40}$")

Params = dict[str, str | list[str]]


class DeckError(ValueError):
    """A deck or slide that does not pass validation, or a file that cannot be used."""


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
        raise DeckError(f"invalid deck id: {slug!r}")
    return slug


def slugify(name: str) -> str:
    """A safe file stem for a deck name: ASCII words joined by '-', plus a hash for non-ASCII names."""
    ascii_part = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40]
    if ascii_part and ascii_part.isascii() and name.isascii():
        return ascii_part
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    return f"{ascii_part}-{digest}" if ascii_part else f"deck-{digest}"


def _text(value: object, what: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise DeckError(f"{what} must be non-empty text")
    if len(value) > limit:
        raise DeckError(f"{what} is longer than {limit} characters")
    return value.strip()


def check_params(params: object) -> Params:
    """Validated query parameters: string keys, string or list-of-string values, bounded sizes."""
    if not isinstance(params, dict):
        raise DeckError("params must be an object")
    if len(params) > MAX_PARAMS:
        raise DeckError(f"more than {MAX_PARAMS} params")
    checked: Params = {}
    for key, value in params.items():
        if not isinstance(key, str) or not _PARAM_KEY.match(key):
            raise DeckError(f"invalid param name: {key!r}")
        if key in RESERVED_PARAMS:
            continue
        if isinstance(value, str):
            if len(value) > MAX_VALUE:
                raise DeckError(f"param {key} is longer than {MAX_VALUE} characters")
            checked[key] = value
        elif isinstance(value, list) and len(value) <= MAX_LIST and all(isinstance(v, str) for v in value):
            if any(len(v) > MAX_VALUE for v in value):
                raise DeckError(f"param {key} has a value longer than {MAX_VALUE} characters")
            checked[key] = list(value)
        else:
            raise DeckError(f"param {key} must be text or a list of at most {MAX_LIST} texts")
    return checked


def make_slide(title: str, page: str, params: object) -> Slide:
    """A validated slide (page must be one of ``PAGES``)."""
    if page not in PAGES:
        raise DeckError(f"unknown page: {page!r} (one of {', '.join(PAGES)})")
    return Slide(_text(title, "slide title", MAX_TITLE), page, check_params(params))


def from_dict(data: object) -> Deck:
    """A validated deck from parsed JSON."""
    if not isinstance(data, dict):
        raise DeckError("a deck must be a JSON object")
    slides = data.get("slides", [])
    if not isinstance(slides, list):
        raise DeckError("slides must be a list")
    if len(slides) > MAX_SLIDES:
        raise DeckError(f"more than {MAX_SLIDES} slides")
    parsed = []
    for number, slide in enumerate(slides, start=1):
        if not isinstance(slide, dict):
            raise DeckError(f"slide {number} must be an object")
        try:
            parsed.append(make_slide(slide.get("title"), slide.get("page"), slide.get("params", {})))
        except DeckError as error:
            raise DeckError(f"slide {number}: {error}") from None
    return Deck(_text(data.get("name"), "deck name", MAX_NAME), tuple(parsed))


def to_dict(deck: Deck) -> dict:
    return {
        "name": deck.name,
        "slides": [{"title": s.title, "page": s.page, "params": s.params} for s in deck.slides],
    }


def parse_json(text: str | bytes) -> Deck:
    """A deck from JSON text (size-limited); DeckError on bad JSON or content."""
    if len(text) > MAX_FILE_BYTES:
        raise DeckError(f"deck file larger than {MAX_FILE_BYTES // 1024} KB")
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise DeckError(f"not valid JSON: {error}") from None
    return from_dict(data)


def _path(slug: str, directory: Path | None) -> Path:
    return (directory or decks_dir()) / f"{check_slug(slug)}.json"


def load(slug: str, directory: Path | None = None) -> Deck:
    """The deck stored as ``<slug>.json``; DeckError if missing or invalid."""
    path = _path(slug, directory)
    if not path.is_file():
        raise DeckError(f"no deck named {slug!r}")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise DeckError(f"deck file larger than {MAX_FILE_BYTES // 1024} KB")
    return parse_json(path.read_bytes())


def list_decks(directory: Path | None = None) -> tuple[dict[str, Deck], list[tuple[str, str]]]:
    """({slug: deck} for valid files, [(file name, error)] for the others), sorted by file name."""
    folder = directory or decks_dir()
    valid: dict[str, Deck] = {}
    invalid: list[tuple[str, str]] = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            valid[path.stem] = load(path.stem, folder)
        except (DeckError, OSError) as error:
            invalid.append((path.name, str(error)))
    return valid, invalid


def save(deck: Deck, slug: str | None = None, directory: Path | None = None) -> str:
    """Validate and write ``deck`` atomically; returns its slug (derived from the name if not given)."""
    checked = from_dict(to_dict(deck))
    slug = check_slug(slug or slugify(checked.name))
    folder = directory or decks_dir()
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(to_dict(checked), ensure_ascii=False, indent=2) + "\n"
    handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{slug}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temp, folder / f"{slug}.json")
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return slug


def delete(slug: str, directory: Path | None = None) -> None:
    """Remove ``<slug>.json``; DeckError if there is no such deck."""
    path = _path(slug, directory)
    if not path.is_file():
        raise DeckError(f"no deck named {slug!r}")
    path.unlink()


def rename(deck: Deck, name: str) -> Deck:
    return from_dict({**to_dict(deck), "name": name})


def add_slide(deck: Deck, slide: Slide) -> Deck:
    if len(deck.slides) >= MAX_SLIDES:
        raise DeckError(f"a deck holds at most {MAX_SLIDES} slides")
    return replace(deck, slides=(*deck.slides, make_slide(slide.title, slide.page, slide.params)))


def _index(deck: Deck, index: int) -> int:
    if not 0 <= index < len(deck.slides):
        raise DeckError(f"no slide {index + 1}")
    return index


def remove_slide(deck: Deck, index: int) -> Deck:
    slides = list(deck.slides)
    del slides[_index(deck, index)]
    return replace(deck, slides=tuple(slides))


def move_slide(deck: Deck, index: int, offset: int) -> Deck:
    """Move slide ``index`` by ``offset`` places (-1 up, +1 down), clamped to the deck's ends."""
    slides = list(deck.slides)
    slide = slides.pop(_index(deck, index))
    slides.insert(max(0, min(len(slides), index + offset)), slide)
    return replace(deck, slides=tuple(slides))


def params_from_query(query: str) -> Params:
    """Validated params from a query string such as ``adcode=530326&lang=en`` (a leading '?' is fine)."""
    if len(query) > MAX_PARAMS * MAX_VALUE:
        raise DeckError("query string too long")
    parsed = parse_qs(query.strip().lstrip("?"), keep_blank_values=False)
    return check_params({key: values[0] if len(values) == 1 else values for key, values in parsed.items()})


def slide_from_url(url: str, title: str = "") -> Slide:
    """A slide from an app URL such as ``http://host/county?adcode=530326`` (presentation params dropped)."""
    parts = urlsplit(url.strip())
    page = parts.path.rstrip("/").rsplit("/", 1)[-1] or "overview"
    return make_slide(title or page, page, params_from_query(parts.query))
