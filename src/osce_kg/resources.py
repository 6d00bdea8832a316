"""Where the package finds its ontology, shapes, queries and sample pages.

An installed wheel carries `ontology/`, `shapes/` and `queries/` as package data under `osce_kg/_data/`; a
source checkout (editable install, tests) reads them from the repository root. Looking in both places keeps
one code path for both cases.
"""

from __future__ import annotations

import functools
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_REPO = _PACKAGE.parent.parent


@functools.cache
def data_dir(name: str) -> Path:
    """The folder `name` (ontology, shapes or queries), from the wheel or the source checkout.

    Cached: an installation does not move while it runs, and a canned query asks for its folder on every call.
    """
    for candidate in (_PACKAGE / "_data" / name, _REPO / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"osce-kg data folder {name!r} is missing from the installation")


def ontology_file() -> Path:
    return data_dir("ontology") / "osce.ttl"


def reference_file() -> Path:
    return data_dir("ontology") / "reference.ttl"


def shapes_dir() -> Path:
    return data_dir("shapes")


def queries_dir() -> Path:
    return data_dir("queries")


def samples_dir() -> Path:
    """The bundled sample pages that `osce-kg build` with no PATH ingests."""
    return _PACKAGE / "samples"
