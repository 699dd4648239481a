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


def _imports(folder: str) -> set[str]:
    names = set()
    for path in (ROOT / folder).rglob("*.py"):
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
    return names


def test_common_imports_neither_server_nor_client():
    bad = {
        n for n in _imports("common") if n.startswith(("ticketdesk.server", "ticketdesk.client"))
    }
    assert not bad


def test_client_never_imports_server():
    assert not {n for n in _imports("client") if n.startswith("ticketdesk.server")}


def test_server_never_imports_qt():
    assert not {n for n in _imports("server") if n.startswith(("PySide6", "ticketdesk.client"))}


def test_console_scripts():
    scripts = _pyproject()["project"]["scripts"]
    assert scripts == {
        "ticketdesk-server": "ticketdesk.server.cli:main",
        "ticketdesk": "ticketdesk.client.app:main",
    }
