"""Deployment checks Django does not have (SECURITY L6)."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register(deploy=False)
def security_settings(app_configs: Any, **kwargs: Any) -> list[Error]:
    errors = []
    csp = getattr(settings, "SECURE_CSP", {}) or {}
    for directive in ("object-src", "base-uri", "frame-ancestors"):
        if directive not in csp:
            errors.append(Error(f"SECURE_CSP lacks {directive}.", id="cnscd.E001"))
    if settings.SESSION_COOKIE_AGE > 43200:
        errors.append(Error("SESSION_COOKIE_AGE exceeds 12 hours.", id="cnscd.E002"))
    first_hasher = settings.PASSWORD_HASHERS[0]
    if "Argon2" not in first_hasher and "PBKDF2" not in first_hasher:
        errors.append(
            Error(
                "The first password hasher must be Argon2 or PBKDF2.", id="cnscd.E003"
            )
        )
    rest: dict[str, Any] = settings.REST_FRAMEWORK
    permissions: list[str] = list(rest.get("DEFAULT_PERMISSION_CLASSES", []))
    if not permissions or any(p.endswith("AllowAny") for p in permissions):
        errors.append(
            Error("DRF's default permission must not be AllowAny.", id="cnscd.E004")
        )
    try:
        import openpyxl.xml

        if not openpyxl.xml.DEFUSEDXML:
            errors.append(Error("openpyxl does not use defusedxml.", id="cnscd.E005"))
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        errors.append(Error("openpyxl is missing.", id="cnscd.E005"))
    if not settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        errors.append(
            Error("DATA_UPLOAD_MAX_MEMORY_SIZE must be set.", id="cnscd.E006")
        )
    return errors
