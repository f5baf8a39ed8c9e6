from triage.models.agency_message import AgencyMessage, AgencyMessageStatus
from triage.models.calendar import CalendarFeed
from triage.models.callback import AgencyNumber, CallBack, CallBackOutcome
from triage.models.checkpoint import Checkpoint
from triage.models.choices import (
    Channel,
    DeadlineKind,
    EventKind,
    Kind,
    Notice,
    RejectionReason,
    Status,
    TargetType,
)
from triage.models.event import AppendOnlyError, Event
from triage.models.letter import Letter, LetterKind, LetterStatus
from triage.models.mail import OutboundMail
from triage.models.notice import AccessRestriction, NondisclosureOrder, NoticeRecipient, Objection
from triage.models.people import ApproverSince
from triage.models.production import (
    CONTENT_CATEGORIES,
    Production,
    ProductionFile,
    RecordCategory,
)
from triage.models.proposal import FieldProposal, ProposedField
from triage.models.request import Matter, ReferenceCounter, Request, Target
from triage.models.saved_filter import SavedFilter
from triage.models.timers import Deadline, Hold

__all__ = [
    "CONTENT_CATEGORIES",
    "AccessRestriction",
    "AgencyMessage",
    "AgencyMessageStatus",
    "AgencyNumber",
    "AppendOnlyError",
    "ApproverSince",
    "CalendarFeed",
    "CallBack",
    "CallBackOutcome",
    "Channel",
    "Checkpoint",
    "Deadline",
    "DeadlineKind",
    "Event",
    "EventKind",
    "FieldProposal",
    "Hold",
    "Kind",
    "Letter",
    "LetterKind",
    "LetterStatus",
    "Matter",
    "NondisclosureOrder",
    "Notice",
    "NoticeRecipient",
    "Objection",
    "OutboundMail",
    "Production",
    "ProductionFile",
    "ProposedField",
    "RecordCategory",
    "ReferenceCounter",
    "RejectionReason",
    "Request",
    "SavedFilter",
    "Status",
    "Target",
    "TargetType",
]
