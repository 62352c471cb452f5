"""The few statements that differ between SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from sqlalchemy import BigInteger, any_, bindparam, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

T = TypeVar("T")

FEW = 20
"""Up to this many values, a plain IN list is as cheap as anything else."""


def insert_ignoring_duplicates(session: Session, model: Any) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING for the session's backend."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model).on_conflict_do_nothing()
    return sqlite.insert(model).on_conflict_do_nothing()


def per_dialect(build: Callable[[Callable[[Any], Any]], T]) -> dict[str, T]:
    """Build a statement once per backend from its dialect's `insert` (hot-path statements
    are built at import time, so SQLAlchemy can reuse their compiled form)."""
    return {"postgresql": build(postgresql.insert), "sqlite": build(sqlite.insert)}


def dialect_of(session: Session) -> str:
    return session.get_bind().dialect.name


def among(session: Session, column: Any, values: Iterable[Any]) -> Any:
    """`column IN values` as one bound parameter (an IN list of thousands would be compiled
    afresh, bind by bind, on every call): an array with `= ANY` on PostgreSQL; on SQLite,
    integers as a JSON array read by `json_each`."""
    items = list(values)
    if dialect_of(session) == "postgresql":
        element_type = column.type if items else BigInteger()
        return column == any_(bindparam(None, items, type_=ARRAY(element_type)))
    if len(items) > FEW and all(type(item) is int for item in items):
        listed = func.json_each(bindparam(None, json.dumps(items))).table_valued("value")
        return column.in_(select(listed.c.value))
    return column.in_(items)


_SQLITE = sqlite.dialect()


def sqlite_storage(column_type: TypeEngine[Any]) -> Callable[[Any], Any]:
    """How SQLAlchemy stores a value of `column_type` in SQLite (dates are ISO text there),
    for statements that hand values over in bulk (JSON) or on the raw driver."""
    process = column_type.dialect_impl(_SQLITE).bind_processor(_SQLITE)
    assert process is not None
    return process
