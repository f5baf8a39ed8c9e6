# ruff: noqa: RUF001 - words in the scripts and punctuation of the letters read
"""Which organisation asks, as written: a labelled agency, the organisation in the agent's
signature block, the letterhead's, the one under a closing, else the mail's From display name
when it names an organisation."""

import re

from intake.extraction.organisations import (
    ORG_WORD,
    is_unit,
    sender_agency,
    unwrap,
    without_title,
)
from intake.extraction.people import CLOSING, NOT_AGENT, RANKS

_STRONG_AGENCY = re.compile(
    r"Police|Sheriff|Bureau|Department|Constabulary|Gendarmerie|Polizei|kriminalamt|Agency|"
    r"Mounted|RCMP|Marshals|Secret Service|Homeland|Attorney|Prosecutor|Court|Tribunal|"
    r"Ministry|Minist[eè]re|Commissariat|Staatsanwaltschaft|Parquet|Crime Agency|Administration|"
    r"Investigation|Inspection|Enforcement|Police Service|Direction|Revenue Service|"
    r"Pol[ií]c[ií]a|Polizia|Politie|Delegacia|Fiscal[ií]a|Procuradoria|Minist[ée]rio|Guardia|"
    r"S[ûu]ret[ée]|Garda|Carabinieri|Marshals?|Authority|Commission|Inspectorate|Regulator|"
    # the same words in the languages of the corpus's letters: de, nl, it, cs/sk, sl/hr, uk/ru/bg,
    # el, he, ar, zh, ja, id, vi
    r"Behörde|Autoriteit|Garante|Autorità|Policie|ředitelství|politsei|Inšpektorat|Policija|Úřad|"
    r"Ministerstvo|Prokuratura|Поліці|Полиц|Департамент|Міністерство|Министерство|Комисия|"
    r"Комісія|Прокуратура|Αστυνομ|Διεύθυνση|Υπουργείο|Εισαγγελία|משטרת|היחידה|"
    r"وزارة|الإدارة العامة|النيابة|شرطة|مديرية|警察|公安|警政|Kepolisian|Direktorat|Polri|"
    r"Kementerian|\bCục\b|\bBộ\b|Công an",
    re.I,
)
# The marks a signer writes before the post of the head they sign for: Indonesian "a.n." (atas
# nama), Vietnamese "KT."/"TL.", German "i. A."/"i. V.", French "P.O.", English "For the".
_ON_BEHALF = re.compile(r"(?:a\.n\.|KT\.|TL\.|i\.\s?[AV]\.|P\.\s?O\.)\s", re.I)
# Scripts without capitals: the share of capitalised words says nothing about them.
_UNCASED = re.compile(r"[\u0590-\u06ff\u3040-\u30ff\u4e00-\u9fff]")

_COURT_CAPTION = re.compile(r"\bCourt\b|Tribunal|Gericht|^IN THE\b|^STATE OF\b", re.I)


def _heads(pieces: list[str]) -> list[str]:
    """Organisation lines at the top of each piece; a header printed in columns ("Polizeipräsidium
    Frankfurt am Main          HESSEN") gives its columns apart."""
    return [
        column
        for piece in pieces
        for line in unwrap([ln.strip() for ln in piece.splitlines() if ln.strip()][:7])[:6]
        for column in re.split(r"\s{4,}|\t", line)
        if _is_agency_line(column)
    ]


def find_agency(
    text: str,
    letters: list[str],
    agent_name: str | None = None,
    bodies: tuple[str, ...] = (),
    sender_name: str = "",
) -> str | None:
    """The agency as written (see _find_agency), else the mail's From display name when that
    names an organisation."""
    found = _find_agency(text, letters, agent_name, bodies)
    if found:
        return without_title(found.rstrip(".").strip())
    return sender_agency(sender_name, agent_name)


