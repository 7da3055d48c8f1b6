from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "concilium.core"
    label = "core"
