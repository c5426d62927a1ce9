"""Settings for the test suite: the real settings with a fast hasher and plain
static storage. The database comes from DATABASE_URL like everywhere else."""

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - WhiteNoise warns when it is missing
# Jobs run as they are enqueued; one test runs the database backend's worker.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# SQLite: the test database is a file, not Django's default shared in-memory
# database. In memory, the live server hands the test thread's one connection
# to every request thread, so the browser's concurrent requests (a page and its
# htmx partials) interleave on one connection and disturb each other's reads
# and transactions (issue #20). On a file each thread opens its own connection,
# as every gunicorn thread does in production (WAL, busy timeout, IMMEDIATE).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import os

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")  # noqa: F405
    }
