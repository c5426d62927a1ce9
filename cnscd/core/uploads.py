"""Uploaded files kept between a dry run and its confirmation (SECURITY I9).

Stored under MEDIA_ROOT/uploads with a server-generated name and mode 0600;
the user's file name is never used as a path. The token is remembered in the
user's session, so nobody else can confirm someone's upload.
"""

import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase

SESSION_KEY = "cnscd_uploads"


def _dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "uploads"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def keep(session: SessionBase, purpose: str, data: bytes, filename: str) -> str:
    """Store `data` and return its token, remembered in `session` under `purpose`."""
    token = secrets.token_hex(16)
    target = _dir() / token
    target.write_bytes(data)
    target.chmod(0o600)
    uploads = session.get(SESSION_KEY, {})
    old = uploads.get(purpose)
    if old:
        (_dir() / old["token"]).unlink(missing_ok=True)
    uploads[purpose] = {"token": token, "filename": filename[:200]}
    session[SESSION_KEY] = uploads
    return token


def fetch(session: SessionBase, purpose: str, token: str) -> tuple[bytes, str] | None:
    """The bytes and original name kept under `purpose`, if `token` matches."""
    entry = session.get(SESSION_KEY, {}).get(purpose)
    if not entry or not secrets.compare_digest(entry["token"], token or ""):
        return None
    path = _dir() / entry["token"]
    if not path.exists():
        return None
    return path.read_bytes(), entry["filename"]


def discard(session: SessionBase, purpose: str) -> None:
    uploads = session.get(SESSION_KEY, {})
    entry = uploads.pop(purpose, None)
    if entry:
        (_dir() / entry["token"]).unlink(missing_ok=True)
        session[SESSION_KEY] = uploads


class UploadMissing(Exception):
    """No file in the request, or the kept one has expired; `message` says which."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def received(request: Any, purpose: str, max_bytes: int) -> tuple[bytes, str, str]:
    """The file of a check-then-store form: the kept one when the form carries
    its token, or a new upload (kept under `purpose`). Returns the bytes, the
    original name and the token; UploadMissing when there is neither."""
    token = request.POST.get("token", "")
    if token:
        kept = fetch(request.session, purpose, token)
        if kept is None:
            raise UploadMissing("Phiên nhập đã hết hạn; hãy tải tệp lên lại.")
        return kept[0], kept[1], token
    upload = request.FILES.get("file")
    if upload is None:
        raise UploadMissing("Hãy chọn tệp Excel.")
    data, filename = upload.read(max_bytes + 1), upload.name or ""
    return data, filename, keep(request.session, purpose, data, filename)
