"""Whether a document is signed: a typed signature mark, or a judge's signature on an order."""

import re

_TYPED_SIGNATURE = re.compile(
    r"^\s*/s/\s*\S|\bSigned\s*:\s*\S|\bSign[ée]\s*:?\s*[A-Z]|^\s*Signé\b|\bgez\.\s*\S|\bSd/-|"
    r"Digitally signed by|Electronically signed|Signature\s*:\s*[A-Z/][a-z/]",
    re.M,
)
_JUDGE_SIGNS = re.compile(
    r"(?:SO ORDERED|IT IS (?:FURTHER |HEREBY )?ORDERED)[\s\S]{0,1500}?"
    r"^\s*(?:/s/\s*)?(?:Hon\.\s+)?[A-Z][\w.'\u2019-]+(?:\s+[A-Z][\w.'\u2019-]+){1,3},?\s*$\s*^.*"
    r"(?:Judge|Magistrate|Justice)",
    re.M | re.I,
)


def find_signed(text: str) -> bool:
    return bool(_TYPED_SIGNATURE.search(text) or _JUDGE_SIGNS.search(text))
