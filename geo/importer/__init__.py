"""Import newer official figures: parse a CSV/XLSX, validate it, and commit it as a new version.

``python -m geo.importer FILE [--dry-run]`` (see ``--help``); the 数据管理 page calls the same
functions. ``check_file`` never writes anything: it returns a ``Plan`` with normalized rows and
a validation report. ``commit`` accepts only a clean plan and hands it to ``geo.versions``.

Three kinds of file:
- ``indicators``: wide (one column per catalogue indicator, optional unit in brackets:
  ``gdp(万元)``) or long (``indicator_id``, ``value``, optional ``unit``), with ``year``;
- ``key_counties``: ``level`` (national / provincial / none) and the ``source_url`` stating it;
- ``sites``: resettlement sites with ``name``, ``population``, optional ``lon``/``lat`` + ``datum``.
Rows are keyed by ``adcode`` or by ``province`` + ``county`` (renames applied, never guessed).

Modules by job: ``read`` (file → text cells), ``match`` (county keys), ``checks`` (cell checks,
messages), ``normalize`` (one function per kind), ``plan`` (check_file, commit), ``isolated``
(check_file in a child process, for the server), ``__main__`` (CLI).
"""

from geo.importer.checks import FORMULA_PREFIXES, MESSAGES
from geo.importer.isolated import check_file_isolated
from geo.importer.model import KINDS, DeclaredSource, ImportRejected, Issue, Plan
from geo.importer.plan import check_file, commit
from geo.importer.read import MAX_BYTES, MAX_COLUMNS, MAX_ROWS

__all__ = [
    "FORMULA_PREFIXES", "KINDS", "MAX_BYTES", "MAX_COLUMNS", "MAX_ROWS", "MESSAGES",
    "DeclaredSource", "ImportRejected", "Issue", "Plan", "check_file", "check_file_isolated", "commit",
]  # fmt: skip
