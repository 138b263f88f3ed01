"""Settings shared by every environment, driven by environment variables.

Development defaults are safe to run locally; `config.settings.production`
tightens them and refuses to start without a secret key.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from .env import BASE_DIR, REDIS_URL, env_bool, env_int, env_list, env_str

SECRET_KEY = env_str("SECRET_KEY", "dev-insecure-key-do-not-use-in-production")
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "oauth2_provider",
    "accounts",
    "positioning",
    "calendar_app",
    "analytics",
    "assistant",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

# PostgreSQL is the only database; UniqueConstraint(nulls_distinct=False) exists only there,
# and the database-free checks in `bin/test` (makemigrations, check --deploy) run on SQLite.
SILENCED_SYSTEM_CHECKS = ["models.W047"]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
    {
        # The calendar's tiles and day cells (calendar_app/jinja2/): hundreds per page.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"environment": "config.jinja2.environment", "autoescape": True},
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sweetspot"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def redis_caches(url: str, prefix: str = "") -> dict:
    """API throttle counters and the session cache in Redis, each degrading safely without it
    (see accounts.cache): throttling falls back to a per-process memory cache, sessions to
    their database rows. Session entries live 10 minutes at most in Redis."""
    return {
        "throttle": {
            "BACKEND": "accounts.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"{prefix}throttle",
            "OPTIONS": {"FALLBACK": "throttle_local"},
        },
        "throttle_local": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"{prefix}throttle",
        },
        "sessions": {
            "BACKEND": "accounts.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"{prefix}session",
            "OPTIONS": {"MAX_TIMEOUT": 600},
        },
    }


# The database cache keeps account rate limits shared between processes and working when
# Redis is down; the per-request state (API throttles, sessions) is in Redis.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "sweetspot_cache",
    },
    **redis_caches(REDIS_URL),
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# django-axes: lock out an (email, IP) pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.signals.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# Password reset, sign-up and resend-verification: attempts per address and per IP per window.
ACCOUNT_RATE_PER_ADDRESS = env_int("ACCOUNT_RATE_PER_ADDRESS", 5)
ACCOUNT_RATE_PER_IP = env_int("ACCOUNT_RATE_PER_IP", 20)
ACCOUNT_RATE_WINDOW_SECONDS = env_int("ACCOUNT_RATE_WINDOW_SECONDS", 3600)

# Sessions are read from Redis and written to Redis and the database: no query per request,
# and a logout deletes both, so it ends the session at once (a signed cookie could not be
# revoked). A password change ends other sessions as before (the user row is read each time).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_CACHE_ALIAS = "sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Development prints emails to the console; production sends them over SMTP.
MAILERS = {
    "default": {
        "BACKEND": env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    }
}
# The file backend (`django.core.mail.backends.filebased.EmailBackend`, used by the outage
# drill to count emails) writes each message into this directory.
if env_str("EMAIL_FILE_PATH"):
    MAILERS["default"]["OPTIONS"] = {"file_path": env_str("EMAIL_FILE_PATH")}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Sweetspot <noreply@sweetspot.local>")

from .tasks import *  # noqa: E402, F403

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "accounts.permissions.TokenScopePermission",
    ],
    "DEFAULT_PARSER_CLASSES": ["accounts.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "accounts.pagination.StandardPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "accounts.strict_filters.StrictDjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "accounts.throttling.ClientRateThrottle",
        "accounts.throttling.AnonymousRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "client": env_str("API_RATE_CLIENT", "1200/hour"),
        "anon": env_str("API_RATE_ANON", "120/hour"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Decimals are JSON numbers both ways (accounts.strict refuses strings).
    "COERCE_DECIMAL_TO_STRING": False,
    "EXCEPTION_HANDLER": "accounts.api_errors.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Sweetspot API",
    "DESCRIPTION": "Plan, publish and measure a technical creator's content.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "accounts.schema.add_error_responses",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "sweetspot.security": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        # Its debug lines carry full URLs; connector credentials never go in one, but keep
        # request lines out of the logs anyway.
        "urllib3": {"level": "WARNING"},
        "mcp": {"level": "WARNING"},
    },
}

# OAuth 2 authorization server (django-oauth-toolkit): authorization code with PKCE (S256
# only), rotating refresh tokens whose reuse revokes the family, tokens stored as SHA-256
# checksums only, and open dynamic client registration for public clients (rate-limited in
# accounts.oauth). Scopes are the personal tokens' scopes: `read`, and `write` (read and write).
OAUTH2_PROVIDER = {
    "SCOPES": {
        "read": _("Read your plan, positioning, reviews and growth"),
        "write": _("Change your plan: create, schedule and move pieces, complete reviews"),
    },
    "DEFAULT_SCOPES": ["read"],
    "PKCE_REQUIRED": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "ROTATE_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ACCESS_TOKEN_EXPIRE_SECONDS": env_int("OAUTH_ACCESS_TOKEN_SECONDS", 3600),
    "REFRESH_TOKEN_EXPIRE_SECONDS": env_int("OAUTH_REFRESH_TOKEN_DAYS", 90) * 86400,
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 60,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"],
    "ALLOW_LOCALHOST_LOOPBACK": True,
    "OAUTH2_RESPONSE_TYPES_SUPPORTED": ["code"],
    "OAUTH2_GRANT_TYPES_SUPPORTED": ["authorization_code", "refresh_token"],
    "OAUTH2_TOKEN_ENDPOINT_AUTH_METHODS_SUPPORTED": [
        "none",
        "client_secret_basic",
        "client_secret_post",
    ],
    "DCR_ENABLED": True,
    "DCR_REGISTRATION_PERMISSION_CLASSES": ("oauth2_provider.dcr.AllowAllDCRPermission",),
    "OAUTH2_PROTECTED_RESOURCE_NAME": "Sweetspot",
}
# Dynamic client registrations per client IP per hour.
OAUTH_REGISTRATIONS_PER_IP = env_int("OAUTH_REGISTRATIONS_PER_IP", 20)

# Coaching invitations expire if nobody accepts them in this many days.
INVITATION_TTL_DAYS = env_int("INVITATION_TTL_DAYS", 30)

# Webhooks: a delivery is tried this many times (with growing pauses) before it counts as
# failed; an endpoint is switched off after this many failed deliveries in a row. Private and
# loopback addresses (IPv4, IPv6, and IPv6 forms embedding IPv4) are refused unless allowed
# (development and tests); production also requires https. Both are checked when an endpoint
# is saved and again before every delivery.
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 5)
WEBHOOK_FAILURE_LIMIT = env_int("WEBHOOK_FAILURE_LIMIT", 5)
WEBHOOK_RETRY_BASE_SECONDS = env_int("WEBHOOK_RETRY_BASE_SECONDS", 30)
WEBHOOK_ALLOW_PRIVATE_HOSTS = env_bool("WEBHOOK_ALLOW_PRIVATE_HOSTS", False)
WEBHOOK_REQUIRE_HTTPS = env_bool("WEBHOOK_REQUIRE_HTTPS", False)

# Platform connectors (analytics.connectors). Credentials are encrypted with
# CONNECTOR_SECRET_KEY (Fernet keys, comma-separated to rotate: the first encrypts); the
# development default must never be used in production (a system check says so).
DEV_CONNECTOR_SECRET_KEY = "ZGV2LWluc2VjdXJlLWNvbm5lY3Rvci1rZXktMzJieXQ="
CONNECTOR_SECRET_KEY = env_str("CONNECTOR_SECRET_KEY", DEV_CONNECTOR_SECRET_KEY)
# Each platform's API base URL; CONNECTOR_BASE_URLS="github=http://127.0.0.1:9000,..."
# overrides some. An empty Mastodon base means "the account's own instance".
CONNECTOR_BASE_URLS = {
    "github": "https://api.github.com",
    "youtube": "https://www.googleapis.com/youtube/v3",
    "bilibili": "https://api.bilibili.com",
    "mastodon": "",
    "bluesky": "https://public.api.bsky.app",
    "devto": "https://dev.to",
    **dict(item.split("=", 1) for item in env_list("CONNECTOR_BASE_URLS") if "=" in item),
}
# Feeds and instances on private or loopback addresses (tests and local tools only).
CONNECTOR_ALLOW_PRIVATE_HOSTS = env_bool("CONNECTOR_ALLOW_PRIVATE_HOSTS", False)
CONNECTOR_INTERVAL_SECONDS = env_int("CONNECTOR_INTERVAL_SECONDS", 6 * 3600)
CONNECTOR_FAILURE_LIMIT = env_int("CONNECTOR_FAILURE_LIMIT", 5)
CONNECTOR_BACKOFF_SECONDS = env_int("CONNECTOR_BACKOFF_SECONDS", 300)
CONNECTOR_HOST_CONCURRENCY = env_int("CONNECTOR_HOST_CONCURRENCY", 2)
CONNECTOR_HOST_RATE_PER_SECOND = env_int("CONNECTOR_HOST_RATE_PER_SECOND", 5)
CONNECTOR_MAX_BYTES = env_int("CONNECTOR_MAX_BYTES", 2 * 1024 * 1024)
CONNECTOR_TIMEOUT_SECONDS = env_int("CONNECTOR_TIMEOUT_SECONDS", 10)
CONNECTOR_MAX_REDIRECTS = env_int("CONNECTOR_MAX_REDIRECTS", 3)
# Pages of a platform's publication listing one run reads at most (each a request).
CONNECTOR_MAX_PAGES = env_int("CONNECTOR_MAX_PAGES", 3)
