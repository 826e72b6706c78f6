"""Background tasks of the portal (django-tasks, run by ``egov worker``)."""

from django.core.management import call_command
from django_tasks import task


@task()
def publish_scheduled() -> None:
    """Run Wagtail's ``publish_scheduled``: pages whose go-live time has come go live, expired ones
    go offline. Enqueued for each scheduled revision's go-live time (``cms.signals``)."""
    call_command("publish_scheduled", verbosity=0)


def schedule_at(when) -> None:
    """Ask the worker to publish what is due at ``when`` (the database queue honours ``run_after``)."""
    publish_scheduled.using(run_after=when).enqueue()
