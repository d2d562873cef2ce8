"""What a student sees of the selection once results are published: the parts of their score,
their rank, and their place on the waiting list now and at publication."""

from dataclasses import dataclass

from ..models import AllocationRun, Application, Mark, Status


@dataclass
class Component:
    name: str
    mark: object
    scale: object
    weight: object
    points: object  # its share of the score out of 100


def waitlist_position(application):
    """1 for the first of the call's waiting list (by rank by merit), None when not waitlisted."""
    if application.status != Status.WAITLISTED or application.merit_rank is None:
        return None
    if hasattr(application, "waitlist_ahead"):  # annotated by dashboard.dashboard_applications
        return application.waitlist_ahead + 1
    ahead = Application.objects.filter(
        call_id=application.call_id, status=Status.WAITLISTED, merit_rank__lt=application.merit_rank
    ).count()
    return ahead + 1


def selection_result(application):
    """None until the call's allocation is published; then the score's parts and the ranks."""
    if (
        application.merit_rank is None
        or not AllocationRun.objects.filter(call_id=application.call_id).exists()
    ):
        return None
    marks = list(Mark.objects.filter(application=application).select_related("criterion"))
    total_weight = sum(m.criterion.weight for m in marks) or 1
    components = [
        Component(
            name=m.criterion.name,
            mark=m.value,
            scale=m.criterion.scale_max,
            weight=m.criterion.weight,
            points=round(100 * m.points / total_weight, 2),
        )
        for m in marks
    ]
    return {
        "score": application.score,
        "rank": application.merit_rank,
        "components": components,
        "waitlist_position": waitlist_position(application),
        "waitlist_at_publication": application.waitlist_rank_at_publication,
    }
