"""``python -m tools.bundle``: build the offline bundle, or (on the target) install / check / roll back.

    python -m tools.bundle [--out dist] [--label L] [--platform TAG …] [--python-version 3.12]
    python -m tools.bundle --install /opt/atlas      (run inside the extracted bundle; stdlib only)
    python -m tools.bundle --check                   (in a release's venv: checksums, database, assets)
    python -m tools.bundle --rollback /opt/atlas     (what ``/opt/atlas/atlas rollback`` runs)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _activate(check_first: bool) -> int:
    """Inside a release (its venv): check it, then re-apply the accepted imports to its base database."""
    from geo.versions import reconcile
    from tools.bundle.check import check

    problems = check() if check_first else []
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    print(f"serving {reconcile(report=print)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bundle", description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--install", type=Path, metavar="TARGET", help="install this extracted bundle into TARGET")
    action.add_argument("--rollback", type=Path, metavar="TARGET", help="serve TARGET's previous release again")
    action.add_argument("--status", type=Path, metavar="TARGET", help="current and previous release of TARGET")
    action.add_argument("--check", action="store_true", help="verify checksums, database and assets of this tree")
    action.add_argument("--activate", action="store_true", help=argparse.SUPPRESS)  # check + re-apply imports
    action.add_argument("--reapply", action="store_true", help=argparse.SUPPRESS)  # re-apply imports only
    build = parser.add_argument_group("build (default action)")
    build.add_argument("--out", type=Path, default=Path("dist"), help="where the archive goes (default: dist/)")
    build.add_argument("--label", help="bundle label (default: <version>-<git describe>)")
    build.add_argument("--wheel-cache", type=Path, help="wheels reused by hash (default: ~/.cache/key-county-atlas)")
    build.add_argument("--platform", action="append", default=[], help="pip platform tag of another target")
    build.add_argument("--python-version", help="Python version of another target, e.g. 3.12")
    args = parser.parse_args(argv)

    if args.install or args.rollback or args.status:
        from tools.bundle import install

        try:
            if args.install:
                install.install(Path(__file__).resolve().parent.parent.parent, args.install)
            elif args.rollback:
                install.rollback(args.rollback)
            else:
                install.status(args.status)
        except install.InstallError as error:
            print(error, file=sys.stderr)
            return 1
        return 0
    if args.check:
        from tools.bundle.check import check

        problems = check()
        print("\n".join(problems) if problems else "检查通过：文件校验、数据库与前端资源均与代码一致")
        return 1 if problems else 0
    if args.activate or args.reapply:
        return _activate(check_first=args.activate)
    from tools.bundle.build import DEFAULT_WHEEL_CACHE
    from tools.bundle.build import build as build_bundle

    build_bundle(
        args.out,
        label=args.label,
        wheel_cache=args.wheel_cache or DEFAULT_WHEEL_CACHE,
        target=args.platform,
        python_version=args.python_version,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
