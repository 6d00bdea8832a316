"""Faults: a build killed at a random moment, a read-only store folder, bad RDF to `load`.

After every fault the store opens, holds only whole news items, and building again completes the work.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from osce_kg.store import Store

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))


def osce_kg(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "osce_kg", *args], capture_output=True, text=True, timeout=600,
                          **kwargs)


def graphs_without_timestamps(store: Store) -> dict[str, set[str]]:
    result: dict[str, set[str]] = {}
    for key in store.news_keys():
        graph = f"https://w3id.org/osce-kg/graph/news/{key}"
        result[key] = {str(q.triple) for q in store.quads(graph) if "generatedAtTime" not in str(q.predicate)}
    return result


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    from generate import generate

    folder = tmp_path_factory.mktemp("pages")
    generate(1200, 7, folder)
    return folder


@pytest.fixture(scope="module")
def complete(corpus, tmp_path_factory) -> dict[str, set[str]]:
    path = tmp_path_factory.mktemp("complete") / "store"
    result = osce_kg("build", str(corpus), "--store", str(path), "--no-validate", "--quiet")
    assert result.returncode == 0, result.stderr
    with Store(path, read_only=True) as store:
        return graphs_without_timestamps(store)


def validation_of(path: Path) -> list:
    import json

    result = osce_kg("validate", "--store", str(path), "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    return sorted((r["focus"], r["path"] or "", r["component"], r["severity"])
                  for r in json.loads(result.stdout)["results"])


_COMPLETE_VALIDATION: dict[str, list] = {}


def complete_validation(corpus: Path) -> list:
    """The validation results of a build that was never interrupted (computed once)."""
    if str(corpus) not in _COMPLETE_VALIDATION:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            assert osce_kg("build", str(corpus), "--store", tmp + "/s", "--no-validate", "-q").returncode == 0
            _COMPLETE_VALIDATION[str(corpus)] = validation_of(Path(tmp) / "s")
    return _COMPLETE_VALIDATION[str(corpus)]


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kill_9_at_a_random_moment_leaves_only_whole_items_and_a_rebuild_completes(corpus, complete, tmp_path,
                                                                                  seed):
    path = tmp_path / "store"
    process = subprocess.Popen([sys.executable, "-m", "osce_kg", "build", str(corpus), "--store", str(path),
                                "--no-validate", "--quiet", "--jobs", "1"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(random.Random(seed).uniform(1.0, 6.0))
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    if path.exists() and (path / "CURRENT").exists():
        with Store(path) as store:  # opens (and recovers) after the kill
            partial = graphs_without_timestamps(store)
        for key, triples in partial.items():
            assert triples == complete[key], f"news item {key} is not whole after kill -9"
        validated = osce_kg("validate", "--store", str(path), "--format", "json")
        assert validated.returncode in (0, 1), validated.stderr  # it validates (a report, not an error)
    result = osce_kg("build", str(corpus), "--store", str(path), "--no-validate", "--quiet")
    assert result.returncode == 0, result.stderr
    with Store(path, read_only=True) as store:
        assert graphs_without_timestamps(store) == complete
    assert validation_of(path) == complete_validation(corpus)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_a_read_only_store_folder_is_a_clear_error(tmp_path, seed_page):
    path = tmp_path / "store"
    assert osce_kg("build", str(seed_page), "--store", str(path), "--no-validate").returncode == 0
    os.chmod(path, 0o500)
    try:
        result = osce_kg("build", str(seed_page), "--store", str(path))
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
    finally:
        os.chmod(path, 0o700)


def test_load_remove_and_stats_through_the_cli(tmp_path):
    nq = tmp_path / "data.nq"
    nq.write_text('<http://example.org/a> <http://example.org/p> "x" <https://w3id.org/osce-kg/graph/news/k1> .\n'
                  '<http://example.org/b> <http://example.org/p> "y" <https://w3id.org/osce-kg/graph/news/k2> .\n',
                  encoding="utf-8")
    store = str(tmp_path / "store")
    loaded = osce_kg("load", str(nq), "--store", store)
    assert loaded.returncode == 0 and "loaded 2 quads" in loaded.stdout
    stats = osce_kg("stats", "--store", store, "--format", "json")
    assert '"news": 2' in stats.stdout
    removed = osce_kg("remove", "k1", "--store", store)
    assert removed.returncode == 0, removed.stderr
    with Store(store, read_only=True) as s:
        assert s.news_keys() == ["k2"]
    missing = osce_kg("remove", "nope", "--store", store)
    assert missing.returncode == 2 and "no news item 'nope'" in missing.stderr


def test_load_of_broken_rdf_names_file_and_line_and_loads_nothing(tmp_path):
    ttl = tmp_path / "broken.ttl"
    ttl.write_text('@prefix ex: <http://example.org/> .\nex:a ex:p "ok" .\nex:b ex:p "unterminated .\n',
                   encoding="utf-8")
    store = str(tmp_path / "store")
    result = osce_kg("load", str(ttl), "--store", store)
    assert result.returncode == 2
    assert str(ttl) in result.stderr and "Traceback" not in result.stderr
    with Store(store, read_only=True) as s:
        assert s.count() == 0


def test_load_of_several_files_with_one_broken_loads_none_of_them(tmp_path):
    good = tmp_path / "good.nq"
    good.write_text('<http://example.org/a> <http://example.org/p> "x" <https://w3id.org/osce-kg/graph/news/k1> .\n',
                    encoding="utf-8")
    broken = tmp_path / "broken.nt"
    broken.write_text('<http://example.org/a> <http://example.org/p> "x" .\n<http://example.org/b> <oops .\n',
                      encoding="utf-8")
    store = str(tmp_path / "store")
    result = osce_kg("load", str(good), str(broken), "--store", store)
    assert result.returncode == 2 and f"{broken}:2" in result.stderr, result.stderr
    with Store(store, read_only=True) as s:
        assert s.count() == 0


@pytest.mark.slow
def test_load_of_a_file_bigger_than_one_bulk_batch_with_an_error_at_the_end_loads_nothing(tmp_path):
    """Past the bulk loader's 1,000,000-quad batch, a syntax error on the last line still loads nothing."""
    big = tmp_path / "big.nq"
    with open(big, "w", encoding="utf-8") as handle:
        for i in range(1_100_000):
            handle.write(f'<http://example.org/s{i}> <http://example.org/p> "{i}" <http://example.org/g> .\n')
        handle.write("<http://example.org/s> <http://example.org/p> .\n")
    store = str(tmp_path / "store")
    result = osce_kg("load", str(big), "--store", store)
    assert result.returncode == 2 and f"{big}:1100001" in result.stderr, result.stderr
    with Store(store, read_only=True) as s:
        assert s.count() == 0


