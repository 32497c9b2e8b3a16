"""Maillage has no translation catalogue of its own: its labels are written in French. A bare
English word among them ("Close") would be picked up by Django's own French catalogue and shown
as something else (« Fermer »). This test reads every label of every Maillage model in French
and in English: they must be the same text."""

from django.apps import apps
from django.utils import translation

# Fields Maillage inherits from Django's AbstractUser, translated on purpose.
INHERITED = {("User", name) for name in ("password", "last_login", "is_superuser", "username",
             "first_name", "last_name", "is_staff", "is_active", "date_joined", "groups",
             "user_permissions")}  # fmt: skip


def _both(text):
    with translation.override("en"):
        english = str(text)
    with translation.override("fr"):
        french = str(text)
    return english, french


def labels():
    for model in apps.get_models():
        if not model.__module__.startswith("maillage."):
            continue
        yield model.__name__, "verbose_name", model._meta.verbose_name
        for field in model._meta.get_fields():
            if (model.__name__, field.name) in INHERITED:
                continue
            if getattr(field, "verbose_name", None) is not None:
                yield model.__name__, field.name, field.verbose_name
            for value, label in getattr(field, "flatchoices", None) or []:
                yield model.__name__, f"{field.name}={value}", label


def test_no_label_is_translated_by_another_catalogue():
    changed = [
        f"{model}.{name}: {english!r} devient {french!r}"
        for model, name, text in labels()
        for english, french in [_both(text)]
        if english != french
    ]
    assert changed == []
