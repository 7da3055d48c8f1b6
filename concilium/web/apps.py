from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "concilium.web"
    label = "web"
