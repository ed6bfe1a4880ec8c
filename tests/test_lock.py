"""The lock files agree with requirements*.txt, and every third-party import is pinned."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
from pathlib import Path

from tools.lock import LOCKS, normalize, read_pins

ROOT = Path(__file__).resolve().parent.parent
CODE = ("app.py", "geo", "ui", "pages", "tools")


def test_each_lock_pins_its_requirements_exactly_and_with_hashes() -> None:
    for source, lock in LOCKS:
        wanted, locked = read_pins(ROOT / source), read_pins(ROOT / lock)
        for name, pin in wanted.items():
            assert name in locked, f"{name} from {source} is missing in {lock}: run python -m tools.lock"
            assert locked[name].version == pin.version, f"{name}: {source} says {pin.version}, {lock} {locked[name]}"
        assert all(pin.hashes for pin in locked.values()), f"{lock} has a pin without --hash"


def test_the_runtime_lock_is_the_dev_locks_subset() -> None:
    dev, runtime = read_pins(ROOT / "requirements-dev.lock"), read_pins(ROOT / "requirements.lock")
    assert {name: pin.version for name, pin in runtime.items()} == {
        name: dev[name].version for name in runtime
    }, "regenerate both with python -m tools.lock"


def _imported_modules() -> set[str]:
    modules = set()
    for place in CODE:
        for path in [ROOT / place] if place.endswith(".py") else (ROOT / place).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    modules |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules.add(node.module.split(".")[0])
    return modules - set(sys.stdlib_module_names) - {"geo", "ui", "pages", "tools", "queries", "tests"}


def test_every_third_party_import_is_pinned_in_requirements_txt() -> None:
    pinned = set(read_pins(ROOT / "requirements.txt"))
    providers = importlib.metadata.packages_distributions()
    unpinned = {
        module: providers.get(module)
        for module in _imported_modules()
        if not {normalize(dist) for dist in providers.get(module, [module])} & pinned
    }
    assert not unpinned, f"imported directly but not pinned in requirements.txt: {unpinned}"


def test_readme_installs_from_the_locks_and_ci_runs_its_test_command_verbatim() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```bash\n(.+?)\n```", readme.split("## Quick start", 1)[1].split("\n## ", 1)[0])
    assert commands == [
        "pip install -r requirements.lock && streamlit run app.py",
        "pip install -r requirements-dev.lock && python -m pytest -q",
    ]
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
