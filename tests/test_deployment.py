"""Production settings pass Django's deployment checklist and ours (SECURITY L6)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from cnscd.core.checks import security_settings


def test_check_deploy_passes_with_production_settings(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "CNSCD_HTTPS": "1",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "cnscd.example.gov.vn",
        "CNSCD_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cnscd.manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_our_security_checks_pass_and_settings_hold_the_bar(settings) -> None:
    from config import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS  # tests use a fast hasher
    assert security_settings(None) == []
    assert settings.SESSION_COOKIE_AGE == 1800 and settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_ABSOLUTE_SECONDS == 43200
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True