def _find_agency(
    text: str, letters: list[str], agent_name: str | None = None, bodies: tuple[str, ...] = ()
) -> str | None:
    """As written: a labelled agency, else the organisation in the agent's signature block
    (the one printed at the top when the block names it with a unit: "Unit, West Midlands
    Police"), else the letterhead's (an agency's before a court's caption), else the
    organisation printed at the top of the mail."""
    labelled = re.search(
        r"^\s*(?:Requesting )?(?:Agency|Department|Organi[sz]ation|Service|Unit|Dienststelle|"
        r"Behörde|Autorité|Unité)\s*:\s*(.+)$",
        text,
        re.I | re.M,
    )
    if labelled and _STRONG_AGENCY.search(labelled.group(1)):
        return labelled.group(1).strip()
    near_agent = _agency_near(text, agent_name) if agent_name else None
    heads = _heads(letters)
    top = [h for h in heads + _heads(list(bodies)) if not _COURT_CAPTION.search(h)]
    if near_agent:
        for line in top:
            head, near = re.escape(line.casefold()), near_agent.casefold()
            if head != re.escape(near) and (
                re.search(rf"(?:,\s*|\s[-\u2013]\s){head}$", near)
                or re.match(rf"{head}(?:,|\s[-\u2013]\s)", near)
            ):
                return line
        letterhead = [h for h in heads if not _COURT_CAPTION.search(h)]
        if is_unit(near_agent) and letterhead:
            return letterhead[0]  # "Criminal Investigations Division" under the letterhead
        return near_agent
    for line in heads:
        if not _COURT_CAPTION.search(line):
            return line
    # The organisation under a closing, the last closing first (a mail may say it twice, in
    # two languages); a name wrapped over two lines is read whole.
    blocks = [text[m.end() :] for m in reversed(list(CLOSING.finditer(text)))] or [text]
    for block in blocks:
        for line in unwrap([ln.strip() for ln in block.splitlines()[:14]]):
            if _is_agency_line(line) and not _COURT_CAPTION.search(line):
                return line
    if heads:
        return heads[0]
    if top:
        return top[0]
    with_ = re.search(
        r"\b(?:with|of|from|for|at) the ((?:[A-Z][\w.'\u2019-]*\s+){0,6}"
        r"(?:Police(?: Department| Service)?|Sheriff'?s? Office|Bureau of Investigation|"
        r"Constabulary|Police Force|Department|Crime Agency|Mounted Police))",
        text,
    )
    return with_.group(1).strip() if with_ else None


def _agency_near(text: str, agent_name: str) -> str | None:
    """The organisation line in the signature block where the agent's name appears, the last
    such block first (a name is also cited in sentences, with no organisation beside it)."""
    # The name may wrap at the end of a line ("Detective Andrea P.\nSolano, Santa Clara Police").
    spread = r"\s+".join(re.escape(word) for word in agent_name.split())
    ends = [m.end() for m in re.finditer(spread, text)]
    for end in reversed(ends[-8:]):
        found = _agency_after(text[end:])
        if found:
            return found
    return None


def _agency_after(rest: str) -> str | None:
    first, _, after = rest.partition("\n")
    candidates = [part.strip() for part in re.split(r",\s*", first)[1:]]
    joined = ", ".join(candidates)
    if len(candidates) > 1 and not re.search(r"\d", joined):
        candidates = [joined, *candidates]
    candidates += [line.strip() for line in after.splitlines()[:6]]
    candidates = [re.sub(rf"^(?:{RANKS})\s*,\s*", "", c) for c in candidates]
    # "Detective Jane Roe, of the Edina Police": the organisation, without the preposition.
    candidates = [
        re.sub(r"^(?:an?\s+[a-z]+\s+)?(?:of|from|with)\s+(?:the\s+)?", "", c) for c in candidates
    ]
    for candidate in candidates:
        # A prosecutor's or attorney's office is an agency; a prosecutor's title is not.
        office = re.search(r"\bOffice\b|Bureau|\bUnit\b|Division", candidate)
        if _is_agency_line(candidate) and (office or not NOT_AGENT.search(candidate)):
            return candidate
    return None


_ADDRESSEE = re.compile(
    r"Law Enforcement (?:Response|Relations)|Custodian of Records|Legal Department|Compliance",
    re.I,
)
# A person's title, not an organisation: "Inspector of Police", "Delegada de Polícia".
_TITLE_LINE = re.compile(
    rf"^(?:(?:{RANKS})\s*)+(?:(?:of|de|da|do|du|der)\s+(?:la\s+)?[\wÀ-ÿ]+)?$", re.I
)


def _is_agency_line(line: str) -> bool:
    # A long official name is printed in capitals; a long mixed-case line is a sentence.
    if not line or len(line) > (120 if line.isupper() else 90) or _TITLE_LINE.match(line):
        return False
    if not (_STRONG_AGENCY.search(line) or ORG_WORD.search(line)):
        return False
    if _ON_BEHALF.match(line):
        return False  # "a.n. KEPALA …", "KT. CỤC TRƯỞNG": a signer's post, for the head
    if line.endswith(",") or _ADDRESSEE.search(line):
        return False  # a salutation ("Law Enforcement Response Team,"), or us
    if re.search(
        r"@|https?://|\d{3}|\b(?:to|is|are|we|please|our|your|this|request)\b", line, re.I
    ):
        return False
    # "Staatsanwaltschaft" is the office (an organisation word), not a prosecutor's title.
    office = re.search(r"Court|Office|Tribunal|Parquet", line) or ORG_WORD.search(line)
    if NOT_AGENT.search(line) and not office:
        return False
    if _UNCASED.search(line) and not re.search(r"[A-Za-z]{4}", line):
        # a name, not a sentence: short and without a full stop ("平素より…申し上げます。")
        return len(line) <= 70 and not re.search(r"[。．.!?؟]\s*$|[、，]", line)
    words = [w for w in re.findall(r"[^\W\d_][\w']*", line) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.6
