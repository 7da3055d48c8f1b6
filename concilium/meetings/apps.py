from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "concilium.meetings"
    label = "meetings"
