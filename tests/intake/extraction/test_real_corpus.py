"""The corpus built from real published requests (tests/data/real/): every document is
labelled by the whole contract, says where it came from, a third is held out, and the sources
kept apart for an independent check never entered it."""

import json

import pytest

from bench.extract import FIELDS, HELD_OUT, REAL, corpus
from triage.rules import NAMES

CASES = corpus(REAL)


def test_the_corpus_is_big_enough_and_a_third_is_held_out():
    assert len(CASES) >= 60
    held = [c for c in CASES if c[0].name.startswith(HELD_OUT)]
    assert len(CASES) / 4 <= len(held) <= len(CASES) / 2


@pytest.mark.parametrize(("source", "label"), CASES, ids=[c[0].name for c in CASES])
def test_each_document_is_labelled_and_sourced(source, label):
    assert set(FIELDS) <= set(label)
    assert set(label["missing"]) <= set(NAMES)
    meta = json.loads(source.with_name(source.name.split(".")[0] + ".source.json").read_text())
    assert meta["source_url"] and meta["received"] and meta["terms"]
    kept_apart = ("/Spain/", "/Hong%20Kong/", "/Hong Kong/", "Eastern District of Virginia")
    signal_2016 = "signal" in json.dumps(meta).lower() and "2016" in json.dumps(meta)
    assert not any(k in json.dumps(meta) for k in kept_apart[:3])
    assert not (signal_2016 and kept_apart[3] in json.dumps(meta))
