from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = "Intake"

    def ready(self) -> None:
        from intake import texts
        from triage import sources

        # triage never imports intake: it reads the request's mail through this hook.
        sources.register(texts.texts_of_request)
