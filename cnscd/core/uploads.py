"""Uploaded files kept between a dry run and its confirmation (SECURITY I9).

Stored under MEDIA_ROOT/uploads with a server-generated name and mode 0600;
the user's file name is never used as a path. The token is remembered in the
user's session, so nobody else can confirm someone's upload.
"""

import secrets
from pathlib import Path

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
