"""The language of a request: first its script, then, within a script several languages share
(Latin, Cyrillic), a trigram model restricted to that script's languages.

The script decides alone where one language owns it (Greek, Hebrew, Thai, Hangul, kana) or
nearly so (Arabic, Han): a trigram model over every language is slower and, on a letter whose
mail headers and URLs are Latin, may call a Japanese body English. Han without kana is Chinese;
a few kana among kanji make it Japanese."""

import re
from functools import cache

# Unicode blocks per script. Han and kana characters each carry about a syllable, so they
# count twice against alphabetic letters (a Japanese body under English mail headers has
# fewer characters than the headers may have letters).
_BLOCKS = [
    ("kana", 0x3040, 0x30FF, 2),
    ("han", 0x3400, 0x4DBF, 2),
    ("han", 0x4E00, 0x9FFF, 2),
    ("hangul", 0xAC00, 0xD7AF, 2),
    ("hangul", 0x1100, 0x11FF, 2),
    ("hangul", 0x3130, 0x318F, 2),
    ("hebrew", 0x0590, 0x05FF, 1),
    ("arabic", 0x0600, 0x06FF, 1),
    ("arabic", 0x0750, 0x077F, 1),
    ("greek", 0x0370, 0x03FF, 1),
    ("greek", 0x1F00, 0x1FFF, 1),
    ("thai", 0x0E00, 0x0E7F, 1),
    ("cyrillic", 0x0400, 0x04FF, 1),
]
_LINKS = re.compile(r"\S+@\S+|\S+://\S+|www\.\S+")
_ONE_LANGUAGE = {"hangul": "ko", "hebrew": "he", "arabic": "ar", "greek": "el", "thai": "th"}


def _script_weights(text: str) -> dict[str, int]:
    weights: dict[str, int] = {}
    for char in text:
        if char.isascii():
            if char.isalpha():
                weights["latin"] = weights.get("latin", 0) + 1
            continue
        code = ord(char)
        for name, low, high, weight in _BLOCKS:
            if low <= code <= high:
                weights[name] = weights.get(name, 0) + weight
                break
        else:
            if char.isalpha():  # accented Latin (and scripts no request has come in yet)
                weights["latin"] = weights.get("latin", 0) + 1
    return weights


@cache
def _detector(script: str):
    from lingua import Language, LanguageDetectorBuilder

    if script == "cyrillic":
        languages = [
            Language.RUSSIAN,
            Language.UKRAINIAN,
            Language.BULGARIAN,
            Language.SERBIAN,
            Language.MACEDONIAN,
            Language.BELARUSIAN,
        ]
    else:
        # The Latin-script languages requests come in: western Europe, central Europe, Turkey,
        # South-East Asia (Indonesian, Vietnamese).
        languages = [
            Language.ENGLISH,
            Language.FRENCH,
            Language.GERMAN,
            Language.SPANISH,
            Language.ITALIAN,
            Language.DUTCH,
            Language.PORTUGUESE,
            Language.CZECH,
            Language.SLOVAK,
            Language.POLISH,
            Language.TURKISH,
            Language.INDONESIAN,
            Language.VIETNAMESE,
            Language.ROMANIAN,
            Language.HUNGARIAN,
            Language.SLOVENE,
            Language.CROATIAN,
            Language.ESTONIAN,
        ]
    # Trigram models only: 0.1 s to load instead of 1.5 s, and letters are long enough.
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def _prose(text: str, *, script: str) -> str:
    """Lines of running text: addresses, numbers and headers say little. In a bilingual
    notice, only the lines in the script chosen."""
    lines = text.splitlines()
    if script == "cyrillic":
        lines = [ln for ln in lines if any(0x0400 <= ord(c) <= 0x04FF for c in ln)]
    prose = " ".join(ln for ln in lines if len(ln.split()) >= 5)
    return prose[:5000] or " ".join(lines)[:5000]


def find_language(text: str) -> str | None:
    """ISO 639-1 of the prose."""
    # Addresses and links are Latin whatever the language around them.
    body = _LINKS.sub(" ", text)
    weights = _script_weights(body)
    if not weights:
        return None
    script = max(weights, key=weights.__getitem__)
    if script in ("han", "kana"):
        kana, han = weights.get("kana", 0), weights.get("han", 0)
        return "ja" if kana * 20 >= han + kana else "zh"
    if script in _ONE_LANGUAGE:
        return _ONE_LANGUAGE[script]
    prose = _prose(body, script=script)
    if len(prose.split()) < 3:
        return None
    found = _detector(script).detect_language_of(prose)
    return found.iso_code_639_1.name.lower() if found else None
