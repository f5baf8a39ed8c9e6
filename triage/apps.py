from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TriageConfig(AppConfig):
    name = "triage"
    verbose_name = "Requests"

    def ready(self) -> None:
        from triage import people, roles

        # Every change to people and roles is an Event on the chain (triage/people.py).
        people.people_record_connect()

        # Groups and their permissions follow the code on every migrate: permissions only
        # exist after post_migrate, so a data migration could not assign them.
        post_migrate.connect(roles.on_post_migrate, sender=self)
