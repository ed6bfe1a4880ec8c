"""Database versions: base build + accepted imports, a CURRENT pointer, rollback and an audit log.

The database stays derivable from files. An accepted import is stored as
``<state>/<import_id>/rows.csv`` + ``manifest.json``; the audit log ``<state>/audit.jsonl``
(append-only) says which imports are active. A version is a copy of the base build with
the active imports applied in order, written to a temporary file and renamed into
``<base stem>.versions/vNNNNNN.duckdb``; then ``CURRENT`` is replaced atomically. Readers
open whatever ``CURRENT`` names, so they see the old or the new version, never a mix.

The audit line is the commit point: if a process dies after it but before the pointer
moves, ``reconcile`` (run by ``geo.build.ensure_database``) rebuilds the missing version.

Modules by job: ``layout`` (paths, pointer, lock), ``audit`` (log, active imports), ``store``
(import files), ``materialize`` (build, list and prune versions), ``commit`` (commit, rollback,
reconcile).
"""

from geo.versions.audit import active_imports, append_audit, audit_log
from geo.versions.commit import VersionError, commit_import, reconcile, rollback
from geo.versions.layout import BASE, Report, base_database_path, current_database, now, state_dir, versions_dir
from geo.versions.materialize import APPLY_STATEMENTS, KEEP_VERSIONS, source_id_for, versions
from geo.versions.store import ROW_COLUMNS, read_import, write_import

__all__ = [
    "APPLY_STATEMENTS", "BASE", "KEEP_VERSIONS", "ROW_COLUMNS", "Report", "VersionError",
    "active_imports", "append_audit", "audit_log", "base_database_path", "commit_import", "current_database",
    "now", "read_import", "reconcile", "rollback", "source_id_for", "state_dir", "versions", "versions_dir",
    "write_import",
]  # fmt: skip
