"""Maillage settings: one file, read from the environment, with embedded defaults.

Every variable is documented in README.md ("Configuration"). Nothing needs a server to
start: SQLite in ``var/``, mail written to ``var/mail``.
"""

import secrets
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DATA_DIR = Path(env.str("MAILLAGE_DATA_DIR", default=str(BASE_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """A key from the environment, else one generated once and kept in the data folder."""
    if env.str("SECRET_KEY", default=""):
        return env.str("SECRET_KEY")
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "maillage",
    "maillage.people",
    "maillage.audit",
    "maillage.territories",
    "maillage.spaces",
    "maillage.meetings",
    "maillage.discussions",
    "maillage.commissions",
    "maillage.surveys",
    "maillage.polls",
    "maillage.opinions",
    "maillage.notifications",
    "maillage.comments",
    "maillage.needs",
    "maillage.catalogue",
    "maillage.mutualisation",
    "maillage.projects",
    "maillage.roadmap",
    "maillage.dashboards",
    "maillage.governance",
    "maillage.library",
    "maillage.experiences",
    "maillage.referents",
    "maillage.bulletins",
    "maillage.portal",
    "maillage.opendata",
    "maillage.quality",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "maillage.urls"
WSGI_APPLICATION = "maillage.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "maillage" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "maillage.notifications.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'maillage.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while an import or a worker writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="filemail://")
# EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS…
globals().update({key: value for key, value in EMAIL_CONFIG.items() if value})
EMAIL_FILE_PATH = DATA_DIR / "mail"
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Maillage <ne-pas-repondre@localhost>")

# Background work: a queue in the database, run by `manage.py db_worker` (started by
# `make run`); "immediate" runs tasks inline (tests); django-tasks-rq for Redis.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[env.str("TASKS_BACKEND", default="database")]}}

LOGIN_URL = "people:login"
LOGIN_REDIRECT_URL = "people:my_space"
LOGOUT_REDIRECT_URL = "home"
LOGIN_LINK_MAX_AGE_MINUTES = env.int("LOGIN_LINK_MAX_AGE_MINUTES", default=15)

# ProConnect (OpenID Connect for public agents), on when PROCONNECT_CLIENT_ID is set.
PROCONNECT_ENABLED = bool(env.str("PROCONNECT_CLIENT_ID", default=""))
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
if PROCONNECT_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.insert(0, "maillage.people.proconnect.ProConnectBackend")
    OIDC_RP_CLIENT_ID = env.str("PROCONNECT_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env.str("PROCONNECT_CLIENT_SECRET")
    PROCONNECT_DOMAIN = env.str("PROCONNECT_DOMAIN").rstrip("/")
    OIDC_OP_AUTHORIZATION_ENDPOINT = f"{PROCONNECT_DOMAIN}/api/v2/authorize"
    OIDC_OP_TOKEN_ENDPOINT = f"{PROCONNECT_DOMAIN}/api/v2/token"
    OIDC_OP_USER_ENDPOINT = f"{PROCONNECT_DOMAIN}/api/v2/userinfo"
    OIDC_OP_JWKS_ENDPOINT = f"{PROCONNECT_DOMAIN}/api/v2/jwks"
    OIDC_OP_LOGOUT_ENDPOINT = f"{PROCONNECT_DOMAIN}/api/v2/session/end"
    OIDC_RP_SIGN_ALGO = "RS256"
    OIDC_RP_SCOPES = "openid email given_name usual_name"
    OIDC_USE_PKCE = True
    OIDC_CREATE_USER = False
    OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
    OIDC_EXTRA_PARAMS_FOR_AUTHENTICATION = {"acr_values": "eidas1"}

# The national registry files (npm package @etalab/decoupage-administratif), fetched by
# `make data` into .cache/; `import_territories --source DIR` reads another folder.
TERRITORIES_SOURCE_DIR = Path(
    env.str(
        "TERRITORIES_SOURCE_DIR",
        default=str(BASE_DIR / ".cache" / "decoupage-administratif" / "package" / "data"),
    )
)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "maillage.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_RATES": {"anon": env.str("API_ANON_RATE", default="600/min")},
    "UNAUTHENTICATED_USER": None,
    "EXCEPTION_HANDLER": "maillage.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Maillage",
    "DESCRIPTION": (
        "API ouverte de Maillage, en lecture seule. Le registre des territoires "
        "(/api/v1/organisations/ : communes, intercommunalités et autres organisations "
        "publiques) et les ressources publiques de chaque espace : espaces, instances, "
        "séances publiques, délibérations publiées, projets publics et leur avancement, "
        "feuilles de route adoptées, services partagés, numéros envoyés du bulletin de "
        "liaison (édition publique) et retours d'expérience rendus publics. Sans "
        "authentification, chaque ressource répond ses objets publics. "
        "Un administrateur d'espace crée un jeton d'API sur la page « Données ouvertes » de "
        "l'espace (/espaces/<adresse>/donnees/jetons/) ; la clé, montrée une seule fois, "
        "s'envoie dans l'en-tête « Authorization: Bearer <clé> ». Avec ce jeton, les mêmes "
        "ressources répondent aussi ce que les administrateurs de l'espace voient (instances "
        "et séances non publiques, délibérations pas encore publiées, projets privés, "
        "brouillons et rubriques réservées aux membres du bulletin, retours d'expérience "
        "réservés aux membres), et les ressources privées de l'espace (besoins, abonnements, "
        "scénarios retenus) s'ouvrent. Un jeton n'ouvre que son espace : « ?espace= » "
        "nommant un autre espace répond 403 avec un message qui le dit ; un jeton inconnu "
        "ou révoqué répond 401. Erreurs en JSON, message en français."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The defaults load Swagger UI and ReDoc from a CDN; the sidecar serves them locally.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Only the space token is a way in for the API's readers (not the browser session).
    "AUTHENTICATION_WHITELIST": ["maillage.opendata.api.common.ApiTokenAuthentication"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "maillage.api.document_errors",
    ],
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
if env.bool("HTTPS", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
