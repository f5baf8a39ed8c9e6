"""triage/phones.py: a number is found in a text whatever format either is written in."""

import pytest

from triage.phones import national_number, printed_in


@pytest.mark.parametrize(
    ("called", "text"),
    [
        ("+1 (555) 010-2000", "Phone: 555.010.2000"),
        ("555.010.2000", "call +1 (555) 010-2000 now"),
        ("5550102000", "Tel. 1-555-010-2000 ext. 7"),
        ("+44 20 7946 0000", "Telephone 020 7946 0000 (24 hours)"),
        ("+1 202 555 0177", "Badge 55120 (202) 555-0177"),
    ],
)
def test_one_number_in_another_format_is_found(called, text):
    assert printed_in(called, ["Nothing here.", text])


@pytest.mark.parametrize(
    ("called", "text"),
    [
        ("+1 202 324 3000", "Phone: +1 (555) 010-2000"),
        ("+1 202 324 3000", "Case 12023243000999 was opened"),
        ("+1 555 010 2000", "Call 555 010\n2000"),
    ],
)
def test_another_number_or_a_number_broken_across_lines_is_not(called, text):
    assert not printed_in(called, [text])


def test_the_national_number_drops_country_code_trunk_prefix_and_extension():
    assert national_number("+1 202-555-0143 ext. 2210") == "2025550143"
    assert national_number("020 7946 0000", "GB") == "2079460000"
