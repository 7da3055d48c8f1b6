from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "concilium.outcomes"
    label = "outcomes"
