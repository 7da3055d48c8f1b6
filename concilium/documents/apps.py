from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "concilium.documents"
    label = "documents"
