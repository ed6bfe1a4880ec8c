"""What an import check produces: the declared source, findings, and the plan (nothing written yet)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

KINDS = ("indicators", "key_counties", "sites")


class ImportRejected(ValueError):
    """The file cannot be read or committed at all (the message says why; nothing changed)."""


@dataclass(frozen=True)
class DeclaredSource:
    """Where the figures come from, as declared by the person importing them."""

    title: str
    publisher: str | None = None
    url: str | None = None
    license: str | None = None
    year: int | None = None
    verified: bool = False


@dataclass(frozen=True)
class Issue:
    """One finding of the validation report (``line`` is the file's line or sheet row)."""

    line: int | None
    column: str | None
    code: str
    message: str
    severity: str = "error"


@dataclass
class Plan:
    """The outcome of ``check_file``: normalized rows and the report; nothing is written yet."""

    import_id: str
    kind: str
    file_name: str
    sha256: str
    size: int
    source: DeclaredSource | None
    rows: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    layout: str = ""
    encoding: str = ""

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "error"]

    @property
    def ok(self) -> bool:
        """Clean: no errors and something to import."""
        return not self.errors and len(self.rows) > 0

    def report(self) -> pd.DataFrame:
        """The issues as a table (line, column, severity, code, message)."""
        return pd.DataFrame(
            [(i.line, i.column, i.severity, i.code, i.message) for i in self.issues],
            columns=["line", "column", "severity", "code", "message"],
        ).astype({"line": "Int64"})
