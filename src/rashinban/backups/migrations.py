"""Which migrations a database has applied, and the models as they were at that point.

A backup records its migration state; a restore rebuilds exactly that schema, loads the rows with the
models of that moment, then migrates forward, so an archive from an older version still restores.
"""

from __future__ import annotations

from django.apps.registry import Apps
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.graph import MigrationGraph
from django.db.migrations.loader import MigrationLoader

Key = tuple[str, str]


def applied_migrations(connection: BaseDatabaseWrapper) -> tuple[MigrationLoader, set[Key]]:
    """The loader and the applied migrations of installed apps (the code may not know all of them)."""
    loader = MigrationLoader(connection)
    applied = {key for key in loader.applied_migrations if key[0] in loader.migrated_apps}
    return loader, applied


def as_manifest(keys: set[Key]) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for app, name in sorted(keys):
        result.setdefault(app, []).append(name)
    return result


def from_manifest(migrations: dict[str, list[str]]) -> set[Key]:
    return {(app, name) for app, names in migrations.items() for name in names}


def unknown_migrations(loader: MigrationLoader, keys: set[Key]) -> list[Key]:
    """Migrations this code has no file for: the database or archive comes from a newer version."""
    return sorted(key for key in keys if key not in loader.disk_migrations)


def models_at(loader: MigrationLoader, keys: set[Key]) -> Apps:
    """The historical models at this migration state (squashed migrations count by their replacement)."""
    nodes = sorted(key for key in keys if key in loader.graph.nodes)
    return loader.project_state(nodes=nodes, at_end=True).apps


def leaf_targets(graph: MigrationGraph, keys: set[Key]) -> list[Key]:
    """One target per app for MigrationExecutor.migrate: the applied migrations no other one follows."""
    nodes = {key for key in keys if key in graph.nodes}
    return sorted(
        key
        for key in nodes
        if not any(child.key in nodes and child.key[0] == key[0] for child in graph.node_map[key].children)
    )
