from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "concilium.core"
    label = "core"

    def ready(self):
        # Registers the deployment checks (`concilium.E001`) with Django's check framework.
        from concilium.core import checks  # noqa: F401
