"""Every labelled request in tests/data/extract/ reads as labelled (fields listed in a
label's `_unchecked` are left out: a careful reader could write them another way)."""

import pytest

from bench.extract import FIELDS, corpus, same
from intake.extraction import extract_path

CASES = corpus()


def test_the_corpus_is_big_enough():
    assert len(CASES) >= 45


@pytest.mark.parametrize(("source", "expected"), CASES, ids=[c[0].name for c in CASES])
def test_it_extracts_what_the_label_says(source, expected):
    fields = extract_path(source).fields
    assert list(fields) == list(FIELDS)
    checked = [name for name in FIELDS if name not in expected.get("_unchecked", [])]
    wrong = {
        name: (expected[name], fields[name])
        for name in checked
        if not same(name, expected[name], fields[name])
    }
    assert wrong == {}


def test_the_committed_corpus_is_what_the_script_writes(tmp_path, monkeypatch):
    from tests.intake.extraction import make_corpus

    monkeypatch.setattr(make_corpus, "OUT", tmp_path)
    make_corpus.write()
    for written in tmp_path.iterdir():
        committed = make_corpus.Path(__file__).resolve().parents[2] / "data" / "extract"
        if written.suffix == ".json" or written.suffix == ".txt":
            assert written.read_bytes() == (committed / written.name).read_bytes(), written.name
