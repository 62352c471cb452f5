"""The few statements that differ between SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from sqlalchemy import BigInteger, any_, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

T = TypeVar("T")


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
    """`column IN values` as one bound parameter: an array with `= ANY` on PostgreSQL (an
    IN list of thousands would be compiled afresh, bind by bind, on every call)."""
    items = list(values)
    if dialect_of(session) == "postgresql":
        element_type = column.type if items else BigInteger()
        return column == any_(bindparam(None, items, type_=ARRAY(element_type)))
    return column.in_(items)
