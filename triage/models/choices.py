"""The words of the legal process (REQUIREMENTS.md), as the values stored in the database."""

from django.db import models


class Kind(models.TextChoices):
    PRESERVATION = "preservation", "Preservation"
    PRESERVATION_EXTENSION = "preservation_extension", "Preservation extension"
    SUBPOENA = "subpoena", "Subpoena"
    COURT_ORDER = "court_order", "Court order"
    SEARCH_WARRANT = "search_warrant", "Search warrant"
    EMERGENCY = "emergency", "Emergency disclosure"
    INTERNATIONAL = "international", "International"
    INTERCEPTION = "interception", "Real-time interception"
    ACCESS_RESTRICTION = "access_restriction", "Access restriction"
    USER_CONSENT = "user_consent", "User consent"
    RECORDS_AUTHENTICATION = "records_authentication", "Records authentication"
    # Regulation (EU) 2023/1543: an EPOC (Annex I) and an EPOC-PR (Annex II).
    EU_PRODUCTION_ORDER = "eu_production_order", "European Production Order (EPOC)"
    EU_PRESERVATION_ORDER = "eu_preservation_order", "European Preservation Order (EPOC-PR)"


# Kinds that end in a hold rather than a review of legal process.
PRESERVATION_KINDS = frozenset(
    {Kind.PRESERVATION, Kind.PRESERVATION_EXTENSION, Kind.EU_PRESERVATION_ORDER}
)
# The orders of Regulation (EU) 2023/1543 (triage/eu_orders.py).
EU_ORDER_KINDS = frozenset({Kind.EU_PRODUCTION_ORDER, Kind.EU_PRESERVATION_ORDER})


class DataCategory(models.TextChoices):
    """The categories of data an EU order asks for (Regulation (EU) 2023/1543, Article 3)."""

    SUBSCRIBER = "subscriber", "Subscriber data"
    IDENTIFICATION = "identification", "Data requested only to identify the user"
    TRAFFIC = "traffic", "Traffic data"
    CONTENT = "content", "Content data"


class Status(models.TextChoices):
    RECEIVED = "received", "Received"
    NEEDS_INFO = "needs_info", "Needs information"
    VALIDATED = "validated", "Validated"
    PRESERVED = "preserved", "Preserved"
    EXTENDED = "extended", "Extended"
    RELEASED = "released", "Released"
    EXPIRED = "expired", "Expired"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    DISCLOSED = "disclosed", "Disclosed"
    REJECTED = "rejected", "Rejected"
    CLOSED = "closed", "Closed"


OPEN_STATUSES = frozenset(set(Status) - {Status.CLOSED})
# Nothing more is owed to the agency (the request may still wait to be closed).
FINISHED_STATUSES = frozenset(
    {Status.DISCLOSED, Status.REJECTED, Status.CLOSED, Status.RELEASED, Status.EXPIRED}
)


class Notice(models.TextChoices):
    """Whether and when the affected user is told (a second machine on the request)."""

    NOT_DECIDED = "not_decided", "Not decided"
    SENT = "sent", "Sent"
    DELAYED = "delayed", "Delayed by a non-disclosure order"
    NOT_PERMITTED = "not_permitted", "Not permitted"
    NOT_REQUIRED = "not_required", "Not required"


class RejectionReason(models.TextChoices):
    NOT_GOVERNMENT_SENDER = "not_government_sender", "Not sent from a government address"
    MISSING_REQUIRED_FIELDS = "missing_required_fields", "Required information is missing"
    OVERBROAD = "overbroad", "Vague or overbroad"
    NO_LEGAL_BASIS = "no_legal_basis", "No sufficient legal basis"
    NOT_IN_ENGLISH = "not_in_english", "Not in English"
    NO_CAPABILITY = "no_capability", "No such capability exists"
    NO_DATA = "no_data", "No data held"
    WRONG_JURISDICTION = "wrong_jurisdiction", "Wrong jurisdiction"
    OTHER = "other", "Other"


