# ruff: noqa: RUF001, RUF003 - words in the scripts and punctuation of the letters read
"""The officer's badge: the number a service gives its officer, under whatever name it uses
(badge, shield, collar, matricule, carné profesional, staff number, RIO)."""

import re

from intake.extraction.people import _NAME, RANKS

_BADGE = re.compile(
    r"\b(?:Badge|Shield|Warrant card|Collar|Star|Employee ID|Agent ID|Officer ID|Service|Member|"
    r"Commission(?: Book| Card)?|Credential|Regimental|Reg\.?(?= ?No)|Dienstnummer|Dienst-Nr\.?|"
    r"Dienstausweis|Personalnummer|matricule|Matr[ií]cula|Matricola|Placa|(?-i:RIO|TIP|RG)|"
    r"Carn[ée] profesional|Staff (?:ID|number|no\.?)|(?:n\.?\s?[º°o]\.?\s*)?mecanogr[áa]fico|"
    r"(?-i:[A-Z]{0,4}ID)(?![A-Za-z])|Personal-?nr\.?|(?-i:NIGEND|NRP)|"
    # cs/sk, uk/ru/bg, el, he, ar, zh, ja: "služební číslo", "жетон №", "Α.Μ.", "מ.א."
    r"služební číslo|osobné číslo|(?:спеціальний )?жетон|служебен|табельный номер|"
    r"(?-i:Α\.Μ\.)|מ\.א\.|رقم القيد|رقم الأقدمية|員警編號|警員編號|警号|職員番号|警察官番号)"
    r"\s*(?:#|No\.?|Number|Num\.?|n°|nº|№|n\.?\s?[º°]\.?|Nr\.?|number)?\s*[:#.|：]?\s*(?:#\s*)?"
    r"(?:(?-i:RIO)\s+)?"
    r"(\d{1,3}(?:\.\d{3})+-\d\b|\d{1,4}(?:[ .]\d{3})+(?![\d\-/])|"
    r"(?:[A-Z]{1,4}-){2}\d[\dA-Z\-/.]{1,14}|[A-Z]{0,4}[-/ ]?\d[\dA-Z\-/.]{1,14})\b",
    re.I,
)
# A British collar (shoulder) number after the rank: "DC 4471 Priya Sandhu", "PC 2231".
_COLLAR = re.compile(
    r"\b(?:PC|DC|DS|PS|Sgt|Cst|Police Constable|Detective Constable|Detective Sergeant|"
    r"Police Sergeant|Special Constable)\.?[ \t]+(\d{2,6}[A-Z]{0,2})\b"
)
# An officer's number after the name: "Detective Constable Ryan Cho #8842".
_NUMBER_AFTER_NAME = re.compile(rf"(?:{RANKS})[ \t]+{_NAME}[ \t]*,?[ \t]*#[ \t]?(\d{{2,7}})\b")


def find_badge(text: str) -> str | None:
    for m in _BADGE.finditer(text):
        value = m.group(1).strip()
        head = text[max(0, m.start() - 20) : m.start()].lower()
        if "case" in head or "tax" in head or "meeting" in head or "user" in head:
            continue
        if re.search(r"[A-Za-z],[ \t]*$", head) and re.fullmatch(r"ID \d{5}", m.group(0)):
            continue  # "Boise, ID 83704": Idaho, not an ID number
        if m.group(0).lower().startswith("service") and not re.search(
            r"no|number|#", m.group(0), re.I
        ):
            continue
        if sum(c.isdigit() for c in value) >= 2:
            return value.rstrip(".")
    for pattern in (_COLLAR, _NUMBER_AFTER_NAME):
        m = pattern.search(text)
        if m:
            return m.group(1)
    return None
