from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    name = "maillage.bulletins"
    verbose_name = "Bulletin de liaison"
