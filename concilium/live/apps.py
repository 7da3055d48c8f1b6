from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "concilium.live"
    label = "live"
