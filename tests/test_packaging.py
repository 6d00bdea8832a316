"""A plain, non-editable `pip install .` finds its ontology, shapes, queries and sample pages."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                             "-w", str(out), str(REPO)], capture_output=True, text=True, timeout=300)
    if result.returncode != 0 and "hatchling" in result.stderr:
        result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out),
                                 str(REPO)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return next(out.glob("osce_kg-*.whl"))


def test_the_wheel_carries_the_data_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("osce_kg/_data/ontology/osce.ttl", "osce_kg/_data/ontology/reference.ttl",
                     "osce_kg/_data/queries/news-by-field-of-work.rq", "osce_kg/samples/01.txt"):
        assert required in names, required
    assert any(n.startswith("osce_kg/_data/shapes/") and n.endswith(".ttl") for n in names)


@pytest.mark.slow
def test_a_non_editable_install_runs_from_anywhere(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=True)
    python = env_dir / "bin" / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall",
                              str(wheel)], capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stderr
    code = ("import osce_kg.resources as r, pathlib;"
            "p = pathlib.Path(r.__file__); assert 'site-packages' in str(p), p;"
            "print(r.ontology_file().exists(), r.reference_file().exists(), len(list(r.shapes_dir().glob('*.ttl'))) > 0,"
            " len(list(r.queries_dir().glob('*.rq'))) >= 5, len(list(r.samples_dir().glob('*.txt'))) == 25)")
    check = subprocess.run([str(python), "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert check.returncode == 0, check.stderr
    assert check.stdout.split() == ["True"] * 5
    osce_kg = env_dir / "bin" / "osce-kg"
    built = subprocess.run([str(osce_kg), "build", "--store", str(tmp_path / "store")], capture_output=True,
                           text=True, cwd=tmp_path, timeout=600)
    assert built.returncode == 0, built.stderr
    listed = subprocess.run([str(osce_kg), "query", "list"], capture_output=True, text=True, cwd=tmp_path)
    assert "news-by-field-of-work" in listed.stdout
