from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "concilium.audit"
    label = "audit"