def test_rdfxml_external_entities_are_not_read(tmp_path, xxe_rdf):
    rdf = xxe_rdf
    store = str(tmp_path / "store")
    osce_kg("load", str(rdf), "--store", store)
    if (Path(store) / "CURRENT").exists():
        with Store(store, read_only=True) as s:
            assert all("TOP-SECRET" not in str(q) for q in s.ox)


@pytest.fixture
def small_disk(tmp_path):
    """A 48 MB tmpfs (root only): lets a test fill the disk for real."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs",
                                            str(mount_point)], capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def fill(disk: Path, leave: int) -> Path:
    filler = disk / "filler"
    available = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    subprocess.run(["fallocate", "-l", str(max(available - leave, 0)), str(filler)], check=True)
    return filler


@pytest.mark.slow
@pytest.mark.parametrize("leave", [200_000, 3_000_000])
def test_a_full_disk_is_a_clear_error_and_the_store_is_as_before(small_disk, corpus, leave):
    store = small_disk / "store"
    assert osce_kg("build", "--store", str(store), "--no-validate", "-q").returncode == 0
    with Store(store, read_only=True) as s:
        before = s.count()
    filler = fill(small_disk, leave)
    result = osce_kg("build", str(corpus), "--store", str(store), "--no-validate", "-q")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "space" in result.stderr.lower()
    filler.unlink()
    with Store(store, read_only=True) as s:
        assert s.count() == before


def test_an_export_to_a_full_disk_leaves_no_partial_file(small_disk, samples_store):
    path, _report = samples_store
    filler = fill(small_disk, 100_000)
    target = small_disk / "kg.nq"
    result = osce_kg("export", "--store", str(path), "--format", "nquads", "-o", str(target))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]
    filler.unlink()


def test_a_read_only_filesystem_is_a_clear_error_and_readers_still_work(small_disk, seed_page):
    store = small_disk / "store"
    assert osce_kg("build", str(seed_page), "--store", str(store), "--no-validate", "-q").returncode == 0
    with Store(store, read_only=True) as s:
        before = s.count()
    assert subprocess.run(["mount", "-o", "remount,ro", str(small_disk)]).returncode == 0
    result = osce_kg("build", "--store", str(store), "--no-validate", "-q")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    query = osce_kg("sparql", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--format", "csv",
                    "--store", str(store))
    assert query.returncode == 0, query.stderr
    assert query.stdout.split()[-1] == str(before)
