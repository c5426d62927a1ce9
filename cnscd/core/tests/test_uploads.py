"""Uploaded files on disk: private modes, nothing left by a failed write."""

import stat
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from cnscd.core.uploads import removed_on_error, write_private


def test_private_files_are_0600_in_a_0700_folder(tmp_path: Path) -> None:
    folder = tmp_path / "kept"
    folder.mkdir(mode=0o755)
    name = write_private(folder, b"abc")
    assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_files_written_in_a_failed_block_are_removed(tmp_path: Path) -> None:
    with pytest.raises(ValidationError), removed_on_error() as written:
        written.append(tmp_path / write_private(tmp_path, b"abc"))
        raise ValidationError("refused")
    assert list(tmp_path.iterdir()) == []
