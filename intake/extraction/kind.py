"""Which legal process a request is: the process, not the words used (DESIGN.md).

`classify` reads the request part by part (mail subject, body, each attachment) and answers
the kind with its evidence: the words that decided and the part they stand in.
"""

import re
from collections.abc import Sequence

from intake.extraction import eu_certificate
from intake.extraction.notices import emergency_words

# A mention in one of these contexts is of process to come, not the process in hand.
_FUTURE = re.compile(
    r"to follow|will follow|forthcoming|will be (?:sought|obtained|served|issued|sent|submitted)|"
    r"(?:intend|plan|expect|anticipate)s? to (?:obtain|seek|serve|apply)|in the process of|"
    r"pending (?:the )?(?:issuance|service|receipt)|until (?:a|the|such)|being (?:sought|prepared)|"
    r"prior to (?:receiving|obtaining)|may (?:be )?(?:seek|obtain|issue)|suivra|à venir|folgt",
    re.I,
)
_FOREIGN_BASIS = re.compile(
    r"\bMLAT\b|mutual legal assistance|letters? rogatory|commission rogatoire|\bCLOUD Act\b|"
    r"Rechtshilfe|convention on cybercrime|budapest convention|entraide (?:pénale|judiciaire)|"
    r"auxílio judiciário mútuo|asistencia judicial mutua|assistenza giudiziaria|"
    r"wederzijdse rechtshulp",
    re.I,
)
# A foreign code of criminal procedure cited as the basis: the request is a foreign
# government's even when the sender's country is not recognised.
_FOREIGN_LAW = re.compile(
    r"\bStPO\b|\bStGB\b|\bTKG\b|\bLECrim\b|Ley de Enjuiciamiento Criminal|"
    r"code de procédure pénale|codice di procedura penale|\bc\.p\.p\.|"
    r"Código de Processo Penal|Wetboek van Strafvordering|Lei n\.º 109/2009|"
    r"code pénal|Código Penal|codice penale|Wetboek van Strafrecht|Strafgesetzbuch|"
    r"Strafprozessordnung|\bCrPC\b|Information Technology Act|Investigatory Powers Act|"
    r"Police and Criminal Evidence Act|"
    # the judicial requisitions of French, German, Spanish and Portuguese procedure
    r"\bréquisition (?:judiciaire|à personne)|articles? (?:60-1|60-2|77-1-1|77-1-2|99-3)\b|"
    r"§\s*100[a-k]\b|§\s*16[13] StPO|\b588 (?:bis|ter)\b|Marco Civil|"
    r"Ministério Público|Procura della Repubblica|procureur de la République|"
    r"Staatsanwaltschaft|Openbaar Ministerie|Fiscalía",
    re.I,
)
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "interception",
        # Live or prospective access only: a terrorism article or a law's title is not it.
        re.compile(
            r"real[- ]time|live (?:access|monitoring|feed|interception|stream)|wire ?tap|"
            # not the title of Australia's Telecommunications (Interception and Access) Act
            r"\bintercept(?:ion|ing)?\b(?!\)?\s+and\s+Access)|"
            r"pen register|trap and trace|title iii|"
            r"prospective (?:collection|monitoring|data)|ongoing monitoring|"
            r"écoutes? téléphoniques?|interception des correspondances|temps réel|"
            r"Telekommunikationsüberwachung|\bTKÜ\b|§\s*100a StPO|Echtzeit|"
            r"tiempo real|interceptaci[óo]n|tempo real|interceptaç(?:ão|ões)|tempo reale|"
            r"intercettazion[ei]|aftappen|interceptie|"
            r"\bpen/trap\b|\bPRTT\b|prospective (?:cell[- ]site|location|precision location)|"
            r"intervención de las comunicaciones|intervenci[óo]n telef[óo]nica|"
            r"Überwachung (?:und Aufzeichnung )?der Telekommunikation|tapmaatregel|"
            r"opnemen van (?:vertrouwelijke )?(?:tele)?communicatie",
            re.I,
        ),
    ),
    (
        "emergency",
        re.compile(
            r"emergency disclosure|2702\s*\(b\)\s*\(8\)|2702\s*\(c\)\s*\(4\)|"
            r"exigent (?:circumstances|request)|demande urgente de divulgation|"
            r"divulgation d'urgence|divulgación de emergencia|Notfall(?:anfrage|auskunft)?\b|"
            r"divulgazione d'emergenza|divulgação de emergência|noodverzoek",
            re.I,
        ),
    ),
    ("international", _FOREIGN_BASIS),
    (
        "preservation_extension",
        re.compile(
            r"exten(?:d|sion)\w*\s+(?:of\s+)?(?:the\s+|our\s+|a\s+|my\s+)?(?:existing\s+|prior\s+|"
            r"previous\s+|original\s+)?(?:data\s+)?preserv|preservation extension|"
            r"(?:additional|second|further) (?:90|ninety)[- ]day|prolongation de la conservation|"
            r"Verlängerung der (?:Sicherung|Speicherung)",
            re.I,
        ),
    ),
    (
        "search_warrant",
        re.compile(
            r"search (?:and seizure )?warrant|\bwarrant\b(?!\s*(?:card|no\b|number|officer))|"
            r"mandat de perquisition|"
            r"Durchsuchungs(?:beschluss|befehl)",
            re.I,
        ),
    ),
    (
        "court_order",
        re.compile(
            r"2703\s*\(d\)|court order|production order|order (?:for|of) production|"
            r"it is (?:hereby )?ordered|\bordonnance\b|gerichtlicher Beschluss",
            re.I,
        ),
    ),
    (
        "subpoena",
        re.compile(
            r"subpoena|grand jury|\bsummons\b|2703\s*\(c\)\s*\(2\)|réquisition judiciaire|"
            # a National Security Letter is an administrative subpoena
            r"national security letter|Section 2709|§\s*2709",
            re.I,
        ),
    ),
    (
        "preservation",
        re.compile(
            r"2703\s*\(f\)|\bpreserv(?:e|ation|ing)\b|conservation des données|"
            r"(?:Daten)?sicherung|Speicherung",
            re.I,
        ),
    ),
    (
        "access_restriction",
        # Withholding, removing or blocking content: whoever asks, this is not a data request.
        re.compile(
            r"(?:restrict|block|remove|disable|suspend|withhold|limit)(?:ing)? "
            r"(?:the )?(?:access|account|content|post|page|url|link|repositor(?:y|ies))|"
            r"(?:restriction|limitation|blocking) of access|blocked for access|"
            r"block for access|"
            r"\bremoval (?:of|request|order|notice|action)\b|"
            r"\b(?:and|for|voluntary|content|immediate) removal\b|"
            r"take (?:\w+ ){0,3}down|takedown|geo-?block|withheld in|"
            r"(?:delete|remove) (?:all |the )?(?:relevant )?(?:links|information|content|posts?)|"
            r"remove (?:it|them) from|"
            r"close the (?:\d+ )?accounts?|prohibited information|"
            # "must be removed" asks for removal; "messages that have been deleted" asks for data
            r"(?:must|should|shall|will) be (?:promptly |immediately )?(?:removed|blocked|disabled|"
            r"taken down|made (?:unavailable|inaccessible))|"
            r"make (?:it|them|the \w+) (?:unavailable|inaccessible)|"
            r"retir(?:er|ait|ez) (?:les|le|la|ce|ces) contenus?|retrait (?:du|des|de)|"
            r"suppression (?:du|des|de)|blocage|"
            r"Sperr(?:ung|en)\b|(?:löschen|entfernen) Sie|Löschung|Entfernung (?:des|der)|"
            r"retirada (?:del|de)|bloqueo|eliminar (?:el|los|la|las) contenidos?|"
            r"rimozione|oscuramento|"
            r"indisponibiliza(?:ção|r)|remoção|bloqueio|"
            r"verwijder(?:en|ing)|blokker(?:en|ing)|ontoegankelijk|"
            r"удалени[еяюи]\w*|удалит\w*|ограничени\w* доступа|доступ[^.]{0,60}ограничен|"
            r"блокировк\w*|заблокир\w*|Единый реестр|"
            # Turkish (\u0131 is the dotless i): blocking of access, removal from publication
            r"erişimin engellenmesi|yay\u0131ndan ç\u0131kar\u0131lmas\u0131|"
            r"erişime kapat\u0131lmas\u0131|"
            # "delete the Falungong content", "to erase", "stop making publicly available"
            r"(?:delete|remove|erase) (?:all |the |this |these )?(?:[\w-]+ ){0,2}(?:links|"
            r"information|content|posts?|recordings?|videos?|pages?|items?)\b|\bto erase\b|"
            r"stop making (?:\w+ )?available|"
            # Removal and blocking in the other languages orders come in: it, bg, uk, cs, pl,
            # id, vi, el, he, ar, zh, ja, ko, th, tr. The act asked for (the noun, the
            # infinitive, the imperative), not the participle: "deleted messages" (видалені,
            # usunięte, 削除された, 已删除的, 삭제된) are data asked for.
            r"rimuover\w*|rendere non accessibil\w*|deindicizz\w*|"
            r"огранич\w* (?:на )?достъп\w*|премахване|премахне(?:те)?|"
            r"обмеж\w* доступ\w*|видалення|видалит\w*|блокуван\w*|заблокувати|"
            r"odstraněn[íi]|odstranit|odstraňte|znepřístupn[ěi]\w*|zablokov[áa]n[íi]|zablokovat|"
            r"usunięci[ea]|usun[ąa][ćc]|usuń|uniemożliwi\w* dostęp\w*|zablokowani[ea]|"
            r"penghapusan|pemblokiran|pemutusan akses|"
            r"gỡ bỏ|ngăn chặn|xo?á bỏ|"
            r"αφαίρεσ\w*|διαγραφή|διαγραφής|να διαγράψ\w*|φραγή|"  # noqa: RUF001
            r"הסרת|להסיר|הסרה|חסימת|לחסום|"
            r"حذف|حجب|إزالة|"
            r"(?<![已被])(?:删除|刪除)(?!的)|削除(?!され|済)|下架|屏蔽|封禁|送信防止措置|"
            r"삭제(?!된|됐)|차단(?!된)|게시\s?중단|"
            r"ระงับการเผยแพร่|ระงับการทำให้แพร่หลาย|ปิดกั้น|"
            r"kald\u0131r\u0131lmas\u0131|erişim engel\w*",
            re.I,
        ),
    ),
    (
        "user_consent",
        re.compile(r"(?:user|subscriber|account holder)'?s? (?:written )?consent", re.I),
    ),
    (
        "records_authentication",
        re.compile(
            r"certificat(?:e|ion) of authenticity|business records? (?:certification|declaration)",
            re.I,
        ),
    ),
]
_PROCESS = {"search_warrant", "court_order", "subpoena"}
# Process that compels data (not removal): with it, removal words are incidental.
_DATA_PROCESS = ("search_warrant", "subpoena", "international")

