from django.apps import AppConfig


class ScenariosConfig(AppConfig):
    """No models: the reference scenarios and the commands that load them (`load-scenario`,
    `demo`)."""

    name = "concilium.scenarios"
    label = "scenarios"
