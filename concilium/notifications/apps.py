from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "concilium.notifications"
    label = "notifications"

    def ready(self) -> None:
        # Who is told of a write is decided in its transaction (notifications.services).
        from concilium.core.services import add_record_hook  # apps load before models
        from concilium.notifications.events import TOLD
        from concilium.notifications.selectors import anyone_to_tell
        from concilium.notifications.services import notify_record

        add_record_hook(notify_record, actions=TOLD, when=anyone_to_tell)
