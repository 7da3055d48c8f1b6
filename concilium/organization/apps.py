from django.apps import AppConfig


class OrganizationConfig(AppConfig):
    name = "concilium.organization"
    label = "organization"
