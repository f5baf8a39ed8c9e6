"""Mail to files, one file per Message-ID (the embedded default and the tests).

Django's file backend names files by time, so a mail sent again after a crash would be a second
file. Here the file is named after the Message-ID and written atomically: sending the same
message twice leaves one file, as a mail system deduplicating by Message-ID would.
"""

import hashlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import make_msgid


class MessageFileBackend(BaseEmailBackend):
    def __init__(self, *args: Any, file_path: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.path = Path(file_path or settings.EMAIL_FILE_PATH)
        self.path.mkdir(parents=True, exist_ok=True)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            if "Message-ID" not in message.extra_headers:
                message.extra_headers["Message-ID"] = make_msgid()
            name = hashlib.sha256(message.extra_headers["Message-ID"].encode()).hexdigest()[:32]
            data = message.message().as_bytes(linesep="\r\n")
            # Atomic against a killed process (the rename); not fsynced, so not against power
            # loss: this backend is for the embedded default and tests, SMTP is for production.
            with tempfile.NamedTemporaryFile(dir=self.path, suffix=".tmp", delete=False) as tmp:
                tmp.write(data)
            os.replace(tmp.name, self.path / f"{name}.eml")
        return len(email_messages)
