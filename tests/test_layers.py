"""The layers, read from the source: what each part of `bot/` may import, that SQL stays in
`bot/db/`, and that handlers reach use cases only through `bot.handlers.common`.

Imports are read with `ast` (those inside functions too), so a rule broken anywhere in a
module fails here, naming the module and the import."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"

OUTER = ("bot.app", "bot.app_types", "bot.runtime", "bot.jobs", "bot.handlers", "bot.outgoing")
"""Everything above the use cases."""

FORBIDDEN: dict[str, tuple[str, ...]] = {
    # The pure core: nothing of the bot outside it, no telegram, no sqlalchemy.
    "bot.core": (*OUTER, "bot.usecases", "bot.db", "bot.config", "telegram", "sqlalchemy"),
    "bot.db": (*OUTER, "bot.usecases", "telegram"),
    "bot.usecases": (*OUTER, "telegram"),
    # Sent by handlers and jobs alike: it knows neither.
    "bot.outgoing": ("bot.app", "bot.runtime", "bot.jobs", "bot.handlers"),
    "bot.jobs": ("bot.app", "bot.handlers"),
    # Storage only through use cases.
    "bot.handlers": ("bot.app", "bot.runtime", "bot.jobs", "bot.db"),
    # Handlers are reached through the wiring in bot.app, never directly.
    "bot.runtime": ("bot.handlers",),
}

SQL_FREE = ("bot.usecases", "bot.handlers", "bot.outgoing", "bot.jobs")
SQLALCHEMY_ALLOWED = ("sqlalchemy.orm", "sqlalchemy.exc")
"""Outside bot/db a Session is passed along and errors are told apart; no statements."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(BOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[str]:
    """Every module `path` imports, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.append(module)
            found.extend(f"{module}.{alias.name}" for alias in node.names)
    return found


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


MODULES = sorted(BOT.rglob("*.py"))


def _layer(module: str) -> str | None:
    return next((layer for layer in FORBIDDEN if _within(module, layer)), None)


def test_every_module_is_read() -> None:
    names = {_module_name(path) for path in MODULES}
    assert {"bot.jobs", "bot.handlers.guards", "bot.core.domain", "bot.db.engine"} <= names


@pytest.mark.parametrize("path", MODULES, ids=lambda path: _module_name(path))
def test_imports_point_down(path: Path) -> None:
    module = _module_name(path)
    layer = _layer(module)
    imported = _imports(path)
    broken = [
        name
        for name in imported
        if layer is not None
        and not _within(name, layer)
        and any(_within(name, forbidden) for forbidden in FORBIDDEN[layer])
    ]
    if any(_within(module, layer) for layer in SQL_FREE):
        broken += [
            name
            for name in imported
            if _within(name, "sqlalchemy")
            and not any(_within(name, allowed) for allowed in SQLALCHEMY_ALLOWED)
        ]
    assert not broken, f"{module} imports {sorted(set(broken))}"


def _runs_on_the_database(node: ast.Call) -> bool:
    """`….db.run(…)` or `db.run(…)`: a use case run without `common.use`."""
    if not isinstance(node.func, ast.Attribute):
        return False
    owner = node.func.value
    named_db = (isinstance(owner, ast.Attribute) and owner.attr == "db") or (
        isinstance(owner, ast.Name) and owner.id == "db"
    )
    return node.func.attr == "run" and named_db


@pytest.mark.parametrize(
    "path",
    [path for path in MODULES if _within(_module_name(path), "bot.handlers")],
    ids=lambda path: _module_name(path),
)
def test_handlers_use_one_entry_point(path: Path) -> None:
    if path.name == "common.py":
        return  # the entry point itself
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    lines = [call.lineno for call in calls if _runs_on_the_database(call)]
    assert not lines, f"{path.name} runs use cases itself (lines {lines}): use common.use"
