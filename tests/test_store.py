"""The embedded store: atomic batches, a clear lock error, read-only readers, stats."""

from __future__ import annotations

import subprocess
import sys

import pyoxigraph as ox
import pytest

from osce_kg.errors import OsceKgError, StoreLockedError
from osce_kg.store import Store

G1 = "https://w3id.org/osce-kg/graph/news/aaa"
G2 = "https://w3id.org/osce-kg/graph/news/bbb"


def quads(graph: str, n: int) -> list[ox.Quad]:
    return [ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode("http://example.org/p"),
                    ox.Literal(f"value {i}"), ox.NamedNode(graph)) for i in range(n)]


def test_replace_graphs_replaces_and_removes(tmp_path):
    with Store(tmp_path / "s") as store:
        store.replace_graphs({G1: quads(G1, 3), G2: quads(G2, 2)})
        assert store.count(G1) == 3 and store.count(G2) == 2
        store.replace_graphs({G1: quads(G1, 1)}, remove=[G2])
        assert store.count(G1) == 1 and store.count(G2) == 0
        assert store.news_keys() == ["aaa"]


def test_a_failing_batch_changes_nothing(tmp_path, monkeypatch):
    import osce_kg.store as store_module

    with Store(tmp_path / "s") as store:
        store.replace_graphs({G1: quads(G1, 3)})
        before = sorted(map(str, store.ox))
        real = store_module._nt

        def broken(quad):  # the last quad of the batch serialises to invalid syntax
            return "<http://x> <http://p> ?not_a_term ." if "value 1" in str(quad.object) else real(quad)

        monkeypatch.setattr(store_module, "_nt", broken)
        with pytest.raises(OsceKgError, match="nothing was changed"):
            store.replace_graphs({G1: quads(G1, 1), G2: quads(G2, 2)})
        assert sorted(map(str, store.ox)) == before


def ntriples(graph: str, n: int) -> str:
    return "\n".join(f'<http://example.org/{graph[-3:]}/s{i}> <http://example.org/p> "value {i}" .'
                     for i in range(n))


def test_add_graphs_bulk_writes_every_graph_whole(tmp_path):
    with Store(tmp_path / "s") as store:
        store.add_graphs({G1: ntriples(G1, 3), G2: ntriples(G2, 5)})
        assert store.count(G1) == 3 and store.count(G2) == 5
        assert {str(q.object) for q in store.quads(G2)} == {f'"value {i}"' for i in range(5)}
        assert store.news_keys() == ["aaa", "bbb"]


def test_optimize_compacts_the_files_of_many_batches_and_keeps_every_quad(tmp_path):
    with Store(tmp_path / "s") as store:
        for n in range(12):  # each bulk batch is ingested as sorted files of its own
            store.add_graphs({f"{G1}{n}": ntriples(f"{G1}{n}", 50)})
        before = sorted(map(str, store.ox))
        files = len(list(store.path.glob("*.sst")))
        store.optimize()
        assert sorted(map(str, store.ox)) == before
        assert len(list(store.path.glob("*.sst"))) < files
    with Store(tmp_path / "s", read_only=True) as store:
        assert store.count() == 12 * 50


@pytest.mark.parametrize("blank", [False, True], ids=["bulk", "transactional"])
def test_add_graphs_with_a_syntax_error_anywhere_writes_nothing(tmp_path, blank):
    with Store(tmp_path / "s") as store:
        store.add_graphs({G1: ntriples(G1, 2)})
        before = sorted(map(str, store.ox))
        first = ntriples(G2, 50) + ("\n_:b <http://example.org/p> _:c ." if blank else "")
        broken = "<http://example.org/x> <http://example.org/p> ?not_a_term ."
        with pytest.raises(OsceKgError, match="nothing was changed"):
            store.add_graphs({G2: first, "https://w3id.org/osce-kg/graph/news/ccc": broken})
        assert sorted(map(str, store.ox)) == before


KILLED_WRITER = """
import sys
from osce_kg.store import Store
graphs = {f"https://w3id.org/osce-kg/graph/news/k{g:03d}": "\\n".join(
    f'<http://example.org/{g}/s{i}> <http://example.org/p{i % 7}> "value {g} {i}" .' for i in range(2000))
    for g in range(300)}
with Store(sys.argv[1]) as store:
    print("ready", flush=True)
    store.add_graphs(graphs)
    print("done", flush=True)
"""


@pytest.mark.slow
@pytest.mark.parametrize("delay", [1.0, 3.0, 4.5, 5.0])
def test_a_bulk_batch_killed_mid_write_is_all_or_nothing(tmp_path, delay):
    """kill -9 while add_graphs ingests 600,000 quads: after recovery the batch is there whole or not at all."""
    import signal
    import time

    path = tmp_path / "s"
    with Store(path) as store:
        store.add_graphs({G1: ntriples(G1, 4)})
    process = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "ready"
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    finished = process.wait(timeout=60) == 0
    with Store(path) as store:
        counts = {g: store.count(g) for g in store.named_graphs()}
    assert counts.pop(G1) == 4
    assert counts == {} or (len(counts) == 300 and set(counts.values()) == {2000}), (finished, len(counts))
    assert not list(path.glob("bulk-*.sst"))  # the killed loader's unfinished files are cleaned on reopening


def test_a_second_writer_gets_a_clear_lock_error_and_readers_still_work(tmp_path):
    path = tmp_path / "s"
    with Store(path) as store:
        store.replace_graphs({G1: quads(G1, 2)})
        code = ("import sys; from osce_kg.store import Store\n"
                "from osce_kg.errors import StoreLockedError\n"
                f"try:\n    Store({str(path)!r})\nexcept StoreLockedError as e:\n    print(e.one_line()); sys.exit(7)")
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert run.returncode == 7, run.stderr
        assert "another osce-kg process" in run.stdout
        reader = Store(path, read_only=True)
        assert reader.count(G1) == 2
        reader.close()
    assert StoreLockedError.exit_code == 2


def test_read_only_open_of_a_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(OsceKgError, match="no store here yet"):
        Store(tmp_path / "missing", read_only=True)


def test_stats_counts_graph_kinds_classes_and_properties(tmp_path):
    with Store(tmp_path / "s") as store:
        store.replace_graphs({G1: quads(G1, 3) + [ox.Quad(ox.NamedNode("http://example.org/s0"),
                                                           ox.NamedNode(
                                                               "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                                           ox.NamedNode("http://example.org/C"),
                                                           ox.NamedNode(G1))]})
        stats = store.stats()
    assert stats["graphs"] == {"news": 1}
    assert stats["triples"] == {"news": 4}
    assert stats["classes"] == {"http://example.org/C": 1}
    assert stats["properties"]["http://example.org/p"] == 3
