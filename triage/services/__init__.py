"""One function per use case (STYLE.md rule 1). Import from here: ``services.hold_place(...)``."""

from triage.services._core import (
    ActionNotPermitted,
    InvalidInput,
    RequestChanged,
    ServiceError,
    TransitionRefused,
)
from triage.services.holds import hold_expire, hold_extend, hold_place, hold_release
from triage.services.letters import letter_deliver, letter_deliver_due, letter_issue, letter_reissue
from triage.services.notices import notice_delay, notice_forbid, notice_send, notice_waive
from triage.services.productions import (
    production_build,
    production_build_request,
    production_build_run,
    production_file_add,
)
from triage.services.requests import (
    request_answer,
    request_approve,
    request_ask_info,
    request_assign,
    request_close,
    request_disclose,
    request_lapse,
    request_link,
    request_message_record,
    request_open,
    request_reject,
    request_start_review,
    request_submit_for_approval,
    request_validate,
    request_withdraw_approval,
)

__all__ = [
    "ActionNotPermitted",
    "InvalidInput",
    "RequestChanged",
    "ServiceError",
    "TransitionRefused",
    "hold_expire",
    "hold_extend",
    "hold_place",
    "hold_release",
    "letter_deliver",
    "letter_deliver_due",
    "letter_issue",
    "letter_reissue",
    "notice_delay",
    "notice_forbid",
    "notice_send",
    "notice_waive",
    "production_build",
    "production_build_request",
    "production_build_run",
    "production_file_add",
    "request_answer",
    "request_approve",
    "request_ask_info",
    "request_assign",
    "request_close",
    "request_disclose",
    "request_lapse",
    "request_link",
    "request_message_record",
    "request_open",
    "request_reject",
    "request_start_review",
    "request_submit_for_approval",
    "request_validate",
    "request_withdraw_approval",
]
