"""Package names imported from their modules when first asked for, so that the login window
can use one module of a package without loading all the others (start-up time)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import import_module


def module_getattr(package: str, exports: dict[str, str]) -> Callable[[str], object]:
    """A module-level ``__getattr__`` for ``package``: each name in ``exports`` is imported
    from its (relative) module on first use and kept in the package from then on."""
    namespace = sys.modules[package].__dict__

    def __getattr__(name: str) -> object:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(module, package), name)
        namespace[name] = value
        return value

    return __getattr__
