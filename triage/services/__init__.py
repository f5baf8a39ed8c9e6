"""One function per use case (STYLE.md rule 1). Import from here: ``services.hold_place(...)``."""

from triage.services._core import (
    ActionNotPermitted,
    InvalidInput,
    RequestChanged,
    ServiceError,
    TransitionRefused,
)
from triage.services.approval import request_destination_confirm, request_no_data_record
from triage.services.assignment import request_assign, request_link
from triage.services.calendar import (
    calendar_feed_poll,
    calendar_feed_renew,
    calendar_feed_revoke,
)
from triage.services.callbacks import callback_record
from triage.services.certainty import request_reading_confirm
from triage.services.closing import request_close, request_lapse, request_reject
from triage.services.corrections import (
    request_kind_correct,
    target_add,
    target_remove,
    target_update,
)
from triage.services.deficiencies import request_deficiencies_propose
from triage.services.fields import request_update_fields
from triage.services.find import queue_export_record, saved_filter_delete, saved_filter_save
from triage.services.holds import hold_expire, hold_extend, hold_place, hold_release
from triage.services.letter_drafts import letter_discard, letter_paragraph_save, letter_send
from triage.services.letters import letter_deliver, letter_deliver_due, letter_issue, letter_reissue
from triage.services.notice_decisions import (
    nondisclosure_record,
    notice_delay,
    notice_forbid,
    notice_waive,
)
from triage.services.notice_drafts import notice_draft
from triage.services.notice_recipients import notice_recipient_add, notice_recipients
from triage.services.notice_sending import notice_send, notice_send_or_draft
from triage.services.objections import (
    objection_record,
    objection_record_from_reply,
    objection_resolve,
)
from triage.services.opening import ASK_INFO, VALIDATE, request_message_record, request_open
from triage.services.productions import (
    production_build,
    production_build_request,
    production_build_run,
    production_file_add,
)
from triage.services.proposals import proposal_accept, proposal_decline, proposal_record
from triage.services.restrictions import restriction_record
from triage.services.review import (
    request_approve,
    request_disclose,
    request_start_review,
    request_submit_for_approval,
    request_withdraw_approval,
)
from triage.services.validation import request_answer, request_ask_info, request_validate

__all__ = [
    "ASK_INFO",
    "VALIDATE",
    "ActionNotPermitted",
    "InvalidInput",
    "RequestChanged",
    "ServiceError",
    "TransitionRefused",
    "calendar_feed_poll",
    "calendar_feed_renew",
    "calendar_feed_revoke",
    "callback_record",
    "hold_expire",
    "hold_extend",
    "hold_place",
    "hold_release",
    "letter_deliver",
    "letter_deliver_due",
    "letter_discard",
    "letter_issue",
    "letter_paragraph_save",
    "letter_reissue",
    "letter_send",
    "nondisclosure_record",
    "notice_delay",
    "notice_draft",
    "notice_forbid",
    "notice_recipient_add",
    "notice_recipients",
    "notice_send",
    "notice_send_or_draft",
    "notice_waive",
    "objection_record",
    "objection_record_from_reply",
    "objection_resolve",
    "production_build",
    "production_build_request",
    "production_build_run",
    "production_file_add",
    "proposal_accept",
    "proposal_decline",
    "proposal_record",
    "queue_export_record",
    "request_answer",
    "request_approve",
    "request_ask_info",
    "request_assign",
    "request_close",
    "request_deficiencies_propose",
    "request_destination_confirm",
    "request_disclose",
    "request_kind_correct",
    "request_lapse",
    "request_link",
    "request_message_record",
    "request_no_data_record",
    "request_open",
    "request_reading_confirm",
    "request_reject",
    "request_start_review",
    "request_submit_for_approval",
    "request_update_fields",
    "request_validate",
    "request_withdraw_approval",
    "restriction_record",
    "saved_filter_delete",
    "saved_filter_save",
    "target_add",
    "target_remove",
    "target_update",
]
