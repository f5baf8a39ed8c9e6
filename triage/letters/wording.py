"""Plain words for the agency: what each rejection reason means and what would cure it.

Keyed by RejectionReason; a test checks that every reason has its explanation.
"""

from triage.models.choices import RejectionReason as R

REASON_EXPLANATIONS: dict[str, str] = {
    R.NOT_GOVERNMENT_SENDER: (
        "The request did not come from an email address issued by a government authority. We "
        "answer only requests sent from an official government address, so that we know who is "
        "asking."
    ),
    R.MISSING_REQUIRED_FIELDS: (
        "The request does not carry all the information we need to identify the requesting "
        "officer and the data sought. A new request with the missing items will be considered."
    ),
    R.OVERBROAD: (
        "The request is vague or overbroad: it does not name specific users, accounts or "
        "meetings. Please identify each one by a user id, an email address, an IP address with "
        "date and time, an account number, or a meeting id."
    ),
    R.NO_LEGAL_BASIS: (
        "The legal process provided does not give a sufficient legal basis for the data "
        "requested. Content, for example, requires a search warrant."
    ),
    R.NOT_IN_ENGLISH: (
        "The request is not in English. Please send it in English, or with a certified English "
        "translation."
    ),
    R.NO_CAPABILITY: (
        "We have no technical capability to provide what is asked (for example real-time "
        "interception of communications), so we cannot comply."
    ),
    R.NO_DATA: "We hold no data matching the identifiers given in the request.",
    R.WRONG_JURISDICTION: (
        "The legal process was not issued by an authority with jurisdiction over us. A request "
        "from outside that jurisdiction must come through the applicable mutual legal assistance "
        "procedure."
    ),
    R.OTHER: "The request cannot be answered for the reason explained below.",
}