# An order that compels production of data, unlike a court's removal decision.
_ORDERS_DATA = re.compile(r"2703|production", re.I)

_NEGATED = re.compile(r"\b(?:not|no|nor|pas|nicht|keine?n?|non|não|niet)\b[^.]{0,30}$", re.I)

# A decision's evidence: the words and the part of the request they stand in.
Evidence = dict[str, str]


class _Text:
    """The parts joined into one text, remembering where each part starts."""

    def __init__(self, parts: Sequence[tuple[str, str]]) -> None:
        self.starts: list[tuple[int, str]] = []
        chunks: list[str] = []
        at = 0
        for name, text in parts:
            if not text:
                continue
            self.starts.append((at, name))
            chunks.append(text)
            at += len(text) + 2
        self.text = "\n\n".join(chunks)

    def part_at(self, offset: int) -> str:
        name = "the document"
        for start, part in self.starts:
            if start > offset:
                break
            name = part
        return name


def _present(pattern: re.Pattern[str], text: _Text, *, process: bool) -> list[Evidence]:
    """The phrases a pattern found, leaving out what is denied and, for legal process, what
    is mentioned as still to come ("a subpoena will follow")."""
    found = []
    body = text.text
    for m in pattern.finditer(body):
        around = body[max(0, m.start() - 80) : m.end() + 60]
        before = body[max(0, m.start() - 40) : m.start()]
        if (process and _FUTURE.search(around)) or _NEGATED.search(before):
            continue
        found.append({"words": " ".join(m.group(0).split()), "part": text.part_at(m.start())})
    return found


