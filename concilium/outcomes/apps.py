from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "concilium.outcomes"
    label = "outcomes"

    def ready(self) -> None:
        # An export whose worker was lost too often fails on its row, not only in the queue.
        from concilium.core.worker import add_lost_hook  # apps load before models
        from concilium.outcomes.jobs import export_job_lost

        add_lost_hook("concilium.outcomes.tasks.export_run", export_job_lost)
