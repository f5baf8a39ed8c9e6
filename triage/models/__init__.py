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
from triage.models.production import (
    CONTENT_CATEGORIES,
    Production,
    ProductionFile,
    RecordCategory,
)
from triage.models.request import Matter, ReferenceCounter, Request, Target
from triage.models.timers import Deadline, Hold

__all__ = [
    "CONTENT_CATEGORIES",
    "AppendOnlyError",
    "Channel",
    "Deadline",
    "DeadlineKind",
    "Event",
    "EventKind",
    "Hold",
    "Kind",
    "Letter",
    "LetterKind",
    "LetterStatus",
    "Matter",
    "Notice",
    "OutboundMail",
    "Production",
    "ProductionFile",
    "RecordCategory",
    "ReferenceCounter",
    "RejectionReason",
    "Request",
    "Status",
    "Target",
    "TargetType",
]
