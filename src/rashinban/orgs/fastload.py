"""The rows every signed-in request reads (session, user, second-factor device, membership), and the few that
the most visited pages read on every view (the dashboard's newest rounds, newest self-check, failed jobs and
first-hour milestone; the result page's round and history), loaded with SQL written once per database instead
of a queryset compiled anew on every request.

Compiling those four querysets cost more than half of a cached company page (bench/README.md); running them
costs little. The pages' reads cost about 1 ms each through the ORM and 0.25 ms this way (10,000 companies,
issue 21: the realistic mix needs a third less CPU a request). A `RowLoader` writes its SELECT from the model's
own metadata, so a field added by a migration is read without anyone touching this file, and turns the row into
a model instance the way the ORM does (`Model.from_db` after the database's and the fields' converters; fields
left out deferred, as only() leaves them). What each check decides stays where it was: Django's session and
auth code, django-otp's device rules, `tenancy.get_membership`. Each use is tested against the queryset it
stands for (tests/orgs/test_fastload.py); anything else reads through the ORM.

On PostgreSQL the statements also skip the server's parse and plan: they run on a server-binding cursor, which
psycopg prepares on the connection once a statement has run `prepare_threshold` times (settings.py sets it;
`DATABASE_PREPARED_STATEMENTS=false` turns it off behind a pooler that cannot keep prepared statements). The
ORM's own cursors bind on the client and never prepare, whatever the threshold; psycopg only counts their runs
in its bounded list of 100. A rollback makes psycopg deallocate everything, and the next runs prepare again.
A migration that changes the type of a column these statements read needs the web processes restarted (as
every upgrade does, docs/deploy.md): PostgreSQL refuses a prepared plan whose result type changed.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from django.db import connections, router
from django.db.models import Model


class RowLoader:
    """Rows of `model` where every `where` condition holds, with the row of one foreign key (`related`) joined
    and cached on it as select_related() would.

    `where` pairs a field name with a comparison (`=`, `<>`, `>`, ..., or `IS NULL` / `IS NOT NULL`, which take
    no value); values are given to `get` and `rows` in that order and prepared by their field, as a filter()
    would prepare them. `fields` reads only those fields (and the primary key), as only() does; `order_by` takes
    field names as order_by() does (`-` for descending) and `limit` caps the rows, as a slice does.
    """

    def __init__(
        self,
        model: type[Model],
        where: Sequence[tuple[str, str]],
        related: str | None = None,
        *,
        fields: Sequence[str] = (),
        order_by: Sequence[str] = (),
        limit: int | None = None,
    ) -> None:
        if related and fields:
            raise ValueError("a related row is read whole: give fields or related, not both")
        for _name, op in where:
            if op not in COMPARISONS:
                raise ValueError(f"unknown comparison {op!r}")
        self.model = model
        self.where = [(model._meta.get_field(name), op) for name, op in where]
        self.valued = [field for field, op in self.where if op not in NO_VALUE]
        self.related = model._meta.get_field(related) if related else None
        self.fields = {model._meta.get_field(name).attname for name in fields}
        self.order_by = [(model._meta.get_field(name.lstrip("-")), name.startswith("-")) for name in order_by]
        self.limit = limit
        self._plans: dict[str, tuple[str, _Table, _Table | None]] = {}

    def get(self, *values: Any, using: str | None = None) -> Model | None:
        """The first row, or None."""
        found = self._run(values, using, many=False)
        return found[0] if found else None

    def rows(self, *values: Any, using: str | None = None) -> list[Model]:
        """Every row (at most `limit`), in `order_by`'s order."""
        return self._run(values, using, many=True)

    def _run(self, values: Sequence[Any], using: str | None, many: bool) -> list[Model]:
        using = using or router.db_for_read(self.model)
        connection = connections[using]
        plan = self._plans.get(using)
        if plan is None:
            plan = self._plans[using] = self._plan(connection)
        sql, main, other = plan
        params = [field.get_db_prep_value(value, connection) for field, value in zip(self.valued, values, strict=True)]
        with _cursor(connection) as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall() if many else [row] if (row := cursor.fetchone()) is not None else []
        instances = []
        for row in found:
            instance = main.build(row, using, connection)
            if other is not None:
                # No row joined (a null key): None is cached, so reading the attribute asks nothing more.
                joined = other.build(row, using, connection) if row[other.pk_at] is not None else None
                self.related.set_cached_value(instance, joined)  # type: ignore[union-attr]
            instances.append(instance)
        return instances

    def _plan(self, connection: Any) -> tuple[str, _Table, _Table | None]:
        quote = connection.ops.quote_name
        main = _Table(self.model, "t0", 0, connection, self.fields)
        source = f"{quote(self.model._meta.db_table)} t0"
        other = None
        if self.related is not None:
            target = self.related.related_model
            other = _Table(target, "t1", len(main.attnames), connection)
            join = "LEFT OUTER JOIN" if self.related.null else "INNER JOIN"  # as select_related() joins
            source += (
                f" {join} {quote(target._meta.db_table)} t1"
                f" ON t1.{quote(target._meta.pk.column)} = t0.{quote(self.related.column)}"
            )
        select = ", ".join(table.select for table in (main, other) if table is not None)
        where = " AND ".join(
            f"t0.{quote(field.column)} {op}" + ("" if op in NO_VALUE else " %s") for field, op in self.where
        )
        sql = f"SELECT {select} FROM {source} WHERE {where}"
        if self.order_by:
            sql += " ORDER BY " + ", ".join(
                f"t0.{quote(field.column)} {'DESC' if descending else 'ASC'}" for field, descending in self.order_by
            )
        if self.limit is not None:
            sql += f" LIMIT {int(self.limit)}"
        return sql, main, other


