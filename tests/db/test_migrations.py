"""Alembic owns the schema: upgrade from empty, downgrade to nothing, and models == migrations."""

from __future__ import annotations

import asyncio
import functools
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Connection, MetaData, String, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.db.migrate import alembic_config, downgrade_to_base, upgrade_to_head
from bot.db.models import Base

MODEL_TABLES = {table.name for table in Base.metadata.sorted_tables}


def head() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def _differences(metadata: MetaData, connection: Connection) -> list[Any]:
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "target_metadata": metadata}
    )
    return list(compare_metadata(context, metadata))


def _state(connection: Connection) -> tuple[set[str], list[str]]:
    tables = set(inspect(connection).get_table_names())
    versions: list[str] = []
    if "alembic_version" in tables:
        versions = [
            row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))
        ]
    return tables, versions


async def _run(url: str, work: Any) -> Any:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(work)
    finally:
        await engine.dispose()


def differences(url: str, metadata: MetaData = Base.metadata) -> list[Any]:
    result: list[Any] = asyncio.run(_run(url, functools.partial(_differences, metadata)))
    return result


def state(url: str) -> tuple[set[str], list[str]]:
    result: tuple[set[str], list[str]] = asyncio.run(_run(url, _state))
    return result


async def _admin(url: str, statement: str) -> None:
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


@pytest.fixture
def empty_database(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A brand-new, empty database on the same backend as `database_url`."""
    if database_url.startswith("sqlite"):
        yield f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
        return
    name = f"salesbot_migrations_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(database_url, f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(database_url).set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(_admin(database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_upgrade_downgrade_upgrade_on_an_empty_database(empty_database: str) -> None:
    assert state(empty_database) == (set(), [])

    upgrade_to_head(empty_database)
    tables, versions = state(empty_database)
    assert tables == MODEL_TABLES | {"alembic_version"}
    assert versions == [head()]
    assert differences(empty_database) == []

    downgrade_to_base(empty_database)
    tables, versions = state(empty_database)
    assert tables - {"alembic_version"} == set()
    assert versions == []

    upgrade_to_head(empty_database)
    upgrade_to_head(empty_database)  # at head already: nothing to do
    assert state(empty_database) == (MODEL_TABLES | {"alembic_version"}, [head()])
    assert differences(empty_database) == []


def test_models_and_migrations_agree(database_url: str) -> None:
    """Autogenerate against the migrated test database finds nothing to do."""
    assert differences(database_url) == []


def test_the_migrations_form_one_line() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1
    assert len(script.get_bases()) == 1


def test_the_comparison_does_see_a_difference(database_url: str) -> None:
    """Guards the check above: a model the migrations lack is reported."""
    changed = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["entries"].append_column(Column("mood", String(8), nullable=True))
    [difference] = differences(database_url, changed)
    assert difference[0] == "add_column"
    assert (difference[2], difference[3].name) == ("entries", "mood")