def _first(found: list[Evidence], limit: int = 3) -> list[Evidence]:
    """Up to `limit` pieces of evidence, each wording once."""
    seen: set[str] = set()
    out = []
    for item in found:
        key = item["words"].casefold()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out[:limit]


def classify(
    text: str = "",
    *,
    subject: str = "",
    foreign: str | None = None,
    language: str | None = None,
    parts: Sequence[tuple[str, str]] | None = None,
) -> tuple[str | None, list[Evidence]]:
    """The kind and its evidence: each {"words", "part"}. `parts` are the request's pieces as
    (name, text) — the mail subject, its body, each attachment — so each piece of evidence
    names where it stands; without them `text` is read as one part. `foreign` is the
    requesting country's ISO code when it is not the United States; `language` the request's
    (ISO 639-1): a request written in another language than English is a foreign
    authority's even when neither its country nor its law is recognised.

    Precedence, from DESIGN.md: a certificate of Regulation (EU) 2023/1543 is an EU order
    (EPOC or EPOC-PR); live or prospective access is `interception` and an emergency
    is `emergency` whoever asks; a request to withhold, remove or block is
    `access_restriction` even from a foreign ministry or court; any other request from a
    foreign government (or under a foreign code) is `international`; then the process."""
    if re.search(r"EMERGENCY DISCLOSURE REQUEST", subject or "", re.I):
        return "emergency", [{"words": subject.strip(), "part": "mail subject"}]
    joined = _Text(parts if parts is not None else [("the document", text)])
    # A certificate of Regulation (EU) 2023/1543 is that order whatever else it says (an
    # emergency case, a preservation, a foreign State's law are its own parts).
    eu_kind, words, at = eu_certificate.kind_of(joined.text)
    if eu_kind:
        return eu_kind, [{"words": words, "part": joined.part_at(at)}]
    hits = {kind: _present(p, joined, process=kind in _PROCESS) for kind, p in PATTERNS}
    if hits["interception"]:
        return "interception", _first(hits["interception"])
    if hits["emergency"]:
        return "emergency", _first(hits["emergency"])
    # "Preserve it; do not delete it" is a preservation: removal words must outweigh it.
    restrict = hits["access_restriction"]
    if (
        restrict
        and not any(hits[k] for k in _DATA_PROCESS)
        and not any(_ORDERS_DATA.search(e["words"]) for e in hits["court_order"])
        and len(restrict) > len(hits["preservation"])
    ):
        return "access_restriction", _first(hits["access_restriction"])
    danger = emergency_words(joined.text)
    if danger:
        return "emergency", [
            {"words": words, "part": joined.part_at(joined.text.find(words))} for words in danger
        ]
    law = _present(_FOREIGN_LAW, joined, process=False)
    abroad = language not in (None, "en")
    if hits["international"] or foreign or law or abroad:
        why = _first(hits["international"]) or _first(law)
        if not why and not foreign:
            why = [{"words": f"request written in {language}", "part": "the document"}]
        return "international", why or [
            {"words": f"requesting authority in {foreign}", "part": "the sender"}
        ]
    if hits["preservation_extension"]:
        return "preservation_extension", _first(hits["preservation_extension"])
    if any("2703" in e["words"] for e in hits["court_order"]):
        return "court_order", _first(hits["court_order"])
    if hits["preservation"] and not any(hits[k] for k in _PROCESS):
        return "preservation", _first(hits["preservation"])
    for kind in ("search_warrant", "court_order", "subpoena"):
        if hits[kind]:
            return kind, _first(hits[kind])
    for kind in ("preservation", "access_restriction", "user_consent", "records_authentication"):
        if hits[kind]:
            return kind, _first(hits[kind])
    return None, []
