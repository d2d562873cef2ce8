"""Background work shared by every app; the one way to dispatch a task is core.dispatch (re-exported here)."""

from celery import shared_task

from .dispatch import enqueue_on_commit, enqueue_once_on_commit

__all__ = ["enqueue_on_commit", "enqueue_once_on_commit", "send_queued_mail"]


@shared_task(name="core.send_queued_mail", ignore_result=True)
def send_queued_mail():
    """Deliver the outbox. Dispatched after each commit that queued mail, and every minute by beat."""
    from .emails import deliver_queued

    return deliver_queued()
