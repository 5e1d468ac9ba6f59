"""Django settings, read from environment variables with safe defaults for one laptop."""

from __future__ import annotations

import os
import secrets
from ipaddress import ip_network
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("RASHINBAN_DATA_DIR", Path.cwd() / "var")).resolve()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _laptop_secret_key() -> str:
    """A random key kept in the data folder, so a laptop install never runs with a known key."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _laptop_secret_key()
# Former keys, comma-separated, while SECRET_KEY is rotated: they still open TOTP seeds and SMTP passwords
# encrypted with them (rashinban/crypto.py), and Django's signed sessions and links.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# Behind HTTPS in production: RASHINBAN_HTTPS=true turns on every transport protection at once.
HTTPS = env_bool("RASHINBAN_HTTPS", False)


def _default_base_url() -> str:
    """Links in mails: the first named public host under HTTPS, else the laptop address."""
    named = [host for host in ALLOWED_HOSTS if host not in {"*", "testserver"} and not host.startswith(".")]
    return f"https://{named[0]}" if HTTPS and named else "http://127.0.0.1:8000"


BASE_URL = (os.environ.get("BASE_URL") or _default_base_url()).rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",  # only for orgs migration 0005, which moves its clear seeds out
    "django_otp.plugins.otp_static",
    "axes",
    "rashinban.orgs",
    "rashinban.assessments",
    "rashinban.tasks",
    "rashinban.documents",
    "rashinban.evidence",
    "ninja",
    "rashinban.api",
    "rashinban.advisors",
    "rashinban.landscape",
    "rashinban.planning",
    "rashinban.training",
    "rashinban.drills",
    "rashinban.security",
    "rashinban.facts",
    "rashinban.nextsteps",
    "rashinban.frameworks",
    "rashinban.questionnaires",
    "rashinban.sso",
    "rashinban.notify",
    "rashinban.mailbox",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise, so that static files carry the same headers as pages.
    "rashinban.config.headers.SecurityHeadersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Drill tracking (/d/...) needs no session or sign-in: it stops here (drills/fastpath.py).
    "rashinban.drills.fastpath.TrackingFastPath",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Ids beyond any column answer 404; signed-in pages are never cached (config/guards.py).
    "rashinban.config.guards.GuardsMiddleware",
    # django-otp's OTPMiddleware, with the device lookup prepared once (orgs/middleware.py).
    "rashinban.orgs.middleware.SecondFactorMiddleware",
    "rashinban.orgs.middleware.UserLanguageMiddleware",
    # /api/: the language of Accept-Language, and a JSON 405 (api/middleware.py).
    "rashinban.api.middleware.ApiMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rashinban.config.urls"
WSGI_APPLICATION = "rashinban.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # {% url %} with each route's shape worked out once (config/links.py): a page builds 20-40 links.
            "builtins": ["rashinban.config.links"],
            # {% load i18n_kept %}: Django's i18n tags, a fixed text's translation kept per language (config/i18n_tags.py).
            "libraries": {"i18n_kept": "rashinban.config.i18n_tags"},
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'rashinban.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections are kept like PostgreSQL's (CONN_MAX_AGE): opening one costs as much as a page's queries.
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers proceed while one writer works; the busy timeout waits instead of failing.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The statements every signed-in request runs are prepared on the server after 5 runs (orgs/fastload.py);
    # the ORM's client-side cursors never prepare. Off behind a pooler that cannot keep prepared statements.
    prepared = os.environ.get("DATABASE_PREPARED_STATEMENTS", "true").lower() not in ("0", "false", "no", "off")
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5 if prepared else None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, with the per-request user lookup prepared once (orgs/backends.py).
    "rashinban.orgs.backends.UserBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # The product tells SMEs to use 12 characters or more; it asks the same of its own users.
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "orgs:login"
# A password-reset link works once (it is bound to the password it replaces) and for one hour.
PASSWORD_RESET_TIMEOUT = 3600
LOGIN_REDIRECT_URL = "orgs:home"
LOGOUT_REDIRECT_URL = "orgs:login"

# Throttle repeated failed sign-ins (orgs/throttle.py): five failures make the address+account pair wait a
# minute, doubling with each further failure up to an hour. The client's address is read behind the proxies
# listed in RASHINBAN_TRUSTED_PROXIES only (e.g. "127.0.0.1" when a reverse proxy on the same machine); drill
# hits read it the same way (rashinban/clientip.py).
TRUSTED_PROXY_NETWORKS = [
    ip_network(part.strip(), strict=False)
    for part in os.environ.get("RASHINBAN_TRUSTED_PROXIES", "").split(",")
    if part.strip()
]
AXES_CLIENT_IP_CALLABLE = "rashinban.orgs.throttle.client_ip"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = "rashinban.orgs.throttle.cooloff"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "orgs/locked.html"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "Rashinban"

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Tokyo"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "rashinban@localhost")
# Domains this server may send as (its SPF/DKIM cover them): a company whose reply-to address is in one of them
# sends its staff mails from that address; every other company's mails come from DEFAULT_FROM_EMAIL's address.
MAIL_VERIFIED_DOMAINS = {d.strip().lower() for d in os.environ.get("MAIL_VERIFIED_DOMAINS", "").split(",") if d.strip()}

# Django's database sessions, with the per-request read prepared once (orgs/sessions.py).
SESSION_ENGINE = "rashinban.orgs.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

INVITATION_DAYS = 7

# Background work (rashinban.tasks). The database is the queue unless REDIS_URL names a Redis server;
# then Dramatiq carries the jobs and any number of workers on any number of machines share them.
REDIS_URL = os.environ.get("REDIS_URL", "")
TASKS_BACKEND = "redis" if REDIS_URL else "db"
# Run each task in the enqueuing process at once (still recorded as a job); the tests of mails use it.
TASKS_EAGER = env_bool("TASKS_EAGER", False)
# A worker that stops renewing its lease (it died) loses its running jobs to other workers after this long;
# with Redis it is also how long a silent worker counts as alive.
TASKS_LEASE_SECONDS = float(os.environ.get("TASKS_LEASE_SECONDS", "60"))
TASKS_RETRY_BASE_SECONDS = float(os.environ.get("TASKS_RETRY_BASE_SECONDS", "30"))  # 30 s, 1, 2, 4 min, ...
TASKS_RETRY_MAX_SECONDS = float(os.environ.get("TASKS_RETRY_MAX_SECONDS", "3600"))
TASKS_POLL_SECONDS = float(os.environ.get("TASKS_POLL_SECONDS", "1"))
TASKS_TIME_LIMIT_SECONDS = float(os.environ.get("TASKS_TIME_LIMIT_SECONDS", "1800"))
TASKS_REDIS_NAMESPACE = os.environ.get("TASKS_REDIS_NAMESPACE", "rashinban")
# Out of a million Redis commands, how many also look for dead workers' messages (Dramatiq's default is 1000).
TASKS_REDIS_MAINTENANCE_CHANCE = int(os.environ.get("TASKS_REDIS_MAINTENANCE_CHANCE", "20000"))
# How often one worker checks that every overdue job still has a message in Redis (Redis keeps no disk copy).
TASKS_RECONCILE_SECONDS = float(os.environ.get("TASKS_RECONCILE_SECONDS", "60"))
TASKS_KEEP_DONE_DAYS = 7
TASKS_KEEP_FAILED_DAYS = 30
# Extra modules that define tasks (plugins, tests); each capability's jobs.py is found without this.
TASKS_IMPORTS = env_list("TASKS_IMPORTS", "")
# DNS server for the mail-domain check ("HOST" or "HOST:PORT"); empty: the system resolver.
EVIDENCE_NAMESERVER = os.environ.get("EVIDENCE_NAMESERVER", "")
# Connected sources (docs/evidence.md): the services' addresses. Tests point them at loopback servers; the key file
# of a Google service account may only name a token address listed here.
EVIDENCE_GRAPH_URL = os.environ.get("EVIDENCE_GRAPH_URL", "https://graph.microsoft.com")
EVIDENCE_MS_LOGIN_URL = os.environ.get("EVIDENCE_MS_LOGIN_URL", "https://login.microsoftonline.com")
EVIDENCE_GOOGLE_API_URL = os.environ.get("EVIDENCE_GOOGLE_API_URL", "https://admin.googleapis.com")
# Sign-in with Microsoft (Entra ID) and Google (rashinban/sso, docs/deploy.md): offered once a client id is set.
SSO_PROVIDERS = {
    "microsoft": {
        "client_id": os.environ.get("SSO_MICROSOFT_CLIENT_ID", ""),
        "client_secret": os.environ.get("SSO_MICROSOFT_CLIENT_SECRET", ""),
        "discovery_url": os.environ.get(
            "SSO_MICROSOFT_DISCOVERY_URL",
            "https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration",
        ),
    },
    "google": {
        "client_id": os.environ.get("SSO_GOOGLE_CLIENT_ID", ""),
        "client_secret": os.environ.get("SSO_GOOGLE_CLIENT_SECRET", ""),
        "discovery_url": os.environ.get(
            "SSO_GOOGLE_DISCOVERY_URL", "https://accounts.google.com/.well-known/openid-configuration"
        ),
    },
}
EVIDENCE_GOOGLE_TOKEN_URIS = env_list("EVIDENCE_GOOGLE_TOKEN_URIS", "https://oauth2.googleapis.com/token")
# Notifications and outgoing webhooks (rashinban/notify, docs/notifications.md, docs/webhooks.md). Private and
# loopback addresses are refused unless NOTIFY_ALLOW_PRIVATE (on by default only with DEBUG, for local receivers).
NOTIFY_ALLOW_PRIVATE = env_bool("NOTIFY_ALLOW_PRIVATE", DEBUG)
NOTIFY_CHATWORK_API = os.environ.get("NOTIFY_CHATWORK_API", "https://api.chatwork.com/v2")
NOTIFY_LINEWORKS_API = os.environ.get("NOTIFY_LINEWORKS_API", "https://www.worksapis.com/v1.0")
NOTIFY_LINEWORKS_AUTH = os.environ.get("NOTIFY_LINEWORKS_AUTH", "https://auth.worksmobile.com/oauth2/v2.0/token")
NOTIFY_TIMEOUT_SECONDS = float(os.environ.get("NOTIFY_TIMEOUT_SECONDS", "10"))
# The shared mailbox (rashinban/mailbox): an extra CA file for a server with a private certificate.
MAILBOX_CA_FILE = os.environ.get("MAILBOX_CA_FILE", "")

# Link tokens (invitations, surveys, drills) are taken out of every line (config/logs.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"tokens": {"()": "rashinban.config.logs.RedactTokens"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["tokens"]},
        "server": {"class": "logging.StreamHandler", "filters": ["tokens"], "formatter": "server"},
    },
    "formatters": {
        "server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"}
    },
    "loggers": {"django.server": {"handlers": ["server"], "level": "INFO", "propagate": False}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The REST API (rashinban.api). The rate limit counts in the cache: Redis when REDIS_URL is set, so that
# every app process shares one count; otherwise a per-process memory cache.
API_RATE_LIMIT_PER_MINUTE = int(os.environ.get("RASHINBAN_API_RATE_LIMIT", "120"))
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 100
# "Companies like yours": how many seconds a peer group's scores are used before its companies' versions are read
# again, so at most how late another company's change shows in a comparison (advisors/benchmarks.py).
PEER_GROUP_FRESH_SECONDS = 30

# Two caches. "default" keeps the small shared entries: the rate-limit counts, each peer group's latest scores
# (advisors/benchmarks.py). "pages" keeps the per-session copies of signed-in pages (orgs/versions.py): one entry
# per page view under load, so on its own, where filling up pushes out only other pages, never a count or a group.
# Without REDIS_URL each app process keeps its own, bounded: a page is 5-40 KB, so "pages" stays under 40 MB.
CACHE_PAGES = "pages"
if REDIS_URL:
    CACHES = {
        name: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
        for name, prefix in (("default", "rashinban"), (CACHE_PAGES, "rashinban-pages"))
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "rashinban",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        CACHE_PAGES: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "rashinban-pages",
            "OPTIONS": {"MAX_ENTRIES": 1000},
        },
    }
