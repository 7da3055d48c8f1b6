from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "concilium.search"
    label = "search"

    def ready(self) -> None:
        # The index changes with each write, in its transaction (search.services).
        from concilium.core.services import add_record_hook  # apps load before models
        from concilium.search.services import index_record

        add_record_hook(index_record)
