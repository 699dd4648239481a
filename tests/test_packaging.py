"""The distribution ships every package, and the dependency rules between them hold."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAPPED = {
    "common": "ticketdesk.common",
    "server": "ticketdesk.server",
    "client": "ticketdesk.client",
    "resources": "ticketdesk.resources",
}


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _package_folders() -> set[str]:
    found = set()
    for folder, dotted in MAPPED.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / folder)
            found.add(".".join([dotted, *rel.parts]))
    return found


def test_every_package_folder_is_listed_for_the_wheel():
    listed = set(_pyproject()["tool"]["setuptools"]["packages"])
    missing = _package_folders() - listed
    assert not missing, f"add these to [tool.setuptools] packages in pyproject.toml: {missing}"
    stale = listed - _package_folders()
    assert not stale, f"listed but not a package folder: {stale}"


def test_package_dirs_are_mapped_into_the_ticketdesk_namespace():
    mapping = _pyproject()["tool"]["setuptools"]["package-dir"]
    assert mapping == {dotted: folder for folder, dotted in MAPPED.items()}


def test_console_scripts():
    scripts = _pyproject()["project"]["scripts"]
    assert scripts == {
        "ticketdesk-server": "ticketdesk.server.cli:main",
        "ticketdesk": "ticketdesk.client.app:main",
    }


# ---------------------------------------------------------------- the dependency rules
# Every import is resolved to the module it names, relative ones (``from ..server import x``)
# included, so that no spelling slips past a rule.


def _modules() -> dict[str, tuple[Path, bool]]:
    """dotted name → (file, is a package's __init__) for every module of the three sides."""
    found = {}
    for folder in ("common", "server", "client"):
        for path in (ROOT / folder).rglob("*.py"):
            parts = [MAPPED[folder], *path.relative_to(ROOT / folder).with_suffix("").parts]
            is_package = parts[-1] == "__init__"
            found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def resolved_imports(
    module: str, source: str, *, is_package: bool = False, runtime_only: bool = False
) -> set[str]:
    """The modules ``module`` imports, as absolute dotted names. ``runtime_only``: leave out
    imports under ``if TYPE_CHECKING:`` (they never run, so they make no cycle)."""
    tree = ast.parse(source)
    skipped: set[int] = set()
    if runtime_only:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and _is_type_checking(node):
                skipped.update(id(inner) for part in node.body for inner in ast.walk(part))
    package = module if is_package else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:
                child = f"{target}.{alias.name}"
                names.add(child if child in MODULES else target)
    return names


def _imports_of(prefix: str, *, runtime_only: bool = False) -> dict[str, set[str]]:
    return {
        name: resolved_imports(
            name, path.read_text(), is_package=is_package, runtime_only=runtime_only
        )
        for name, (path, is_package) in MODULES.items()
        if name == prefix or name.startswith(prefix + ".")
    }


def _breaking(prefix: str, forbidden: tuple[str, ...]) -> list[str]:
    def hits(name: str) -> bool:
        return any(name == f or name.startswith(f + ".") for f in forbidden)

    return sorted(
        f"{module} imports {name}"
        for module, names in _imports_of(prefix).items()
        for name in names
        if hits(name)
    )


def test_relative_imports_are_resolved() -> None:
    # The rule must see through relative spellings: a client module reaching the server
    # with dots is caught like one that names it.
    names = resolved_imports(
        "ticketdesk.client.views.inbox", "from ...server.services import tickets\n"
    )
    assert names == {"ticketdesk.server.services.tickets"}


def test_common_imports_neither_server_nor_client():
    assert _breaking("ticketdesk.common", ("ticketdesk.server", "ticketdesk.client")) == []


def test_client_never_imports_server():
    assert _breaking("ticketdesk.client", ("ticketdesk.server",)) == []


def test_server_never_imports_qt():
    assert _breaking("ticketdesk.server", ("PySide6", "ticketdesk.client")) == []


def test_routes_never_open_sessions_themselves():
    # Requests get their session from the dependency (api/deps.py), which owns its lifecycle.
    factory = ("ticketdesk.server.store.database", "ticketdesk.server.store.connect")
    assert _breaking("ticketdesk.server.api.routes", factory) == []


def test_the_domain_never_imports_the_http_layer():
    http = ("ticketdesk.server.api", "fastapi", "starlette", "uvicorn")
    for domain in ("ticketdesk.server.services", "ticketdesk.server.store",
                   "ticketdesk.server.dispatch"):
        assert _breaking(domain, http) == []


def _unit(module: str) -> str | None:
    """The server package a module belongs to, for the cycle rule: ``server.services``,
    ``server.store``…; a module directly in ``server/`` is a unit of its own, and the
    migrations (history, never imported) are one apart from the store."""
    parts = module.split(".")
    if parts[:2] != ["ticketdesk", "server"] or len(parts) < 3:
        return None
    if parts[2:4] == ["store", "migrations"]:
        return "server.store.migrations"
    return "server." + parts[2]


def server_package_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle in ``graph`` (unit → units it imports), or None."""
    done: set[str] = set()
    path: list[str] = []

    def visit(unit: str) -> list[str] | None:
        if unit in path:
            return [*path[path.index(unit):], unit]
        if unit in done:
            return None
        path.append(unit)
        for nxt in sorted(graph.get(unit, ())):
            found = visit(nxt)
            if found:
                return found
        path.pop()
        done.add(unit)
        return None

    for unit in sorted(graph):
        found = visit(unit)
        if found:
            return found
    return None


def test_no_import_cycle_between_server_packages():
    graph: dict[str, set[str]] = {}
    for module, names in _imports_of("ticketdesk.server", runtime_only=True).items():
        unit = _unit(module)
        for name in names:
            other = _unit(name)
            if unit and other and other != unit:
                graph.setdefault(unit, set()).add(other)
    assert server_package_cycle(graph) is None, server_package_cycle(graph)
