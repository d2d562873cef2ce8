"""Status changes as admin actions, each with a page asking for the comment."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .. import selectors
from ..models import (
    Application,
    Status,
)


class TransitionCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (sent to the students and kept in the history)"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        required=False,
        max_length=2000,
    )


def make_transition_action(to_state, verb):
    def action(modeladmin, request, queryset):
        return modeladmin.run_transition(request, queryset, to_state, verb)

    action.__name__ = f"move_to_{to_state}"
    return admin.action(description=verb, permissions=["decide"])(action)


STAFF_ACTIONS = [
    (Status.UNDER_REVIEW, _("Start the review of the selected applications")),
    (Status.ACCEPTED, _("Accept the selected applications")),
    (Status.WAITLISTED, _("Put the selected applications on the waiting list")),
    (Status.REJECTED, _("Reject the selected applications")),
    (Status.COMPLETED, _("Mark the selected mobilities as completed")),
    (Status.WITHDRAWN, _("Withdraw the selected applications (at the student's request)")),
]


class ApplicationAdminForm(forms.ModelForm):
    """Only the allocated place is edited here; the service re-checks the seats when saving."""

    class Meta:
        model = Application
        fields = ["allocated_agreement"]
        help_texts = {
            "allocated_agreement": _(
                "Leave empty to give, on acceptance, the best-ranked preference with a seat left."
            )
        }

    def clean_allocated_agreement(self):
        agreement = self.cleaned_data.get("allocated_agreement")
        if agreement is not None and "allocated_agreement" in self.changed_data:
            holds = self.instance.holds_seat_on(agreement)
            left = selectors.seats_left(agreement, self.instance.direction, self.instance.call.academic_year)
            if not holds and left <= 0:
                raise forms.ValidationError(
                    _("No seat left at %(partner)s for %(year)s.")
                    % {"partner": agreement.institution, "year": self.instance.call.academic_year_label}
                )
        return agreement
