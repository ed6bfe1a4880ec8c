"""The bundle's installer parts that need no build: checksums, what-changed report, shared data, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.bundle import install, verify_checksums, write_checksums

MANIFEST = {
    "name": "key-county-atlas-1",
    "commit": "aaa",
    "packages": {"streamlit": "1.67.0", "six": "1.17.0"},
    "data_files": {"data/a.csv": "1" * 64, "data/old.csv": "2" * 64},
    "database": {"inputs_digest": "d1", "built_at": "t1"},
}


def test_checksums_catch_a_changed_and_a_missing_file_but_skip_operator_data(tmp_path: Path) -> None:
    for name in ("app.py", "data/x.csv", "data/decks/d.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
    assert write_checksums(tmp_path) == 3 and verify_checksums(tmp_path) == []
    (tmp_path / "app.py").write_text("changed")
    (tmp_path / "data/x.csv").unlink()
    (tmp_path / "data/decks/d.json").write_text("the operator's edit")
    assert verify_checksums(tmp_path, skip=("data/decks/",)) == ["文件已被改动或损坏：app.py", "缺少文件：data/x.csv"]
    assert verify_checksums(tmp_path / "data") == ["缺少校验文件 SHA256SUMS（不是完整的安装包？）"]


def test_changes_name_versions_packages_and_data_files() -> None:
    new = {
        **MANIFEST,
        "name": "key-county-atlas-2",
        "commit": "bbb",
        "packages": {"streamlit": "1.68.0", "tzdata": "2026.6"},
        "data_files": {"data/a.csv": "3" * 64, "data/new.csv": "4" * 64},
        "database": {"inputs_digest": "d2", "built_at": "t2"},
    }
    lines = install.changes(MANIFEST, new)
    assert lines[0] == "版本：key-county-atlas-1 → key-county-atlas-2（代码 aaa → bbb）"
    for expected in ("依赖包：3 项变化", "  新增 tzdata 2026.6", "  删除 six", "  变更 streamlit: 1.67.0 → 1.68.0",
                     "数据文件：3 项变化", "  新增 data/new.csv 444444444444", "  删除 data/old.csv",
                     "  变更 data/a.csv: 111111111111 → 333333333333", "基础数据库：已重建（t2）"):
        assert expected in lines
    same = install.changes(MANIFEST, {**MANIFEST, "name": "key-county-atlas-1b"})
    assert same[1:] == ["依赖包：无变化", "数据文件：无变化", "基础数据库：输入未变"]
    assert install.changes({}, MANIFEST) == ["首次安装 key-county-atlas-1（2 个依赖包）"]


def test_shared_data_is_linked_and_seeded_without_overwriting(tmp_path: Path) -> None:
    target, release = tmp_path / "atlas", tmp_path / "atlas/releases/r2"
    (release / "data/decks").mkdir(parents=True)
    (release / "data/decks/example.json").write_text("shipped v2")
    (release / "data/decks/new_example.json").write_text("new in v2")
    (target / "shared/decks").mkdir(parents=True)
    (target / "shared/decks/example.json").write_text("edited by the operator")
    install._share(release, target)
    assert (release / "data/decks").is_symlink() and (release / "data/imports").is_symlink()
    assert (release / "data/decks/example.json").read_text() == "edited by the operator"
    assert (release / "data/decks/new_example.json").read_text() == "new in v2"
    (release / "data/imports/audit.jsonl").write_text("{}\n")
    assert (target / "shared/imports/audit.jsonl").exists()


def test_refusals_change_nothing(tmp_path: Path) -> None:
    with pytest.raises(install.InstallError, match="没有可回滚的上一个版本"):
        install.rollback(tmp_path)
    (tmp_path / "bundle").mkdir()
    with pytest.raises(install.InstallError, match="校验失败"):
        install.install(tmp_path / "bundle", tmp_path / "atlas")
    assert not (tmp_path / "atlas").exists()
