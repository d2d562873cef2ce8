"""The student's dashboard links a confirmed mobility to its learning agreement page."""

from django import template

from ..models import VersionStatus

register = template.Library()


@register.inclusion_tag("learning/_dashboard_link.html")
def learning_agreement_link(application):
    """The link, with the agreement's state in words (nothing before the mobility is confirmed).

    Its one page, the student dashboard, reads the latest version's state with the applications
    (`learning_agreement_status`, annotated by mobility's dashboard selector): no query per card."""
    record = getattr(application, "mobility_record", None) if application.holds_place else None
    if record is None:
        return {"record": None}
    status = application.learning_agreement_status
    return {"record": record, "status": VersionStatus(status).label if status else ""}
