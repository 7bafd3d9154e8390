"""Column statements compiled once per database and run on the driver's cursor.

An entry page makes four small reads. Through `Connection.execute` each costs a tenth of a
millisecond of SQLAlchemy's statement handling (cache lookup, parameter expansion, execution
context, result metadata) on top of a few hundredths in the database, which made the reads a fifth
of the page. A `PreparedRead` does that handling once per dialect: the SQL text with its `IN` lists
expanded, the order of its parameters, and each column's result conversion (text to `datetime` on
SQLite, our UTC decorator everywhere), and runs in the session's transaction, so it sees what the
session sees.

Parameters are plain values (text, numbers) that the driver takes as they are; a list parameter
(`bindparam(..., expanding=True)`) is expanded per call, as SQLAlchemy does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from sqlalchemy import Dialect, Select
from sqlalchemy.orm import Session


class _Plan(NamedTuple):
    sql: str
    names: list[str]
    """Parameter names, in placeholder order (which positional drivers such as SQLite's need)."""
    positional: bool
    bound: dict[str, Any]
    """Values the statement carries itself or gets from expansion (the expanded `IN` lists, `LIMIT`)."""
    processors: list[tuple[int, Callable[[Any], Any]]]


class PreparedRead:
    """One column statement, its rows returned as named tuples with SQLAlchemy's result types."""

    def __init__(self, statement: Select[Any]) -> None:
        self.statement = statement
        # the list parameters (`bindparam(..., expanding=True)`), whose SQL is expanded per call: read from the
        # statement itself, so that no read can forget to name one and cache the SQL of the first call's list
        self._expanding = frozenset(name for name, bind in statement.compile().binds.items() if bind.expanding)
        self._row = NamedTuple("PreparedRow", [(column.key, Any) for column in statement.selected_columns])  # type: ignore[misc]
        self._plans: dict[str, _Plan] = {}
        self._compiled: dict[str, Any] = {}

    def rows(self, session: Session, **parameters: object) -> list[Any]:
        connection = session.connection()
        dialect = connection.dialect
        plan = self._plans.get(dialect.name) if not self._expanding else None
        if plan is None:
            plan = self._plan(dialect, parameters)
        values = {**plan.bound, **parameters}
        arguments: tuple[Any, ...] | Mapping[str, Any] = (
            tuple(values[name] for name in plan.names) if plan.positional
            else {name: values[name] for name in plan.names}
        )
        cursor = connection.connection.cursor()
        try:
            cursor.execute(plan.sql, arguments)
            fetched = cursor.fetchall()
        finally:
            cursor.close()
        if plan.processors:
            fetched = [_converted(row, plan.processors) for row in fetched]
        return [self._row._make(row) for row in fetched]

    def _plan(self, dialect: Dialect, parameters: Mapping[str, object]) -> _Plan:
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            compiled = self._compiled[dialect.name] = self.statement.compile(dialect=dialect)
        expanded = compiled.construct_expanded_state(
            {name: value if name in self._expanding else None for name, value in parameters.items()})
        bound = {name: value for name, value in expanded.parameters.items() if name not in parameters}
        processors: list[tuple[int, Callable[[Any], Any]]] = []
        for position, column in enumerate(self.statement.selected_columns):
            processor = column.type.dialect_impl(dialect).result_processor(dialect, None)
            if processor is not None:
                processors.append((position, processor))
        names = list(expanded.positiontup or expanded.parameters)
        plan = _Plan(expanded.statement, names, bool(compiled.positional), bound, processors)
        if not self._expanding:
            self._plans[dialect.name] = plan
        return plan


def _converted(row: tuple[Any, ...], processors: list[tuple[int, Callable[[Any], Any]]]) -> tuple[Any, ...]:
    values = list(row)
    for position, processor in processors:
        values[position] = processor(values[position])
    return tuple(values)
