"""osce-kg: a knowledge graph of the OSCE's public record.

Data flows one way: source → page → record (facts + evidence) → triples → validated named graph → store →
query / export / serve. Each step is one module; the names below are the library API a notebook needs::

    import osce_kg
    with osce_kg.Store("my-store") as store:
        osce_kg.build(store, [Path("pages/")])
        rows = osce_kg.run_query("news-by-field-of-work", {"year": "2023"}, store=store)
    record = osce_kg.extract(page_text)

They are imported on first use, so `import osce_kg` (and the CLI's start-up) stays fast.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_API = {
    "Store": ("osce_kg.store", "Store"),
    "build": ("osce_kg.build", "build"),
    "extract": ("osce_kg.extract", "extract"),
    "run_query": ("osce_kg.queries", "run"),
    "validate_graph": ("osce_kg.validate", "validate_graph"),
    "Mapper": ("osce_kg.mapping", "Mapper"),
}

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> object:
    if name in _API:
        module, attribute = _API[name]
        return getattr(importlib.import_module(module), attribute)
    raise AttributeError(f"module 'osce_kg' has no attribute {name!r}")