COMPARISONS = frozenset({"=", "<>", "<", "<=", ">", ">=", "IS NULL", "IS NOT NULL"})
NO_VALUE = frozenset({"IS NULL", "IS NOT NULL"})


def _cursor(connection: Any) -> Any:
    """Django's cursor (its query log, wrappers and error translation) around a server-binding cursor on
    PostgreSQL, so that psycopg can prepare the statement; Django's own cursor elsewhere."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    import psycopg

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        cursor = psycopg.Cursor(connection.connection)
    # As Django's create_cursor: datetimes come back in the connection's time zone when it differs.
    from django.db.backends.postgresql.base import TIMESTAMPTZ_OID
    from django.db.backends.postgresql.psycopg_any import register_tzloader
    from psycopg.pq import Format

    loader = connection.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
    if connection.timezone != loader.timezone:
        register_tzloader(connection.timezone, cursor)
    return connection.make_debug_cursor(cursor) if connection.queries_logged else connection.make_cursor(cursor)


class _Table:
    """One model's columns in a row: where they start, and the converters the ORM would apply to each."""

    def __init__(self, model: type[Model], alias: str, start: int, connection: Any, only: Collection[str] = ()) -> None:
        # In the model's order, as Model.from_db expects; fields left out are deferred, as only() leaves them.
        fields = [f for f in model._meta.concrete_fields if not only or f.attname in only or f.primary_key]
        self.model = model
        self.start, self.stop = start, start + len(fields)
        self.pk_at = start + next(i for i, field in enumerate(fields) if field.primary_key)
        self.attnames = [field.attname for field in fields]
        self.select = ", ".join(f"{alias}.{connection.ops.quote_name(field.column)}" for field in fields)
        self.columns = []
        for field in fields:
            col = field.get_col(alias)
            self.columns.append((col, connection.ops.get_db_converters(col) + col.get_db_converters(connection)))

    def build(self, row: Sequence[Any], using: str, connection: Any) -> Model:
        values = []
        for (col, converters), value in zip(self.columns, row[self.start : self.stop], strict=True):
            for converter in converters:
                value = converter(value, col, connection)
            values.append(value)
        return self.model.from_db(using, self.attnames, values)
