"""Download responses (SECURITY E4, I9): always an attachment, never cached,
never sniffed, with an RFC 6266 file name."""

from django.http import HttpResponseBase
from django.utils.http import content_disposition_header


def attachment[R: HttpResponseBase](response: R, filename: str) -> R:
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
