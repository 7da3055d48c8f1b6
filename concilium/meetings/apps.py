from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "concilium.meetings"
    label = "meetings"

    def ready(self):
        # Models can be imported only once the app registry is ready.
        from concilium.audit import history
        from concilium.meetings import models as m

        # Tied to the audit chain (`audit verify`).
        history.register(m.Decision)
