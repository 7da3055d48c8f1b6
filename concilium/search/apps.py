from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "concilium.search"
    label = "search"
