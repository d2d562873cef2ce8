"""The student's dashboard links a confirmed mobility to its learning agreement page."""

from django import template

from ..models import VersionStatus

register = template.Library()


@register.inclusion_tag("learning/_dashboard_link.html")
def learning_agreement_link(application):
    """The link, with the agreement's state in words (nothing before the mobility is confirmed).

    The dashboard's applications carry the latest version's state (`learning_agreement_status`,
    annotated by mobility's dashboard selector): no query per card. Otherwise it is read here."""
    record = getattr(application, "mobility_record", None) if application.holds_place else None
    if record is None:
        return {"record": None}
    if hasattr(application, "learning_agreement_status"):
        status = application.learning_agreement_status
        return {"record": record, "status": VersionStatus(status).label if status else ""}
    agreement = getattr(record, "learning_agreement", None)
    latest = agreement.versions.order_by("-number").first() if agreement else None
    return {"record": record, "status": latest.get_status_display() if latest else ""}
