"""The Annex III answer's words (Regulation (EU) 2023/1543), in English and French: for each
reason code, its heading and what it means for the issuing authority. Keyed by AnnexIIIReason;
a test checks that every reason has its words in every language. Other EU languages are a
documented gap (README "EU orders"): the English answer goes to them."""

from triage.models.choices import AnnexIIIReason as R

LANGUAGES = ("en", "fr")

ANNEX_III: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        R.INCOMPLETE: (
            "The certificate is incomplete, contains manifest errors or does not contain "
            "sufficient information to execute it",
            "Please send a corrected or completed certificate. The data are preserved meanwhile.",
        ),
        R.NOT_A_USER: (
            "The person whose data are sought is not a user of the service, or cannot be "
            "identified from the certificate",
            "No account matches the identifiers given. Please check them or give others.",
        ),
        R.DATA_DELETED: (
            "The data were deleted before the order was received",
            "The data had been deleted in the ordinary course, before the order reached us.",
        ),
        R.NO_DATA: (
            "The data requested are not held",
            "We hold no data of the categories requested for the person concerned.",
        ),
        R.DE_FACTO_IMPOSSIBLE: (
            "It is de facto impossible to comply, for reasons not attributable to us",
            "The circumstances are described below.",
        ),
        R.NOT_COVERED: (
            "The service concerned is not covered by the Regulation",
            "The service named in the certificate is not one of those Regulation (EU) "
            "2023/1543 applies to.",
        ),
        R.IMMUNITIES: (
            "The data are protected by immunities or privileges, or by the rules on the "
            "freedom of the press or of expression, under the law of the enforcing State",
            "We ask the issuing authority to take this into account and to decide whether to "
            "withdraw, adapt or maintain the order.",
        ),
        R.THIRD_COUNTRY_LAW: (
            "Compliance would conflict with an obligation under the law of a third country "
            "(reasoned objection, Article 17)",
            "The law concerned, its applicability and the nature of the conflict are set out "
            "below.",
        ),
        R.OTHER: ("Other reasons", "They are explained below."),
    },
    "fr": {
        R.INCOMPLETE: (
            "Le certificat est incomplet, contient des erreurs manifestes ou ne contient pas "
            "suffisamment d'informations pour être exécuté",
            "Merci de nous adresser un certificat corrigé ou complété. Les données sont "
            "conservées dans l'intervalle.",
        ),
        R.NOT_A_USER: (
            "La personne dont les données sont demandées n'est pas utilisatrice du service, "
            "ou ne peut être identifiée à partir du certificat",
            "Aucun compte ne correspond aux identifiants indiqués. Merci de les vérifier ou "
            "d'en indiquer d'autres.",
        ),
        R.DATA_DELETED: (
            "Les données ont été effacées avant la réception de l'injonction",
            "Les données avaient été effacées dans le cours normal des opérations, avant que "
            "l'injonction ne nous parvienne.",
        ),
        R.NO_DATA: (
            "Les données demandées ne sont pas détenues",
            "Nous ne détenons aucune donnée des catégories demandées pour la personne concernée.",
        ),
        R.DE_FACTO_IMPOSSIBLE: (
            "Il est impossible de fait d'exécuter l'injonction, pour des raisons qui ne nous "
            "sont pas imputables",
            "Les circonstances sont décrites ci-dessous.",
        ),
        R.NOT_COVERED: (
            "Le service concerné n'entre pas dans le champ du règlement",
            "Le service désigné dans le certificat n'est pas de ceux auxquels s'applique le "
            "règlement (UE) 2023/1543.",
        ),
        R.IMMUNITIES: (
            "Les données sont couvertes par des immunités ou privilèges, ou par les règles "
            "relatives à la liberté de la presse ou d'expression, en vertu du droit de l'État "
            "d'exécution",
            "Nous demandons à l'autorité d'émission d'en tenir compte et de décider de retirer, "
            "d'adapter ou de maintenir l'injonction.",
        ),
        R.THIRD_COUNTRY_LAW: (
            "L'exécution serait contraire à une obligation découlant du droit d'un pays tiers "
            "(objection motivée, article 17)",
            "Le droit concerné, son applicabilité et la nature du conflit sont exposés ci-dessous.",
        ),
        R.OTHER: ("Autres raisons", "Elles sont exposées ci-dessous."),
    },
}


def annex_iii_reason(code: str, language: str) -> dict[str, str]:
    """{code, label, explanation} in ``language`` (English when it has no words yet)."""
    words = ANNEX_III.get(language, ANNEX_III["en"])
    label, explanation = words[R(code)]
    return {"code": code, "label": label, "explanation": explanation}


def letter_language(language: str) -> str:
    """The language the Annex III answer is written in: the certificate's, where we have the
    words, else English."""
    return language if language in LANGUAGES else "en"


# The order's name as the Regulation writes it in each language (the certificate's title).
ORDER_TITLES: dict[str, dict[str, str]] = {
    "en": {
        "EPOC": "European Production Order Certificate (EPOC)",
        "EPOC-PR": "European Preservation Order Certificate (EPOC-PR)",
    },
    "fr": {
        "EPOC": "certificat d'injonction européenne de production (EPOC)",
        "EPOC-PR": "certificat d'injonction européenne de conservation (EPOC-PR)",
    },
}

# Article 3(9) to (12): the categories of data, as the certificates tick them.
DATA_CATEGORIES: dict[str, dict[str, str]] = {
    "en": {
        "subscriber": "Subscriber data",
        "identification": "Data requested only to identify the user",
        "traffic": "Traffic data",
        "content": "Content data",
    },
    "fr": {
        "subscriber": "Données relatives aux abonnés",
        "identification": "Données demandées aux seules fins d'identifier l'utilisateur",
        "traffic": "Données relatives au trafic",
        "content": "Données relatives au contenu",
    },
}


def order_title(order_name: str, language: str) -> str:
    """The certificate's title in ``language`` (English where we have no words for it)."""
    return ORDER_TITLES.get(language, ORDER_TITLES["en"])[order_name]


def data_category_labels(categories: list[str], language: str) -> list[str]:
    """Each category's name in ``language``; a label given already (a sample, a reading we do
    not know) is kept as it is."""
    words = DATA_CATEGORIES.get(language, DATA_CATEGORIES["en"])
    return [words.get(c, c) for c in categories]


# What a produced record holds (RecordCategory), in the languages the cover letter is written
# in other than English (English is the category's own label). A test checks every category.
RECORD_CATEGORIES: dict[str, dict[str, str]] = {
    "fr": {
        "recordings": "Enregistrements (contenu)",
        "transcripts": "Transcriptions (contenu)",
        "chats": "Messages de discussion (contenu)",
        "files": "Fichiers (contenu)",
        "whiteboards": "Tableaux blancs (contenu)",
        "voicemail": "Messagerie vocale (contenu)",
        "subscriber": "Données relatives aux abonnés",
        "meeting_metadata": "Métadonnées des réunions",
        "ip_logs": "Journaux d'adresses IP",
        "device_ids": "Identifiants d'appareils (MAC, identifiant d'appareil)",
        "location": "Localisation approximative",
    },
}
