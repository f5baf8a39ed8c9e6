"""The certificates of Regulation (EU) 2023/1543: an EPOC (Annex I, a European Production
Order) or an EPOC-PR (Annex II, a European Preservation Order), recognised by their titles in
English, French, German, Spanish, Italian, Portuguese and Dutch, and what they say: the issuing
State, the categories of data, an emergency, the enforcing authority's notification, and the
labelled fields (intake/extraction/eu_fields.py: the issuing and validating authorities, the file
number, the offence and its legal basis, the contact person, the targets). Bounded: only the
first 200,000 characters are read."""

import re
from typing import Any

from intake.extraction.eu_fields import is_label, read_fields

LIMIT = 200_000

# The Regulation itself, cited by number in every language.
_REGULATION = (
    r"(?:Regulation|Règlement|Verordnung|Reglamento|Regolamento|Regulamento|Verordening)"
    r"\s*\((?:EU|UE)\)\s*(?:No\.?\s*|n(?:o|º|°)\.?\s*|Nr\.\s*)?2023/1543"
)
PRESERVATION = re.compile(
    r"\bEPOC-PR\b|"
    r"European Preservation Order|injonction européenne de conservation|"
    r"Europäische(?:n)? Sicherungsanordnung|orden europea de conservación|"
    r"ordine europeo di conservazione|injunção europeia de conservação|"
    r"Europe(?:es|se) bewaringsbevel",
    re.I,
)
PRODUCTION = re.compile(
    r"\bEPOC\b(?!-PR)|"
    r"European Production Order|injonction européenne de production|"
    r"Europäische(?:n)? Herausgabeanordnung|orden europea de (?:producción|entrega)|"
    r"ordine europeo di produzione|injunção europeia de produção|"
    r"Europe(?:es|se) verstrekkingsbevel",
    re.I,
)
REGULATION = re.compile(_REGULATION, re.I)

# Member States bound by the Regulation (Denmark is not), by the names a certificate uses.
_STATES = {
    "AT": r"Austria|Autriche|Österreich|Áustria|Oostenrijk",
    "BE": r"Belgium|Belgique|Belgien|Bélgica|Belgio|België",
    "BG": r"Bulgaria|Bulgarie|Bulgarien|Bulgária|Bulgarije",
    "HR": r"Croatia|Croatie|Kroatien|Croacia|Croazia|Croácia|Kroatië",
    "CY": r"Cyprus|Chypre|Zypern|Chipre|Cipro",
    "CZ": r"Czechia|Czech Republic|Tchéquie|Tschechien|Chequia|Cechia|Chéquia|Tsjechië",
    "EE": r"Estonia|Estonie|Estland|Estónia",
    "FI": r"Finland|Finlande|Finnland|Finlandia|Finlândia",
    "FR": r"France|Frankreich|Francia|França|Frankrijk",
    "DE": r"Germany|Allemagne|Deutschland|Alemania|Germania|Alemanha|Duitsland",
    "GR": r"Greece|Grèce|Griechenland|Grecia|Grécia|Griekenland",
    "HU": r"Hungary|Hongrie|Ungarn|Hungría|Ungheria|Hungria|Hongarije",
    "IE": r"Ireland|Irlande|Irland|Irlanda|Ierland",
    "IT": r"Italy|Italie|Italien|Italia|Itália|Italië",
    "LV": r"Latvia|Lettonie|Lettland|Letonia|Lettonia|Letónia|Letland",
    "LT": r"Lithuania|Lituanie|Litauen|Lituania|Lituânia|Litouwen",
    "LU": r"Luxembourg|Luxemburg|Luxemburgo|Lussemburgo",
    "MT": r"Malta|Malte",
    "NL": r"Netherlands|Pays-Bas|Niederlande|Países Bajos|Paesi Bassi|Países Baixos|Nederland",
    "PL": r"Poland|Pologne|Polen|Polonia|Polónia",
    "PT": r"Portugal|Portogallo",
    "RO": r"Romania|Roumanie|Rumänien|Rumanía|Roménia|Roemenië",
    "SK": r"Slovakia|Slovaquie|Slowakei|Eslovaquia|Slovacchia|Eslováquia|Slowakije",
    "SI": r"Slovenia|Slovénie|Slowenien|Eslovenia|Eslovénia|Slovenië",
    "ES": r"Spain|Espagne|Spanien|España|Spagna|Espanha|Spanje",
    "SE": r"Sweden|Suède|Schweden|Suecia|Svezia|Suécia|Zweden",
}
# "Issuing State: France" and its translations; the State named after the label counts.
_ISSUING = re.compile(
    r"(?:issuing State|État d'émission|Anordnungsstaat|Estado de emisión|Stato di emissione|"
    r"Estado de emissão|uitvaardigende (?:lid)?staat)\s*[:\-\u2013]?\s*([^\n]{0,60})",
    re.I,
)
_CATEGORIES = {
    "subscriber": r"subscriber data|données relatives aux abonnés|Teilnehmerdaten|"
    r"datos de (?:los )?abonados|dati (?:relativi agli )?abbonati|dados (?:relativos aos )?"
    r"assinantes|abonneegegevens",
    "identification": r"sole purpose of identifying the user|seule fin d'identifier l'utilisateur|"
    r"ausschließlich zum Zweck der Identifizierung|único fin de identificar al usuario|"
    r"solo (?:fine|scopo) di identificare l'utente|exclusivamente para (?:efeitos|o fim) de "
    r"identificar o utilizador|uitsluitend (?:met het doel|om) de gebruiker te identificeren",
    "traffic": r"traffic data|données relatives au trafic|Verkehrsdaten|datos de tráfico|"
    r"dati (?:relativi al )?traffico|dados de tráfego|verkeersgegevens",
    "content": r"content data|données relatives au contenu|Inhaltsdaten|datos de contenido|"
    r"dati (?:relativi al )?contenuto|dados de conteúdo|inhoudsgegevens",
}
# A ticked box ("[x]", "☒", "X") before the category, on the same line.
_TICKED = r"(?:\[\s*[xX✓✔]\s*\]|[☒☑✓✔■]|\(\s*[xX]\s*\))[^\n]{0,40}?(?:"
_EMERGENCY = re.compile(
    _TICKED + r"emergency case|cas d'urgence|Notfall|caso de emergencia|caso di emergenza|"
    r"caso de emergência|noodgeval)",
    re.I,
)
_NOTIFIED = re.compile(
    _TICKED + r"enforcing authority (?:has been |was )?notified|notification (?:to|of) the "
    r"enforcing authority|autorité d'exécution (?:a été )?notifiée|Vollstreckungsbehörde "
    r"(?:wurde )?unterrichtet|autoridad de ejecución (?:ha sido )?notificada|autorità di "
    r"esecuzione (?:è stata )?notificata|autoridade de execução (?:foi )?notificada|"
    r"uitvoerende autoriteit (?:is )?in kennis gesteld)",
    re.I,
)


