"""The URLs of the content a takedown asks to remove, block or withhold (issue #17).

Each content URL a removal notice names is a target; the pages it only cites (the sender's
own site, a register, a law, an app store) are not, and a request for data names none."""

import re

from intake.extraction.contact import GOV_HINT

URL = re.compile(r"https?://[^\s<>\"')\]]+")
# A takedown: the request asks for content to be removed, blocked or withheld.
_REMOVAL = re.compile(
    r"\bremov(?:e|al)\b|\bdelete\b|close the (?:\d+ )?accounts?|restricted|заблокир|"
    r"take (?:it|the \w+) down|takedown|\bblock(?:ed|ing)?\b|"
    r"restrict(?:ion of)? access|withh[oe]ld|disable access|retrait|retirer|supprim|"
    r"déréférenc|blocage|entfern|sperr|lösch|indisponibiliza|remoç|remover|bloqueio|"
    r"bloque[oa]|bloquear|retirada|eliminaci|eliminar|rimozion|rimuover|oscura|verwijder|"
    r"blokker|usunię|usunąć|zablokow|удал|ограничени\w* доступ|Единый реестр|erişim|engellen|"
    # cs/sk/sl, uk/bg, el, he, ar, id/ms, vi, zh, ja, et, hu, ro
    r"odstran|zablokov|видал|блокуван|премахва|ограничаване на достъп|αφαίρεσ|διαγραφ|"
    r"απενεργοποί|הסר|מחיק|حذف|إزالة|ازالة|حجب|\bhapus|penghapusan|pemblokiran|gỡ bỏ|"
    r"ngăn chặn|刪除|删除|下架|移除|封鎖|屏蔽|削除|送信防止|eemalda|eltávolít|eliminare",
    re.I,
)
# "do not delete", "ne pas supprimer", "nicht löschen": preservation, not removal
_NEGATED = re.compile(r"(?:\bnot|n't|\bne pas|\bnicht|\bno|\bnão|\bnon)\s+(?:\w+\s+)?$", re.I)
# Pages that a notice cites but does not ask to remove: registers, laws, app stores.
NOT_CONTENT_HOST = re.compile(
    r"(?:^|\.)(?:apps\.apple\.com|play\.google\.com|eur-lex\.europa\.eu|legislation\.gov\.uk)$|"
    r"\.(?:gov|gob|gouv|gv|govt|jus|mil)(?:\.[a-z]{2})?$",
    re.I,
)
# "Website: https://…", "Site web :": the sender's own page in its contact details
_SITE_LABEL = re.compile(
    r"\b(?:Website|Web ?site|Web|Site web|Sitio web|Internet|Homepage)\s*:", re.I
)


# The ways threat reports and notices defang a URL so that no one clicks it: "hxxps",
# "h**ps", "https[:]//", "https[://]", "github[.]com", "github(.)com", "github[dot]com".
_DEFANGED_SCHEME = re.compile(r"\bh(?:xx|XX|\*\*|tt)p(s?)(?:\[:\]|\[://\]|:)(?://)?", re.I)
_DEFANGED_DOT = re.compile(r"\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}", re.I)


def refang(text: str) -> str:
    """A defanged URL (`https[:]//github[.]com/x`, `hxxps[://]github[dot]com/x`) in its usable
    form."""
    text = _DEFANGED_SCHEME.sub(lambda m: f"http{m.group(1)}://", text)
    return _DEFANGED_DOT.sub(".", text)


def asks_removal(text: str) -> bool:
    return any(
        not _NEGATED.search(text, max(0, m.start() - 20), m.start())
        for m in _REMOVAL.finditer(text)
    )


def official(host: str) -> bool:
    return bool(NOT_CONTENT_HOST.search(host) or GOV_HINT.search(host))


def content_urls(text: str, own_domains: set[str]) -> list[str]:
    """The URLs of the content a takedown names, each once, in the order written; none when
    the document asks for no removal, and never the sender's own or official pages."""
    if not asks_removal(text):
        return []
    text = refang(text)
    found: list[str] = []
    for m in URL.finditer(text):
        url = m.group(0).rstrip(".,;:")
        host = url.split("/")[2].split(":")[0].lower()
        # the sender's own site; a subdomain may be the provider's (content.our-domain)
        own = host.removeprefix("www.") in own_domains
        line_start = text.rfind("\n", 0, m.start()) + 1
        if official(host) or own or _SITE_LABEL.search(text, line_start, m.start()):
            continue
        if url not in found:
            found.append(url)
    return found
