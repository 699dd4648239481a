"""Every request model of ``ticketdesk.common.models``, found by walking the package, and
the models nested in them — so a new model is covered by the tests without listing it."""

from __future__ import annotations

import importlib
import pkgutil
import types
import typing
from collections.abc import Iterator

from pydantic import BaseModel

import ticketdesk.common.models as package
from ticketdesk.common.models import RequestModel


def request_models() -> list[type[BaseModel]]:
    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{info.name}")
    found: list[type[BaseModel]] = []
    todo = list(RequestModel.__subclasses__())
    while todo:
        model = todo.pop()
        if model not in found:
            found.append(model)
            todo.extend(model.__subclasses__())
    return sorted(found, key=lambda m: m.__name__)


def _models_in(annotation: object) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    if typing.get_origin(annotation) is typing.Annotated:
        yield from _models_in(typing.get_args(annotation)[0])
        return
    for arg in typing.get_args(annotation):
        yield from _models_in(arg)
    if isinstance(annotation, types.UnionType):
        return


def nested_models(model: type[BaseModel]) -> set[type[BaseModel]]:
    """Every model reachable from ``model``'s fields, at any depth."""
    seen: set[type[BaseModel]] = set()
    todo = [model]
    while todo:
        current = todo.pop()
        for field in current.model_fields.values():
            for inner in _models_in(field.annotation):
                if inner not in seen:
                    seen.add(inner)
                    todo.append(inner)
    return seen
