"""Uploads bounded while they stream in: a file over the limit is skipped chunk by chunk, so
neither memory nor the temporary directory ever holds more than the limit. Used by every view
that takes a file (manual intake in intake, production records here); and, once a file is in,
its copy to a temporary file, hashed and bounded again (``spooled``: production records, files
sent to an agency)."""

import hashlib
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest


class BoundedUpload(FileUploadHandler):
    """First upload handler of a view; ``too_large`` says whether a file was skipped."""

    def __init__(self, request: HttpRequest | None = None, limit: int = 0) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.too_large = False

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def bounded_upload(request: HttpRequest, limit: int) -> BoundedUpload:
    """Put the bound in front of Django's handlers. Call it before anything reads the body:
    the view must be csrf_exempt and check CSRF itself afterwards (CsrfViewMiddleware reads the
    body to find the token)."""
    handler = BoundedUpload(request, limit)
    request.upload_handlers.insert(0, handler)
    return handler


CHUNK = 1024 * 1024


@dataclass
class Spooled:
    file: IO[bytes]
    sha256: str
    size: int


@contextmanager
def spooled(upload: IO[bytes], *, limit: int, too_large: Exception) -> Iterator[Spooled]:
    """``upload`` copied to a temporary file in chunks, hashed and counted as it goes, and
    refused (``too_large`` raised) as soon as it passes ``limit`` bytes, whatever size the
    client declared. The file is rewound for the caller and gone when the block ends."""
    with tempfile.TemporaryFile() as spool:
        digest, size = hashlib.sha256(), 0
        upload.seek(0)
        while chunk := upload.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise too_large
            digest.update(chunk)
            spool.write(chunk)
        spool.seek(0)
        yield Spooled(file=spool, sha256=digest.hexdigest(), size=size)
