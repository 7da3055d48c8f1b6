from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "concilium.documents"
    label = "documents"

    def ready(self):
        # Models can be imported only once the app registry is ready.
        from concilium.audit import history
        from concilium.documents import models as m

        # Tied to the audit chain (`audit verify`); a proposal's decision is filled in later,
        # and an accepted insertion gets the paragraph it created.
        history.register(m.Version)
        history.register(m.Position)
        history.register(m.Proposal, filled_in_later=(
            "paragraph", "status", "decided_by", "decided_at", "decision_note", "result_version",
            "superseded_by"))
