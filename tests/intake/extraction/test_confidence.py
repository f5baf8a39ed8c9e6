"""How sure the reader says it is: a class of reading seen right often scores high, one seen
wrong scores low, an unseen one falls back to its field, and every field gets a score."""

from bench.extract import CALIBRATION, FIELDS, REAL, corpus
from intake.extraction import confidence, extract_document
from intake.extraction.document import Document, Section


def _classes(name: str, cue: str) -> tuple[str, ...]:
    return (name, f"{name}|found", f"{name}|found|{cue}", f"{name}|found|{cue}|en")


def test_a_class_read_right_every_time_scores_higher_than_one_read_wrong():
    samples = [(_classes("badge", "labelled-one"), True)] * 20
    samples += [(_classes("badge", "bare-several"), False)] * 20
    counts = confidence.fit(samples)
    sure = confidence.score(_classes("badge", "labelled-one"), counts)
    unsure = confidence.score(_classes("badge", "bare-several"), counts)
    assert sure > 0.85 > 0.15 > unsure


def test_a_class_never_seen_takes_its_field_s_share_and_one_lucky_document_is_not_certainty():
    counts = confidence.fit(
        [(_classes("phone", "labelled-one"), True)] * 9 + [(_classes("phone", "bare-one"), False)]
    )
    unseen = confidence.score(_classes("phone", "bare-several"), counts)
    assert 0.5 < unseen < 0.95
    once = confidence.fit([(_classes("agency", "bare-one"), True)])
    assert confidence.score(_classes("agency", "bare-one"), once) < 0.9


def test_a_label_just_before_the_value_makes_it_labelled():
    text = "Requesting officer\nBadge: 4471\nTel: +1 202 555 0143 ext. 12\n"
    assert confidence._labelled("badge", "4471", text)
    assert confidence._labelled("phone", "+1 202-555-0143 ext. 12", text)
    assert not confidence._labelled("badge", "9999", text)


def test_every_field_of_a_reading_has_a_confidence_between_0_and_1():
    doc = Document(
        sections=[Section(text="Subpoena. Badge: 4471. Signed: /s/ Jane Roe", source="body")]
    )
    reading = extract_document(doc)
    assert set(reading.confidence) == set(FIELDS)
    assert all(0 <= value <= 1 for value in reading.confidence.values())


def test_the_shipped_table_was_fitted_on_the_calibration_split_only():
    table = confidence._table()
    assert table, "intake/data/confidence.json is missing: python -m bench.extract --calibrate"
    # Documents the reader was never tuned against, nor scored on as held out.
    calibration = [c for c in corpus(REAL) if c[0].name.startswith(CALIBRATION)]
    assert calibration
    # Each document contributes one reading per field to its field's class.
    assert table["kind"][1] == len(calibration)


def test_a_class_seen_right_a_few_times_cannot_claim_what_one_seen_often_can():
    few = confidence.fit([(_classes("badge", "labelled-one"), True)] * 4)
    many = confidence.fit([(_classes("badge", "labelled-one"), True)] * 200)

    assert confidence.score(_classes("badge", "labelled-one"), few, pull=3, z=1) < 0.9
    assert confidence.score(_classes("badge", "labelled-one"), many, pull=3, z=1) >= 0.95


def test_the_wilson_bound_is_below_the_share_and_closes_in_with_more_readings():
    assert confidence.wilson_lower(1.0, 5, 1.0) < confidence.wilson_lower(1.0, 50, 1.0) < 1.0
    assert confidence.wilson_lower(0.8, 10, 0.0) == 0.8


def test_cross_validation_scores_each_document_by_a_table_not_counted_from_it():
    from bench.extract import Tally, out_of_fold

    tally = Tally()
    # Only document "a" has readings of this class, all right: counted from the other folds,
    # the table has never seen the class, so document "a" gets the unseen class's score.
    tally.readings = [(0.0, True, _classes("badge", "labelled-one"), "a")] * 3
    tally.readings += [(0.0, False, _classes("badge", "bare-one"), d) for d in "bcdefgh"]
    scored = out_of_fold(tally, pull=3, z=1)
    a_scores = {c for c, right in scored if right}  # only document "a" was read right
    others = confidence.fit([(c, r) for _, r, c, d in tally.readings if d != "a"])

    assert a_scores == {confidence.score(_classes("badge", "labelled-one"), others, pull=3, z=1)}
    assert max(a_scores) < 0.5
