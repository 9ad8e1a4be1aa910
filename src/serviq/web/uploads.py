"""Uploaded files: the size limit is enforced while the request is read, not after.

:class:`CappedUploadHandler` runs before Django's own handlers and counts each file's bytes
as they arrive; past ``max_upload_mb`` (``imports.yaml``) it drops the file — nothing more
of it is kept in memory or on disk — and notes it on the request. :func:`uploaded` is what a
view calls instead of ``request.FILES.get``: it raises the one-line
:class:`~serviq.errors.InvalidInput` (a 400) naming the file and the limit.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

from serviq.errors import InvalidInput, Where
from serviq.limits import load_limits, megabytes
from serviq.messages import error

REFUSED = "_serviq_refused_uploads"


class CappedUploadHandler(FileUploadHandler):
    """Drops an uploaded file once it passes the upload limit."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.limit = load_limits().max_upload_bytes

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            if self.request is not None:
                refused = getattr(self.request, REFUSED, {})
                refused[self.field_name] = self.file_name or "the file"
                setattr(self.request, REFUSED, refused)
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler stores the file


def uploaded(request: HttpRequest, field: str) -> Any:
    """The file uploaded as ``field``, or None; a file over the limit is a 400."""
    files = request.FILES  # reading it parses the body through the handlers
    refused = getattr(request, REFUSED, {})
    if field in refused:
        limit = load_limits().max_upload_bytes
        raise error(InvalidInput, "upload.too_large_split", where=Where(file=str(refused[field])),
                    limit=megabytes(limit))  # fmt: skip
    upload = files.get(field)
    if upload is not None and upload.size is not None:
        limit = load_limits().max_upload_bytes
        if upload.size > limit:
            raise error(InvalidInput, "upload.too_large", where=Where(file=str(upload.name)),
                        limit=megabytes(limit))  # fmt: skip
    return upload
