"""Uploaded files on disk (SECURITY I9): kept between a dry run and its
confirmation, or stored for good (evaluation evidence).

Files get a server-generated name, mode 0600, in a folder of mode 0700; the
user's file name is never used as a path. Only a file that passed its checks is
kept: a refused upload leaves nothing behind. The token of a kept file is
remembered in the user's session, so nobody else can confirm someone's upload.
"""

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest

from cnscd.core.text import nfc

SESSION_KEY = "cnscd_uploads"


def _dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "uploads"


def write_private(folder: Path, data: bytes) -> str:
    """Write `data` to a new file under `folder` and return its random name.
    The file is created with mode 0600 (never readable by others, not even
    for an instant) in a folder set to 0700."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.chmod(0o700)
    name = secrets.token_hex(16)
    fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return name


@contextmanager
def removed_on_error() -> Iterator[list[Path]]:
    """Collect the paths of files written inside the block; if the block
    raises, delete them before the error goes on (the rows that would have
    named them are rolled back with the same error)."""
    written: list[Path] = []
    try:
        yield written
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def upload_name(name: str) -> str:
    r"""The user's file name as shown and recorded: without control or format
    characters ("abc\u202egnp.exe" reads "abcgnp.exe"), at most 200 characters."""
    return nfc(name)[:200]


def keep(session: SessionBase, purpose: str, data: bytes, filename: str) -> str:
    """Store `data` and return its token, remembered in `session` under `purpose`
    (replacing, and deleting, the file kept there before)."""
    token = write_private(_dir(), data)
    discard(session, purpose)
    uploads = session.get(SESSION_KEY, {})
    uploads[purpose] = {"token": token, "filename": upload_name(filename)}
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
    """Delete the file kept under `purpose`, if any (a refused or stored upload)."""
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


def received(
    request: HttpRequest, purpose: str, max_bytes: int
) -> tuple[bytes, str, str]:
    """The file of a check-then-store form: the kept one when the form carries
    its token, or a new upload. Returns the bytes, the original name and the
    token, "" for a new upload: the caller keeps it (`keep`) only once it has
    passed its checks. UploadMissing when there is neither."""
    token = request.POST.get("token", "")
    if token:
        kept = fetch(request.session, purpose, token)
        if kept is None:
            raise UploadMissing("Phiên nhập đã hết hạn; hãy tải tệp lên lại.")
        return kept[0], kept[1], token
    upload = request.FILES.get("file")
    if upload is None:
        raise UploadMissing("Hãy chọn tệp Excel.")
    return upload.read(max_bytes + 1), upload_name(upload.name or ""), ""
