"""Deck model and persistence: validation, atomic saves under a lock, safe names, bad files reported,
versions kept and restored, writes refused without an editor, audit records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo import decks, versions
from geo.paths import DATA_DIR


def _deck() -> decks.Deck:
    return decks.Deck(
        "测试 deck",
        (
            decks.make_slide("全国", "overview", {}),
            decks.make_slide("云南", "overview", {"ov_prov": "530000", "not_a_param": "x"}),
            decks.make_slide("昭通", "overview", {"ov_prov": "530000", "ov_pref": "530600", "ov_pt_sites": "1",
                                                "ov_pt_sizes": ["ge10000", "3000_9999"]}),
        ),
    )


@pytest.fixture(autouse=True)
def _state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Audit records go to a private state folder."""
    state = tmp_path / "state"
    monkeypatch.setenv("ATLAS_STATE_DIR", str(state))
    return state


USER = "测试编辑 (password)"


def test_save_load_round_trip_is_atomic(tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    slug = decks.save(_deck(), directory=folder, user=USER)
    assert slug.startswith("deck-")  # non-ASCII name → hashed slug
    assert decks.load(slug, folder) == _deck()
    assert sorted(p.name for p in folder.iterdir()) == [".lock", f"{slug}.json"]  # no temp file left behind
    stored = json.loads((folder / f"{slug}.json").read_text(encoding="utf-8"))
    assert stored["slides"][1] == {"title": "云南", "page": "overview", "params": {"ov_prov": "530000"}}
    assert stored["slides"][2]["params"]["ov_pt_sizes"] == ["ge10000", "3000_9999"]


def test_list_reports_invalid_files_without_raising(tmp_path: Path) -> None:
    decks.save(_deck(), "good", tmp_path, user=USER)
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "badpage.json").write_text(json.dumps({"name": "x", "slides": [{"title": "t", "page": "../etc"}]}))
    (tmp_path / "Bad Name.json").write_text(json.dumps({"name": "x", "slides": []}))
    valid, invalid = decks.list_decks(tmp_path)
    assert list(valid) == ["good"]
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (tmp_path / "bigint.json").write_text('{"name": ' + "9" * 50_000 + "}")
    (tmp_path / "notobject.json").write_text('"just a string"')
    reported = {name: error for name, error in decks.list_decks(tmp_path)[1]}
    assert set(reported) == {"broken.json", "badpage.json", "Bad Name.json", "deep.json", "bigint.json",
                             "notobject.json"}
    assert "JSON" in reported["broken.json"].zh and "嵌套过深" in reported["deep.json"].zh
    assert "页面不存在" in reported["badpage.json"].zh and "unknown page" in reported["badpage.json"].en


@pytest.mark.parametrize("slug", ["../evil", "a/b", "..", "UPPER", "x" * 65, "con.json", "-lead"])
def test_unsafe_slugs_are_refused(tmp_path: Path, slug: str) -> None:
    with pytest.raises(decks.DeckError):
        decks.save(_deck(), slug, tmp_path / "decks", user=USER)
    with pytest.raises(decks.DeckError):
        decks.load(slug, tmp_path / "decks")
    assert not list((tmp_path / "decks").glob("*.json"))


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
    [{"ov_prov": 1}, {"ov_pt_sizes": ["x", 2]}, {"bad key": "x"}, {"ov_breaks": "x" * 501},
     {f"k{i}": "v" for i in range(50)}, ["a"]],
)
def test_bad_params_are_refused(params: object) -> None:
    with pytest.raises(decks.DeckError):
        decks.make_slide("t", "overview", params)


def test_only_the_pages_own_parameters_are_kept() -> None:
    slide = decks.make_slide("t", "workbench", {"prov": "530000", "w_pop_census": "3", "ov_prov": "x", "lang": "en"})
    assert slide.params == {"prov": "530000", "w_pop_census": "3", "lang": "en"}


def test_presentation_params_are_stripped() -> None:
    slide = decks.make_slide("t", "county", {"adcode": "530326", "present": "1", "deck": "x", "slide": "2"})
    assert slide.params == {"adcode": "530326"}


def test_huge_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "huge.json").write_text(json.dumps({"name": "h", "pad": "x" * (decks.MAX_FILE_BYTES + 1)}))
    valid, invalid = decks.list_decks(tmp_path)
    assert not valid and "larger" in invalid[0][1].en and "KB" in invalid[0][1].zh