class AnnexIIIReason(models.TextChoices):
    """Why an EU order cannot be executed, as the addressee answers it with the Annex III form
    (Regulation (EU) 2023/1543, Articles 10, 11 and 17). The rejection of an EU order."""

    INCOMPLETE = "incomplete", "Certificate incomplete, with manifest errors or insufficient"
    NOT_A_USER = "not_a_user", "The person is not a user of the service or cannot be identified"
    DATA_DELETED = "data_deleted", "The data were deleted before the order was received"
    NO_DATA = "no_data", "The data requested are not held"
    DE_FACTO_IMPOSSIBLE = "de_facto_impossible", "Compliance is de facto impossible"
    NOT_COVERED = "not_covered", "The service is not covered by the Regulation"
    IMMUNITIES = "immunities", "Immunities, privileges, or freedom of the press or of expression"
    THIRD_COUNTRY_LAW = "third_country_law", "Conflicting obligations under a third country's law"
    OTHER = "other", "Other reasons"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    POST = "post", "Post"
    FAX = "fax", "Fax"
    MANUAL = "manual", "Entered by hand"


class TargetType(models.TextChoices):
    USER = "user", "User"
    ACCOUNT = "account", "Account"
    MEETING = "meeting", "Meeting"


class DeadlineKind(models.TextChoices):
    HOLD_END = "hold_end", "Hold ends"
    HOLD_REMINDER = "hold_reminder", "Hold ending soon"
    EXTENSION_END = "extension_end", "Extended hold ends"
    RESPONSE_DUE = "response_due", "Response due"
    RESPONSE_REMINDER = "response_reminder", "Response due soon"
    EMERGENCY_ACK = "emergency_ack", "Emergency to acknowledge"
    EMERGENCY_ESCALATION = "emergency_escalation", "Emergency escalation"
    NONDISCLOSURE_END = "nondisclosure_end", "Non-disclosure order ends"
    OBJECTION_WINDOW_END = "objection_window_end", "User objection window ends"
    NEEDS_INFO_EXPIRY = "needs_info_expiry", "Agency answer window ends"
    EMERGENCY_NOTICE = "emergency_notice", "User notice due after an emergency"
    RETENTION_PURGE = "retention_purge", "Retention period ends"
    # Regulation (EU) 2023/1543, Articles 8 and 10: until then the EPOC may not be executed.
    EU_ENFORCING_WINDOW_END = "eu_enforcing_window_end", "Enforcing authority's window ends"


