"""Registries name every reader and writer explicitly, but a build only needs the ones it uses:
``lazy`` defers importing a module (WeasyPrint, trafilatura, mammoth …) until the first call."""

from __future__ import annotations

import importlib
from typing import Any, Callable


def lazy(module: str, name: str) -> Callable[..., Any]:
    """A stand-in for ``module.name`` that imports ``module`` on its first call."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = name
    call.__qualname__ = f"{module}.{name}"
    call.__doc__ = f"Calls ``{module}.{name}`` (imported on first use)."
    return call
