"""The agent's telephone number, as the document writes it.

A reviewer calls back the number the letter prints, so it is returned as printed ("01 53 71 54
26", "(412) 432-4000, extension 4417", "(0 216) 303 20 00 Dahili: 4471"), never rewritten into
another country's or an international form, and with its extension as the letter words it
("poste", "Durchwahl", "ramal", "ext."). Of several numbers, the agent's is the one nearest
the agent's own details (their e-mail, their name in the signature block), preferring one the
letter calls direct over a switchboard or dispatch line; a fax number and a number the
request names as the account it is about are never the agent's.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

# A label, as in "Tel:", "Office: ", "Phone (direct)"; not the word "office" in a sentence.
_LABEL = re.compile(
    r"(?:^|[\s|/,;(])(?:Tel|Tél|Telephone|Téléphone|Telefon|Telefone|Teléfono|Telefono|Fone|Tlf|"
    r"Telefoon|Phone|Ph|Office|Direct|Desk|Mobile|Cell|Portable|T|P|Ligne directe|Work|Contact|"
    r"Tfno|Telephone number|Phone number|Телефон|Тел|Handy|Móvil|Celular|Cellulare|Mob|Telp|"
    r"电话|電話)\.?"
    r"(?:\s*\((?:direct|office|desk|work)\))?"
    r"\s*(?:no\.?|number|#|nr\.?)?\s*[:.|]?\s*[+(\d]",
    re.I,
)
_FAX = re.compile(
    r"\b(?:Fax|Telefax|Télécopie|Télécopieur|Facsimile|Facsímil|Fac-?s[íi]mile|Faks|Факс)\b|"
    r"(?:^|(?<=[\s|/,;(]))F\.?\s*:|传真|傳真",
    re.I,
)
# Digit groups joined by one separator each: "(0 216) 303 20 00", "+61 2 5126 0000",
# "0221 229-4719", "613-993-4120"; never across two spaces (columns) or a line.
_GROUP = r"(?:\((?:\d ?){1,5}\)|\d{1,10})"
_NUMBER = re.compile(rf"(?<![\w+/.-])(?:\+ ?)?{_GROUP}(?:(?: ?[-./] ?| )?{_GROUP}){{1,7}}(?![\w])")
# Extensions in the words letters use for them (the digits after the word are kept).
_EXTENSION = (
    r"(?:x|ext\.?|extn\.?|extension|poste|Durchwahl|DW|Nebenstelle|Apparat|App\.|ramal|"
    r"anexo|interno|int\.|toestel|Dahili|dahili|доб\.?)\s*[:.]?\s*\d{1,6}\b"
)
# Right after the number: " ext. 12", ", poste 3", " (ext. 218)", " x 4", " Dahili: 4471".
_EXTENSION_AFTER = re.compile(rf"[ \t]*[,;\u2013-]?[ \t]*(\(?)[ \t]*(?i:{_EXTENSION})(\)?)")
# Further inside a bracket: "01 40 97 82 61 (permanence OFMIN, poste 3)".
_EXTENSION_IN_BRACKET = re.compile(rf"[ \t]*\([^()\d\n]{{0,40}}?\b((?i:{_EXTENSION}))[ \t]*\)")
_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{4}")
_IP = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
# A bare number (no label on its line) counts only when written as a phone number is.
_PHONE_SHAPE = re.compile(
    r"\+ ?\d.*|\(\d{2,5}\) ?\d.*|\d{3}[-.]\d{3}[-.]\d{4}|0\d{1,4}(?:[ -]\d{2,4}){2,4}"
)
# What stands before a number that is not the agent's: a case, a docket, a reference.
_NOT_A_PHONE = re.compile(
    r"\b(?:case|docket|file|ref(?:erence)?|no|nr|n[°º]|az|aktenzeichen|account|imei|imsi|"
    r"badge|matricule|matricola|id|cpf|rg|cnpj|siret|zip|postcode|cep)\.?\s*(?:number|no\.?|#)?"
    r"\s*[:#]?\s*$",
    re.I,
)
# A line for anyone who calls, not the officer's own.
_SHARED = re.compile(
    r"switchboard|standard|zentrale|vermittlung|centralino|centralita|central\b|dispatch|"
    r"main (?:line|number|office)|general (?:line|number|enquiries)|front desk|reception|"
    r"accueil|hotline|helpline|24/7|24[- ]?h(?:ou)?rs?\b|around the clock",
    re.I,
)
# A line the officer answers: "direct", "my cruiser phone", "reach me at". (A cell number is
# the officer's too, but the office line with an extension is the one the policy asks for.)
_OWN = re.compile(
    r"direct|durchwahl|ligne directe|diretto|directo|direta|\bmy\b|"
    r"\bme\b|\bmich\b|\bmoi\b|\bjoindre\b",
    re.I,
)


# The word that starts an extension, in a number as written ("+49 221 229 0, Durchwahl 4512").
EXTENSION_WORD = re.compile(
    r"\b(?:x|ext|extn|extension|poste|Durchwahl|DW|Nebenstelle|Apparat|App|ramal|anexo|"
    r"interno|int|toestel|Dahili)\b\.?",
    re.I,
)


def split_extension(value: str) -> tuple[str, str]:
    """(the number, the extension's digits) of a phone as written."""
    parts = EXTENSION_WORD.split(value, maxsplit=1)
    return parts[0], _digits(parts[1]) if len(parts) > 1 else ""


@dataclass(frozen=True)
class _Candidate:
    at: int
    written: str
    labelled: bool
    rank: int  # 0: the officer's own line, 1: unmarked, 2: a shared line
    extension: bool


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def _with_extension(line: str, m: re.Match[str]) -> str:
    rest = line[m.end() :]
    after = _EXTENSION_AFTER.match(rest)
    if after:
        # An opening bracket keeps its closing one: "+61 2 5126 0000 (ext. 48210)".
        return line[m.start() : m.end() + after.end()].strip()
    bracket = _EXTENSION_IN_BRACKET.match(rest)
    if bracket:
        return f"{m.group(0).strip()}, {bracket.group(1).strip()}"
    return m.group(0).strip()


def _is_fax(line: str, start: int) -> bool:
    """The last label before the number on its line is a fax label."""
    before = line[:start]
    fax = list(_FAX.finditer(before))
    if not fax:
        return False
    between = before[fax[-1].end() :]
    return not _LABEL.search(between) and not re.search(r"\d{4}", between)


def _candidates(text: str, not_numbers: set[str]) -> list[_Candidate]:
    found = []
    pos = 0
    for line in text.splitlines(keepends=True):
        if len(_digits(line)) >= 7 and not re.match(r"\s*(?:>|Subject:)", line):
            labelled_line = bool(_LABEL.search(line))
            for m in _NUMBER.finditer(line):
                number = m.group(0).strip()
                digits = _digits(number)
                if not 7 <= len(digits) <= 15 or _DATE.fullmatch(number) or _IP.fullmatch(number):
                    continue
                before = line[: m.start()]
                if _NOT_A_PHONE.search(before[-30:]) or _is_fax(line, m.start()):
                    continue
                if not labelled_line and not _PHONE_SHAPE.fullmatch(number):
                    continue
                if any(digits.endswith(n[-9:]) or n.endswith(digits[-9:]) for n in not_numbers):
                    continue
                near = before[-50:]
                rank = 2 if _SHARED.search(near) else 0 if _OWN.search(near) else 1
                written = _with_extension(line, m)
                extension = written != number
                found.append(_Candidate(pos + m.start(), written, labelled_line, rank, extension))
        pos += len(line)
    return found


def _anchors(text: str, agent: Iterable[str]) -> list[int]:
    at = []
    for value in agent:
        if value and len(value) > 2:
            at += [m.start() for m in re.finditer(re.escape(value), text, re.I)]
    return at


def find_phone(
    text: str, *, agent: Iterable[str] = (), not_numbers: Iterable[str] = ()
) -> str | None:
    """The agent's phone as the document writes it, extension kept; None when none is given.

    ``agent``: the agent's e-mail and surname, whose places in the text mark the agent's own
    contact block; ``not_numbers``: numbers the request is about (target accounts)."""
    excluded = {d for d in (_digits(n) for n in not_numbers) if len(d) >= 7}
    candidates = _candidates(text, excluded)
    if not candidates:
        return None
    anchors = _anchors(text, agent)

    def distance(c: _Candidate) -> int:
        return min((abs(c.at - a) for a in anchors), default=0)

    # The policy asks for the phone "with extension": of the officer's numbers, one with an
    # extension is the office line.
    best = min(
        candidates,
        key=lambda c: (c.rank, not c.extension, distance(c), not c.labelled, c.at),
    )
    return best.written
