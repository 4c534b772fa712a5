"""Tambon settings: every value comes from the environment, with safe defaults for the demo.

See .env.example for the list. Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and HTTPS=1.
"""

from pathlib import Path

import dj_database_url

from tambon.core.env import envbool, envint, envlist, envsecret, envstr

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(envstr("TAMBON_VAR_DIR", str(PROJECT_DIR / "var")))

DEBUG = envbool("DEBUG", True)
_DEMO_SECRET = "django-insecure-tambon-demo-only-never-use-in-production"  # noqa: S105
SECRET_KEY = envsecret("SECRET_KEY", _DEMO_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG=0")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Our apps come before allauth so that our templates override its own.
    "tambon.core",
    "tambon.geo",
    "tambon.accounts",
    "tambon.notifications",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "auditlog",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "tambon.registry",
    "tambon.cases",
    "tambon.network",
    "tambon.training",
    "tambon.dashboards",
    "tambon.api",
    "tambon.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "tambon.core.middleware.RejectNullCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "tambon.accounts.middleware.RequireMfaMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
]

ROOT_URLCONF = "tambon.urls"
WSGI_APPLICATION = "tambon.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tambon.core.context_processors.shell",
            ],
            "builtins": ["tambon.core.templatetags.thai"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'tambon.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process and the task worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_REDIS_URL = envstr("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _REDIS_URL}
        if _REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

TASKS = {
    "default": {
        "BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

# allauth: accounts are invited by officers, never self-registered.
ACCOUNT_ADAPTER = "tambon.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": envstr("LOGIN_FAILED_RATE_LIMIT", "10/m/ip,5/5m/key"),
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "tambon.accounts.adapters.MFAAdapter"
MFA_TOTP_ISSUER = "Tambon"
TAMBON_MFA_REQUIRED_ROLES = envlist("MFA_REQUIRED_ROLES", "national_admin,provincial_officer")

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
LANGUAGE_COOKIE_NAME = "tambon_language"
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Tambon <noreply@tambon.local>")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)

# HTTPS hardening: on by default whenever DEBUG is off.
HTTPS = envbool("HTTPS", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# django-auditlog: who changed what, with the remote address.
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

# Public figures hide counts below this threshold.
TAMBON_SMALL_COUNT_THRESHOLD = envint("SMALL_COUNT_THRESHOLD", 5)
TAMBON_PAGE_SIZE = envint("PAGE_SIZE", 25)
# Field encryption (Fernet keys, first = current; rotate with `tambon manage rotate_field_keys`)
# and the blind-index HMAC key. Empty in the demo (DEBUG): keys are then derived from SECRET_KEY.
TAMBON_FIELD_ENCRYPTION_KEYS = [
    key.strip() for key in envsecret("FIELD_ENCRYPTION_KEYS").split(",") if key.strip()
]
TAMBON_BLIND_INDEX_KEY = envsecret("BLIND_INDEX_KEY")
# Training: how long a QR check-in code stays valid; processes that render certificate batches
# (0 means one per core).
TAMBON_CHECKIN_MAX_AGE = envint("CHECKIN_MAX_AGE", 120)
TAMBON_PDF_WORKERS = envint("PDF_WORKERS", 0) or None
# Registry imports: the largest survey file (CSV or XLSX) accepted, in bytes (200 MB).
TAMBON_IMPORT_MAX_BYTES = envint("IMPORT_MAX_BYTES", 200 * 1024 * 1024)
# Uploads never confirmed are cancelled (and their files deleted) after this many days.
TAMBON_IMPORT_UPLOAD_MAX_AGE_DAYS = envint("IMPORT_UPLOAD_MAX_AGE_DAYS", 7)
# A file of at least this many rows, and at least as many as the registry holds, is loaded
# with the people tables' indexes built once at the end (0: never; see importing/bulkload.py).
TAMBON_IMPORT_BULK_LOAD_MIN_ROWS = envint("IMPORT_BULK_LOAD_MIN_ROWS", 50_000)
# A file of at least this many rows is read and checked in a process of its own, beside the
# writing (0: always in a thread; see importing/preparing.py). It pays on SQLite, where
# writing is Python too (1 M rows: 41-45 s against 60-61 s); on PostgreSQL, where COPY leaves
# the writing to the server, a thread was as fast (37-49 s against 40-55 s).
TAMBON_IMPORT_PROCESS_MIN_ROWS = envint(
    "IMPORT_PROCESS_MIN_ROWS",
    100_000 if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" else 0,
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        "faker": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
