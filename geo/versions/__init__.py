"""Database versions: base build + accepted imports, a CURRENT pointer, rollback and an audit log.

The database stays derivable from files. An accepted import is stored as
``<state>/<import_id>/rows.csv`` + ``manifest.json``; the audit log ``<state>/audit.jsonl``
(append-only) says which imports are active. A version is a copy of the base build with
the active imports applied in order, written to a temporary file and renamed into
``<base stem>.versions/vNNNNNN.duckdb``; then ``CURRENT`` is replaced atomically. Readers
open whatever ``CURRENT`` names, so they see the old or the new version, never a mix.

Moving ``CURRENT`` is the one commit point: readers open what it names and a restart
(``reconcile``, run by ``geo.build.ensure_database``) trusts it too; the audit line follows it,
and ``reconcile`` writes a line lost to a kill in between. The next writer removes what killed
or failed writers left (temp files, import folders no record names).

Modules by job: ``layout`` (paths, pointer, lock), ``audit`` (log, active imports), ``store``
(import files), ``materialize`` (build, list and prune versions), ``commit`` (commit, rollback,
reconcile).
"""

from geo.versions.audit import active_imports, append_audit, audit_log, logged_active
from geo.versions.commit import StorageError, VersionError, commit_import, reconcile, rollback
from geo.versions.layout import BASE, Report, base_database_path, current_database, now, state_dir, versions_dir
from geo.versions.materialize import APPLY_STATEMENTS, KEEP_VERSIONS, source_id_for, versions
from geo.versions.store import ROW_COLUMNS, read_import, write_import

__all__ = [
    "APPLY_STATEMENTS", "BASE", "KEEP_VERSIONS", "ROW_COLUMNS", "Report", "StorageError", "VersionError",
    "active_imports", "append_audit", "logged_active", "audit_log", "base_database_path", "commit_import", "current_database",
    "now", "read_import", "reconcile", "rollback", "source_id_for", "state_dir", "versions", "versions_dir",
    "write_import",
]  # fmt: skip
