"""Plain dates are read without dateparser (a hundred times faster); the answer must be the one
dateparser gives, valid or not, in either order and whatever the document's language."""

import datetime

import dateparser
from hypothesis import given, settings
from hypothesis import strategies as st

from intake.extraction import contact

MONTHS = [datetime.date(2026, m, 1).strftime("%B") for m in range(1, 13)]

FORMS = [
    lambda y, m, d: f"{MONTHS[m - 1]} {d}, {y}",
    lambda y, m, d: f"{MONTHS[m - 1][:3]}. {d}, {y}",
    lambda y, m, d: f"{MONTHS[m - 1][:3]} {d} {y}",
    lambda y, m, d: f"{d} {MONTHS[m - 1]} {y}",
    lambda y, m, d: f"{d}. {MONTHS[m - 1].lower()} {y}",
    lambda y, m, d: f"{d}th {MONTHS[m - 1][:3]}. {y}",
    lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}",
    lambda y, m, d: f"{m}/{d}/{y}",
    lambda y, m, d: f"{d}.{m}.{y}",
    lambda y, m, d: f"{m:02d}-{d:02d}-{y}",
]


def _dateparser(value: str, order: str, language: str | None) -> datetime.date | None:
    value = contact.re.sub(r"(\d)(?:st|nd|rd|th|er)\b", r"\1", value)
    if contact._ISO.fullmatch(value):
        order = "YMD"
    languages = list(dict.fromkeys([language or "en", "en", "fr", "de"]))
    found = dateparser.parse(
        value, languages=languages, settings=dict(contact._parse_settings(order))
    )
    return found.date() if found else None


@settings(max_examples=400, deadline=None)
@given(
    year=st.integers(min_value=1990, max_value=2040),
    month=st.integers(min_value=1, max_value=13),  # 13: no such month
    day=st.integers(min_value=1, max_value=32),  # 31 and 32: not in every month
    form=st.sampled_from(FORMS),
    order=st.sampled_from(["MDY", "DMY"]),
    language=st.sampled_from([None, "en", "fr", "de"]),
)
def test_a_plain_date_is_read_as_dateparser_reads_it(year, month, day, form, order, language):
    if month == 13 and "MONTHS" in form.__code__.co_names:
        month = 12  # a month name always exists; the numeric forms try month 13
    value = form(year, month, day)
    assert contact.parse_date(value, order=order, language=language) == _dateparser(
        value, order, language
    ), value


def test_the_plain_forms_are_read_without_dateparser(monkeypatch):
    monkeypatch.setattr(contact.dateparser, "parse", None)  # any call would fail
    assert contact.parse_date("December 18, 2026", order="MDY") == datetime.date(2026, 12, 18)
    assert contact.parse_date("3 Feb 2027", order="MDY") == datetime.date(2027, 2, 3)
    assert contact.parse_date("03/04/2027", order="DMY") == datetime.date(2027, 4, 3)
    assert contact.parse_date("2027-04-03", order="DMY") == datetime.date(2027, 4, 3)
