"""osce-kg: a knowledge graph of the OSCE's public record.

Data flows one way: source → page → record (facts + evidence) → triples → validated named graph → store →
query / export / serve. Each step is one module; this package's top level re-exports the pieces a researcher
needs in a notebook.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
