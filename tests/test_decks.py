"""Deck model and persistence: validation, atomic saves, safe names, bad files reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo import decks
from geo.paths import DATA_DIR


def _deck() -> decks.Deck:
    return decks.Deck(
        "测试 deck",
        (
            decks.make_slide("全国", "overview", {}),
            decks.make_slide("云南", "overview", {"province": "530000"}),
            decks.make_slide("会泽", "county", {"adcode": "530326", "layers": ["sites", "rail"]}),
        ),
    )


def test_save_load_round_trip_is_atomic(tmp_path: Path) -> None:
    slug = decks.save(_deck(), directory=tmp_path)
    assert slug.startswith("deck-")  # non-ASCII name → hashed slug
    assert decks.load(slug, tmp_path) == _deck()
    assert [p.name for p in tmp_path.iterdir()] == [f"{slug}.json"]  # no temp file left behind
    stored = json.loads((tmp_path / f"{slug}.json").read_text(encoding="utf-8"))
    assert stored["slides"][2] == {"title": "会泽", "page": "county", "params": {"adcode": "530326",
                                                                               "layers": ["sites", "rail"]}}


def test_list_reports_invalid_files_without_raising(tmp_path: Path) -> None:
    decks.save(_deck(), "good", tmp_path)
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "badpage.json").write_text(json.dumps({"name": "x", "slides": [{"title": "t", "page": "../etc"}]}))
    (tmp_path / "Bad Name.json").write_text(json.dumps({"name": "x", "slides": []}))
    valid, invalid = decks.list_decks(tmp_path)
    assert list(valid) == ["good"]
    reported = dict(invalid)
    assert set(reported) == {"broken.json", "badpage.json", "Bad Name.json"}
    assert "JSON" in reported["broken.json"]
    assert "unknown page" in reported["badpage.json"]


@pytest.mark.parametrize("slug", ["../evil", "a/b", "..", "UPPER", "x" * 65, "con.json", "-lead"])
def test_unsafe_slugs_are_refused(tmp_path: Path, slug: str) -> None:
    with pytest.raises(decks.DeckError):
        decks.save(_deck(), slug, tmp_path)
    with pytest.raises(decks.DeckError):
        decks.load(slug, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_empty_slug_cannot_be_loaded(tmp_path: Path) -> None:
    with pytest.raises(decks.DeckError):
        decks.load("", tmp_path)


def test_slugify_never_leaves_the_folder() -> None:
    for name in ["../../etc/passwd", "云南汇报", "Yunnan 2024!", "/abs/path", "a" * 300]:
        assert decks.check_slug(decks.slugify(name)) == decks.slugify(name)
    assert decks.slugify("Yunnan 2024!") == "yunnan-2024"
    assert decks.slugify("云南汇报") != decks.slugify("四川汇报")


@pytest.mark.parametrize(
    "params",
    [{"a": 1}, {"a": ["x", 2]}, {"bad key": "x"}, {"a": "x" * 501}, {f"k{i}": "v" for i in range(30)}, ["a"]],
)
def test_bad_params_are_refused(params: object) -> None:
    with pytest.raises(decks.DeckError):
        decks.make_slide("t", "overview", params)


def test_presentation_params_are_stripped() -> None:
    slide = decks.make_slide("t", "county", {"adcode": "530326", "present": "1", "deck": "x", "slide": "2"})
    assert slide.params == {"adcode": "530326"}


def test_huge_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "huge.json").write_text(json.dumps({"name": "h", "pad": "x" * (decks.MAX_FILE_BYTES + 1)}))
    valid, invalid = decks.list_decks(tmp_path)
    assert not valid and "larger" in invalid[0][1]


def test_too_many_slides() -> None:
    deck = decks.Deck("d", tuple(decks.make_slide(str(i), "overview", {}) for i in range(decks.MAX_SLIDES)))
    with pytest.raises(decks.DeckError):
        decks.add_slide(deck, decks.make_slide("one more", "overview", {}))


def test_move_add_remove() -> None:
    deck = _deck()
    assert [s.title for s in decks.move_slide(deck, 2, -1).slides] == ["全国", "会泽", "云南"]
    assert [s.title for s in decks.move_slide(deck, 0, -1).slides] == ["全国", "云南", "会泽"]
    assert [s.title for s in decks.move_slide(deck, 0, 5).slides] == ["云南", "会泽", "全国"]
    assert [s.title for s in decks.remove_slide(deck, 1).slides] == ["全国", "会泽"]
    assert len(decks.add_slide(deck, decks.make_slide("x", "sites", {})).slides) == 4
    with pytest.raises(decks.DeckError):
        decks.remove_slide(deck, 3)
    assert decks.rename(deck, "新名字").name == "新名字"
    with pytest.raises(decks.DeckError):
        decks.rename(deck, "   ")


def test_delete(tmp_path: Path) -> None:
    slug = decks.save(_deck(), "gone", tmp_path)
    decks.delete(slug, tmp_path)
    assert not (tmp_path / "gone.json").exists()
    with pytest.raises(decks.DeckError):
        decks.delete(slug, tmp_path)


def test_slide_from_url() -> None:
    slide = decks.slide_from_url("http://127.0.0.1:8501/county?adcode=530326&present=1&slide=3&lang=en", "会泽")
    assert slide == decks.Slide("会泽", "county", {"adcode": "530326", "lang": "en"})
    assert decks.slide_from_url("http://localhost:8501/?province=530000").page == "overview"
    with pytest.raises(decks.DeckError):
        decks.slide_from_url("http://localhost:8501/admin?x=1")


def test_shipped_example_deck_is_valid() -> None:
    valid, invalid = decks.list_decks(DATA_DIR / "decks")
    assert not invalid
    example = valid["yunnan_example"]
    assert [(s.page, s.params) for s in example.slides] == [
        ("overview", {}), ("overview", {"ov_prov": "530000"}), ("county", {"adcode": "530326"})
    ]
