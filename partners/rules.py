"""Who may see the partners' private pages and files: the one place.

The directory, partner pages and networks are public. A signed agreement (the PDF) goes to IRO
staff and the coordinators of that agreement's institution only: academic supervisors read
agreements in the admin but never download the signed documents. The coordinator dashboard is
for partner coordinators.
"""

import rules
from django.db.models import Q

from core.rules import Rule, add_perm, iro_staff, is_coordinator

from .models import Agreement, Institution


@rules.predicate
def is_coordinator_of_institution(user, agreement):
    return bool(
        agreement is not None
        and user.is_coordinator
        and Institution.coordinators.through.objects.filter(
            institution_id=agreement.institution_id, user_id=user.pk
        ).exists()
    )


coordinator_of_institution = Rule(
    is_coordinator_of_institution,
    lambda user: Q(institution__coordinators=user) if user.is_coordinator else Q(pk__in=[]),
)
view_agreement_document = coordinator_of_institution | iro_staff


def agreement_documents_visible_to(user, queryset=None):
    """The agreements whose signed document `user` may download (twin of the rule below)."""
    return view_agreement_document.filter(user, Agreement.objects.all() if queryset is None else queryset)


add_perm("partners.view_agreement_document", view_agreement_document)
add_perm("partners.view_coordinator_dashboard", is_coordinator)