class EventKind(models.TextChoices):
    """What an Event records. Transition events use the transition's name."""

    OPENED = "opened", "Opened"
    VALIDATE = "validate", "Validated"
    ASK_INFO = "ask_info", "Asked the agency for information"
    ANSWER = "answer", "Agency answered"
    LAPSE = "lapse", "Closed: agency never answered"
    START_REVIEW = "start_review", "Review started"
    PRESERVE = "preserve", "Hold placed"
    EXTEND = "extend", "Hold extended"
    FULFIL = "fulfil", "Extension applied"
    RELEASE = "release", "Hold released"
    EXPIRE = "expire", "Hold expired"
    SUBMIT_FOR_APPROVAL = "submit_for_approval", "Approval asked"
    APPROVE = "approve", "Approved"
    WITHDRAW_APPROVAL = "withdraw_approval", "Approval withdrawn"
    DISCLOSE = "disclose", "Disclosed"
    REJECT = "reject", "Rejected"
    CLOSE = "close", "Closed"
    NOTICE_SEND = "notice_send", "User notice sent"
    NOTICE_DELAY = "notice_delay", "User notice delayed"
    NOTICE_FORBID = "notice_forbid", "User notice not permitted"
    NOTICE_WAIVE = "notice_waive", "User notice not required"
    MESSAGE = "message", "Message received"
    REMINDED = "reminded", "Reminder sent"
    ESCALATED = "escalated", "Emergency escalated"
    OVERDUE = "overdue", "Response overdue"
    TIMER = "timer", "Timer reached"
    PURGED = "purged", "Purged at the end of retention"
    ASSIGNED = "assigned", "Assigned"
    LINKED = "linked", "Linked to a matter"
    NOTE = "note", "Note"
    NONDISCLOSURE_ORDER = "nondisclosure_order", "Non-disclosure order recorded"
    NOTICE_RECIPIENT = "notice_recipient", "User notice recipient added"
    OBJECTION = "objection", "User objected"
    OBJECTION_RESOLVE = "objection_resolve", "Objection resolved"
    ACCESS_RESTRICTION = "access_restriction", "Access restriction recorded"
    CALLBACK = "callback", "Call-back recorded"
    FIELDS_CHANGED = "fields_changed", "Details corrected"
    LETTER_ISSUED = "letter_issued", "Letter issued"
    LETTER_RENDERED = "letter_rendered", "Letter rendered and signed"
    LETTER_SENT = "letter_sent", "Letter sent"
    LETTER_FAILED = "letter_failed", "Letter failed"
    PRODUCTION_FILE_ADDED = "production_file_added", "Record added to a production"
    PRODUCTION_BUILT = "production_built", "Production built"
    NO_DATA = "no_data", "Nothing to produce"
    DESTINATION_SET = "destination_set", "Destination decided"
    # People and roles (triage/people.py): request None, reference "".
    USER_CREATED = "user_created", "Person added"
    USER_DELETED = "user_deleted", "Person deleted"
    USER_CHANGED = "user_changed", "Person's access changed"
    PASSWORD_CHANGED = "password_changed", "Password changed"
    USER_GROUPS_CHANGED = "user_groups_changed", "Person's roles changed"
    USER_PERMISSIONS_CHANGED = "user_permissions_changed", "Person's permissions changed"
    GROUP_PERMISSIONS_CHANGED = "group_permissions_changed", "Role's permissions changed"
    SECOND_FACTOR_ADDED = "second_factor_added", "Second factor added"
    SECOND_FACTOR_REMOVED = "second_factor_removed", "Second factor removed or reset"
    APPROVER_GRANTED = "approver_granted", "Became an approver"
    # triage/people_watch.py: the people state as it stands, and changes no people Event explains.
    PEOPLE_STATE = "people_state", "People and roles checked"
    PEOPLE_UNRECORDED = "people_unrecorded", "People or roles changed outside lerq"
    AGENCY_NUMBER = "agency_number", "Agency number directory changed"
    FIELDS_PROPOSED = "fields_proposed", "Details proposed from the agency's answer"
    PROPOSALS_ACCEPTED = "proposals_accepted", "Proposed details accepted"
    # A held sender's domain a clerk accepted as a government's (intake/unlisted.py): request
    # None, reference "", the domain and the message in data.
    GOVERNMENT_DOMAIN_ADDED = "government_domain_added", "Sender domain accepted as a government's"
    KIND_CORRECTED = "kind_corrected", "Kind corrected"
    TARGETS_CORRECTED = "targets_corrected", "Targets corrected"
    LETTER_EDITED = "letter_edited", "Letter paragraph edited"
    LETTER_RELEASED = "letter_released", "Letter sent by a person"
    DEFICIENCIES_PROPOSED = "deficiencies_proposed", "Deficiencies proposed by intake"
    READING_CONFIRMED = "reading_confirmed", "Reading confirmed by a person"
    LETTER_DISCARDED = "letter_discarded", "Draft letter discarded"
    PROPOSAL_DECLINED = "proposal_declined", "Proposed detail declined"
    NOTICE_DRAFTED = "notice_drafted", "User notice drafted"
    # The queue exported to CSV (triage/services/exports.py): request None, reference "", the
    # filter's query string and the number of rows in data.
    QUEUE_EXPORTED = "queue_exported", "Queue exported to CSV"
    # A person's calendar feed (triage/services/calendar.py): request None; never the secret.
    CALENDAR_LINK_MADE = "calendar_link_made", "Calendar link made (any older one revoked)"
    CALENDAR_LINK_REVOKED = "calendar_link_revoked", "Calendar link revoked"
    # Annex V: the issuing authority confirms a subsequent request for production was issued.
    EU_PRODUCTION_CONFIRMED = "eu_production_confirmed", "Subsequent production request confirmed"
    # A message to the agency written on the request page (triage/services/agency_messages.py):
    # drafted by one person, sent by a second, or discarded.
    AGENCY_MESSAGE_DRAFTED = "agency_message_drafted", "Message to the agency drafted"
    AGENCY_MESSAGE_SENT = "agency_message_sent", "Message to the agency sent"
    AGENCY_MESSAGE_DISCARDED = "agency_message_discarded", "Message to the agency discarded"
    # Articles 10(2), 12: the enforcing authority's answer to an EPOC it was notified of.
    EU_ENFORCING_NO_GROUNDS = "eu_enforcing_no_grounds", "Enforcing authority raises no ground"
    EU_ENFORCING_REFUSED = "eu_enforcing_refused", "Enforcing authority raised a ground for refusal"
    # The issuing authority withdrew the EU order before production (Article 12(3) after a
    # ground for refusal, or for any reason): the request closes (the transition eu_withdrawn).
    EU_WITHDRAWN = "eu_withdrawn", "Withdrawn by the issuing authority"
