"""``python -m geo.importer FILE [--dry-run]``: validate (and import) a file from the command line."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

import pandas as pd

from geo import versions
from geo.datum import DATUMS
from geo.importer.model import KINDS, DeclaredSource, Plan
from geo.importer.plan import check_file, commit
from geo.importer.read import MAX_BYTES


def _print_plan(plan: Plan) -> None:
    print(f"file {plan.file_name}  sha256 {plan.sha256}  kind {plan.kind}  layout {plan.layout}  {plan.encoding}")
    print("counts: " + ", ".join(f"{k}={v}" for k, v in plan.counts.items()))
    if plan.issues:
        with pd.option_context("display.max_colwidth", 100, "display.width", 200):
            print(plan.report().head(200).to_string(index=False))
    print("CLEAN: ready to commit" if plan.ok else f"NOT CLEAN: {len(plan.errors)} error(s); nothing written")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Validate and import a CSV/XLSX into the atlas database.")
    parser.add_argument("file", nargs="?", type=Path, help="CSV or XLSX file to import")
    parser.add_argument("--dry-run", action="store_true", help="validate and report only")
    parser.add_argument("--kind", choices=KINDS, help="file kind (default: detected from the columns)")
    parser.add_argument("--year", type=int, help="year for a wide indicator file without a year column")
    parser.add_argument("--datum", choices=list(DATUMS), help="datum of site coordinates")
    parser.add_argument("--source-title", default="", help="declared source (required)")
    parser.add_argument("--publisher")
    parser.add_argument("--source-url")
    parser.add_argument("--license")
    parser.add_argument("--source-year", type=int)
    parser.add_argument("--verified", action="store_true", help="the source is an official publication")
    parser.add_argument("--user", default=f"cli:{getpass.getuser()}", help="who imports (audit log)")
    parser.add_argument("--rollback", metavar="IMPORT_ID", help="roll back an active import")
    parser.add_argument("--list", action="store_true", help="list versions and the audit log")
    args = parser.parse_args(argv)
    if args.list:
        for info in versions.versions():
            print(f"{'*' if info['current'] else ' '} {info['version']}  {info['created_at']}  {info['reason']}")
        for record in versions.audit_log():
            print(record)
        return 0
    if args.rollback:
        try:
            versions.rollback(args.rollback, args.user)
        except versions.VersionError as error:
            print(error, file=sys.stderr)
            return 1
        return 0
    if args.file is None:
        parser.error("FILE is required (or --rollback / --list)")
    with open(args.file, "rb") as handle:
        data = handle.read(MAX_BYTES + 1)  # a larger file is rejected by size, unread
    source = DeclaredSource(
        args.source_title, args.publisher, args.source_url, args.license, args.source_year, args.verified
    )
    plan = check_file(data, args.file.name, source, kind=args.kind, year=args.year, datum=args.datum)
    _print_plan(plan)
    if not plan.ok:
        return 1
    if args.dry_run:
        return 0
    commit(plan, args.user)
    return 0


if __name__ == "__main__":
    sys.exit(main())
