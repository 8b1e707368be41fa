"""Where the shipped layouts and fonts are.

In a source checkout (and an editable install) they sit at the top of the repository; a
wheel carries them inside the package under ``_data/`` (see ``pyproject.toml``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def data_dir(name: str) -> Path:
    """The shipped ``layouts`` or ``fonts`` folder."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"misidao-publish is installed without its {name}/ folder")
