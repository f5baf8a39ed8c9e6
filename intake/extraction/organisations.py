# ruff: noqa: RUF001, RUF003 - Turkish and Cyrillic words as written
"""What makes a line name an organisation, in the corpus languages: a dictionary of words
(ministry, court, prosecutor's office, regulator, CERT, association ...), never names of
particular agencies; and the convention for a mail whose From display name is the only place
an organisation is named."""

import re

# Organisation words beyond the police and justice words of agency._STRONG_AGENCY: ministries,
# courts, prosecution offices, regulators, CERTs, associations, in the languages requests come
# in. Turkish and Russian capitals are spelled out (re.I does not fold dotted İ).
ORG_WORD = re.compile(
    r"\b(?:Ministry|Ministerium|Ministerio|Ministero|Bundesministerium|Court|Gericht|"
    r"\w*gericht|Juzgado|Tribunale?|Procura(?:tura|dur[ií]a|ci[óo]n)?|Parquet|"
    r"Staatsanwaltschaft|Fiscal[ií]a|Public Prosecution|Authority|Autorit[éà]|Autoridad|"
    r"Beh[öo]rde|Commission|Kommission|Comisi[óo]n|Regulator[y]?|Inspectorate|Association|"
    r"Associa[çc][ãa]o|Asociaci[óo]n|Verband|Agence|Agencia|Agenzia|Bundesamt|Landesamt|"
    r"Jefatura|Pr[ée]fecture|Carabinieri|Guardia|Directorate|Direcci[óo]n|Dire[çc][ãa]o|"
    r"Kurumu|Kurum|KURUMU|Ba[şs]kanl[ıi][ğg][ıi]|BA[ŞS]KANLI[ĞG]I|Bakanl[ıi][ğg][ıi]|"
    r"BAKANLI[ĞG]I|M[üu]d[üu]rl[üu][ğg][üu]|Hakimli[ğg]i|HAK[İI]ML[İI][ĞG][İI]|Mahkemesi|"
    r"MAHKEMES[İI]|Savc[ıi]l[ıi][ğg][ıi]|SAVCILI[ĞG]I|Emniyet|EMN[İI]YET)\b|"
    r"(?-i:\w*CERT\b|\bCSIRT\b)|"
    r"(?:служба|министерство|прокуратура|полиция|суд|управление|департамент|комитет|"
    r"агентство|инспекция|надзор)",
    re.I,
)

# A line that ends by naming a unit: "Criminal Investigations Division".
_UNIT = re.compile(r"\b(?:Unit|Division|Bureau|Squad|Section|Branch|Barracks|Team|Detail)$", re.I)
# Words that make an organisation an agency in its own right, not one of its units.
_AGENCY_ITSELF = re.compile(
    r"Police|Sheriff|Office|Department|Agency|Service|Constabulary|Gendarmerie|Ministry|"
    r"Prosecutor|Attorney|Court|Commission|Authority|Polic[ií]a|Polizia|Polizei|Politie",
    re.I,
)


def is_unit(line: str) -> bool:
    """A line that names only a unit ("Criminal Investigations Division"), not an agency: under
    an agency's letterhead, the agency is the letterhead's."""
    line = line.strip()
    if re.search(r",|\s[-\u2013\u2014]\s|\bof\b", line):
        return False  # "Federal Bureau of Investigation - Kansas City Division": an agency's
    return bool(_UNIT.search(line)) and not _AGENCY_ITSELF.search(line)


def sender_agency(display_name: str, agent_name: str | None) -> str | None:
    """A mail's From display name, when it names an organisation rather than a person: one
    with an organisation word, or a single name ("Roskomnadzor", "SingCERT")."""
    name = display_name.strip().strip('"').strip()
    if not name or "@" in name or (agent_name and agent_name.casefold() in name.casefold()):
        return None
    if ORG_WORD.search(name):
        return name
    if re.fullmatch(r"[^\W\d_][\w.&'-]{2,40}", name) and name[0].isupper():
        return name
    return None


# A line that goes on on the next: "IN THE UNITED STATES DISTRICT COURT FOR THE" /
# "EASTERN DISTRICT OF VIRGINIA", "... В СФЕРЕ СВЯЗИ," / "ИНФОРМАЦИОННЫХ ТЕХНОЛОГИЙ ...".
_GOES_ON = re.compile(r"(?:\b(?:for|of|and|de|du|des|der|für|the)|,)$", re.I)


def unwrap(lines: list[str]) -> list[str]:
    """Lines with a name wrapped in capitals over two lines joined (a court's caption without its
    "IN THE"); every other line as it is. Blank lines are kept, so a block still ends at one."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if line.isupper() and nxt.isupper() and _GOES_ON.search(line):
            line, i = f"{line} {nxt}", i + 1
        out.append(re.sub(r"^IN THE\s+(?=.*\bCOURT\b)", "", line))
        i += 1
    return out


# "Requerente: Delegado de Polícia - DEIC Campinas", "Peace officer - RCMP ...": a label or a
# person's title before the organisation.
_LEAD = re.compile(
    r"^(?:[^\W\d_][\w ]{0,25}:\s*)?(?:(?:Peace officer|Delegad[oa] de Pol[ií]cia|Officer|"
    r"Agent|Investigator|Inspector|Detective|Commissaire|Commissario)\s+[-\u2013]\s+)?",
    re.I,
)


def without_title(agency: str) -> str:
    rest = _LEAD.sub("", agency, count=1).strip()
    return rest or agency