_ACRONYM = re.compile(r"\bEPOC(?:-PR)?\b")


def kind_of(text: str) -> tuple[str | None, str, int]:
    """``eu_preservation_order`` or ``eu_production_order`` and the words that decided, with
    where they start, when the text is an EU certificate: it names itself EPOC or EPOC-PR, or
    cites the Regulation and names an order. The first order named is the certificate's title
    (an EPOC may cite a previous EPOC-PR further down, an EPOC-PR a production to follow)."""
    text = text[:LIMIT]
    if not (_ACRONYM.search(text) or REGULATION.search(text)):
        return None, "", -1
    pr, epoc = PRESERVATION.search(text), PRODUCTION.search(text)
    first = min((m for m in (pr, epoc) if m), key=lambda m: m.start(), default=None)
    if first is None:
        return None, "", -1
    kind = "eu_preservation_order" if first is pr else "eu_production_order"
    return kind, " ".join(first.group(0).split()), first.start()


def read(text: str, *, kind: str | None) -> dict[str, Any] | None:
    """What an EU certificate says that is simple to read; None on any other kind."""
    if kind not in ("eu_production_order", "eu_preservation_order"):
        return None
    text = text[:LIMIT]
    state = None
    for m in _ISSUING.finditer(text):
        state = next(
            (code for code, names in _STATES.items() if re.search(rf"\b(?:{names})\b", m.group(1))),
            None,
        )
        if state:
            break
    categories = [
        name for name, words in _CATEGORIES.items() if re.search(_TICKED + words + ")", text, re.I)
    ]
    return {
        "issuing_state": state,
        "data_categories": categories,
        "emergency": bool(_EMERGENCY.search(text)),
        "enforcing_notified": bool(_NOTIFIED.search(text)),
        **read_fields(text),
    }


# The certificate's field → the extract contract's (DESIGN.md): the agency is the issuing
# authority as written, the agent the contact person the certificate names.
CONTRACT = {
    "issuing_authority": "agency",
    "contact_name": "agent_name",
    "contact_email": "agent_email",
    "contact_phone": "phone",
    "address": "address",
}


def contract_fields(eu: dict[str, Any] | None, fields: dict[str, Any]) -> dict[str, Any]:
    """The contract's fields as the certificate's labels give them, where it gives them (its
    labels are surer than the general reader's guesses on a form); and the targets it names
    that the general reader did not find."""
    if not eu:
        return {}
    out = {field: eu[name] for name, field in CONTRACT.items() if eu.get(name)}
    if "agency" not in out and is_label(fields.get("agency")):
        out["agency"] = None  # a heading of the form, not an authority's name
    if out.get("address"):
        out["po_box"] = None  # the certificate's address is the authority's street address
    known = {
        str(v).lower() for t in fields.get("targets") or [] for k, v in t.items() if k != "type"
    }
    extra = [
        t for t in eu.get("targets") or []
        if not {str(v).lower() for k, v in t.items() if k != "type"} & known
    ]  # fmt: skip
    if extra:
        out["targets"] = [*(fields.get("targets") or []), *extra]
    return out
