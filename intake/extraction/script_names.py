# ruff: noqa: RUF001, RUF003 - words in the scripts and punctuation of the letters read
"""A person's name as letters from many countries write it, past what the Latin-capitals
pattern of people.py reads: titles and ranks written in lower case or as abbreviations
("npor. Bc. Tomáš Kratochvíl", "dott.ssa Chiara Lombardi", "AKP Rizky Pratama"), and names in
scripts with other capitals (Cyrillic, Greek) or none (Hebrew, Arabic, Chinese, Japanese)."""

import re

# Academic and courtesy titles that stand before a name in central and southern Europe and
# the Low Countries, in lower or mixed case, so the capitals rule cannot tell them apart.
_TITLE = re.compile(
    r"(?:Mag|Bc|Ing|Mgr|MUDr|JUDr|PhDr|RNDr|Dipl\.-Ing|dott|dott\.ssa|dr|mr|ir|drs|ing|avv|"
    r"prof|Prof|Dott|Dr|Mr|Mme|Sr|Sra|Dra|npor|por|ppor|kpt|mjr|plk|pplk|nstržm|stržm|"
    r"prap|nprap|pprap|ing|MSc|LL\.M|S\.H|S\.I\.K|S\.Kom)\.(?:ssa)?$"
)
# Ranks in scripts other than Latin, and in Latin letters where they are written in capitals
# or abbreviations; a dictionary of police grades, not of any one force.
_SCRIPT_RANKS = frozenset(
    [
        # el
        "Υπαστυνόμος",
        "Αστυνόμος",
        "Ανθυπαστυνόμος",
        "Αρχιφύλακας",
        "Υπαρχιφύλακας",
        "Αστυφύλακας",
        "Αστυνομικός",
        "Υποδιευθυντής",
        "Διευθυντής",
        # zh
        "偵查佐",
        "偵查員",
        "警員",
        "警佐",
        "巡官",
        "警務員",
        "小隊長",
        "隊長",
        "侦查员",
        "警官",
        # ja
        "巡査",
        "巡査長",
        "巡査部長",
        "警部補",
        "警部",
        "警視",
        "警視正",
        "係長",
        "主任",
        # id
        "AKP",
        "IPTU",
        "IPDA",
        "AKBP",
        "KOMPOL",
        "BRIPKA",
        "BRIPTU",
        "AIPTU",
        "AIPDA",
        # vi
        "bà",
        "ông",
        "anh",
        "chị",
    ]
)
_NON_LATIN = re.compile(r"[\u0370-\u03ff\u0400-\u04ff\u0590-\u06ff\u3040-\u30ff\u4e00-\u9fff]")
_CASED_WORD = re.compile(r"[A-ZÀ-ÝĀ-ŽА-ЯЁІЇЄҐΑ-ΩΆ-Ώ][^\W\d_]+(?:-[^\W\d_]+)?$")
_UNCASED_WORD = re.compile(r"[\u0590-\u05ff\u0600-\u06ff\u3040-\u30ff\u4e00-\u9fff]+$")


def strip_titles(raw: str) -> str:
    """The name without the titles and ranks before it that people.py's rank list (English,
    Romance and German forms) does not know."""
    words = raw.split()
    while len(words) > 2 and (
        _TITLE.match(words[0]) or words[0] in _SCRIPT_RANKS or _is_lower_rank(words[0])
    ):
        words = words[1:]
    return " ".join(words)


def _is_lower_rank(word: str) -> bool:
    """A word in lower case before a capitalised name is a rank or function in the languages
    that write them so ("старший лейтенант поліції Олег …", "npor."); an abbreviation with a
    quote or slash is one in Hebrew and Arabic ('רפ"ק', "الرائد/")."""
    return (word[:1].islower() and word.isalpha()) or bool(re.search(r"[\"'\u05f3\u05f4/]", word))


def script_name(raw: str) -> str | None:
    """A name written in a script the Latin pattern cannot read, or none."""
    if not _NON_LATIN.search(raw):
        return None
    raw = re.split(r"[,，、（(：:|│]|\s{2,}", raw.strip())[0].strip()
    words = raw.split()
    # the ranks and grades before the name ("Υπαστυνόμος Β'"), never words after it: a
    # lower-case word after a capitalised one means a phrase ("ОВС слідчого управління")
    while words and (
        words[0] in _SCRIPT_RANKS
        or _is_lower_rank(words[0])
        or re.fullmatch(r"[^\W\d_]{1,2}['\u2019]", words[0])
    ):
        words = words[1:]
    if not 1 <= len(words) <= 4:
        return None
    if all(_CASED_WORD.match(w) for w in words) and len(words) >= 2:
        return " ".join(words)
    if all(_UNCASED_WORD.match(w) for w in words) and 2 <= len("".join(words)) <= 24:
        if len(words) == 1 and len(words[0]) > 4 and re.match(r"[\u3040-\u9fff]+$", words[0]):
            return None  # a Chinese or Japanese name has two to four characters; longer: an office
        if re.search(r"[課局部署庁隊室處处院廳厅会會所]$", words[-1]):
            return None  # an office: "…対策課", "…警察局", "…大隊"
        return " ".join(words)
    return None