def test_too_many_slides() -> None:
    deck = decks.Deck("d", tuple(decks.make_slide(str(i), "overview", {}) for i in range(decks.MAX_SLIDES)))
    with pytest.raises(decks.DeckError):
        decks.add_slide(deck, decks.make_slide("one more", "overview", {}))


def test_move_add_remove() -> None:
    deck = _deck()
    assert [s.title for s in decks.move_slide(deck, 2, -1).slides] == ["全国", "昭通", "云南"]
    assert [s.title for s in decks.move_slide(deck, 0, -1).slides] == ["全国", "云南", "昭通"]
    assert [s.title for s in decks.move_slide(deck, 0, 5).slides] == ["云南", "昭通", "全国"]
    assert [s.title for s in decks.remove_slide(deck, 1).slides] == ["全国", "昭通"]
    assert [s.title for s in decks.duplicate_slide(deck, 0).slides] == ["全国", "全国", "云南", "昭通"]
    assert [s.title for s in decks.retitle_slide(deck, 2, "昭通市").slides] == ["全国", "云南", "昭通市"]
    with pytest.raises(decks.DeckError, match="someone else"):  # the slide at that place is not the one seen
        decks.remove_slide(deck, 0, expected=deck.slides[1])
    assert len(decks.add_slide(deck, decks.make_slide("x", "sites", {})).slides) == 4
    with pytest.raises(decks.DeckError):
        decks.remove_slide(deck, 3)
    assert decks.rename(deck, "新名字").name == "新名字"
    with pytest.raises(decks.DeckError):
        decks.rename(deck, "   ")


def test_delete_keeps_a_version_that_can_be_restored(tmp_path: Path, _state: Path) -> None:
    slug = decks.save(_deck(), "gone", tmp_path, user=USER)
    decks.update(slug, lambda d: decks.rename(d, "改名"), tmp_path, user=USER)
    decks.delete(slug, tmp_path, user=USER)
    assert not (tmp_path / "gone.json").exists()
    with pytest.raises(decks.DeckError):
        decks.delete(slug, tmp_path, user=USER)
    assert decks.deleted_decks(tmp_path)["gone"].name == "改名"
    assert decks.restore("gone", tmp_path, user=USER).name == "改名"
    assert decks.load("gone", tmp_path).slides == _deck().slides and not decks.deleted_decks(tmp_path)
    events = [(r["event"], r["user"]) for r in versions.audit_log(_state) if "deck" in r]
    assert events == [("deck_save", USER), ("deck_update", USER), ("deck_delete", USER), ("deck_restore", USER)]


@pytest.mark.parametrize("user", ["", "   ", None])
def test_writes_without_an_editor_are_refused(tmp_path: Path, user: object) -> None:
    decks.save(_deck(), "kept", tmp_path, user=USER)
    before = (tmp_path / "kept.json").read_bytes()
    for write in (
        lambda: decks.save(_deck(), "other", tmp_path, user=user),
        lambda: decks.create("新的", tmp_path, user=user),
        lambda: decks.update("kept", lambda d: decks.remove_slide(d, 0), tmp_path, user=user),
        lambda: decks.delete("kept", tmp_path, user=user),
    ):
        with pytest.raises(decks.DeckError, match="sign-in"):
            write()
    assert (tmp_path / "kept.json").read_bytes() == before and not (tmp_path / "other.json").exists()


def test_slide_from_url() -> None:
    slide = decks.slide_from_url("http://127.0.0.1:8501/county?adcode=530326&present=1&slide=3&lang=en&x=1", "会泽")
    assert slide == decks.Slide("会泽", "county", {"adcode": "530326", "lang": "en"})
    assert decks.slide_from_url("http://localhost:8501/?ov_prov=530000").params == {"ov_prov": "530000"}
    with pytest.raises(decks.DeckError):
        decks.slide_from_url("http://localhost:8501/admin?x=1")


def test_shipped_example_deck_is_valid() -> None:
    valid, invalid = decks.list_decks(DATA_DIR / "decks")
    assert not invalid
    example = valid["yunnan_example"]
    assert [(s.page, s.params) for s in example.slides] == [
        ("overview", {}), ("overview", {"ov_prov": "530000"}), ("county", {"adcode": "530326"})
    ]
