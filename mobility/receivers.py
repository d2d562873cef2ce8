"""What happens after a status change: letters for accepted students, records for confirmed ones,
and the partner's seat given back when an incoming application ends without a mobility.

Connected when the models load (mobility/models_records.py imports this module), so every
process — web, worker, shell, tests — has the receivers.
"""

from django.dispatch import receiver

from core.tasks import enqueue_on_commit

from . import tasks_letters
from .signals import application_transitioned


@receiver(application_transitioned, dispatch_uid="mobility.records.after_transition")
def after_transition(sender, application, from_state, to_state, by=None, **kwargs):
    from . import services_records
    from .models import Status

    if to_state == Status.ACCEPTED:
        enqueue_on_commit(tasks_letters.generate_acceptance_letter, application.pk)
    elif to_state == Status.CONFIRMED:
        services_records.record_mobility(application)
    elif to_state == Status.WITHDRAWN and from_state == Status.CONFIRMED:
        services_records.forget_mobility(application)
    if to_state in (Status.WITHDRAWN, Status.REJECTED) and application.direction == "incoming":
        from . import services_nominations

        # The nominee will not come: the partner's seat is free for another nomination.
        services_nominations.release_seat(application, to_state, by=by, comment=kwargs.get("comment", ""))
