"""The IMEP clerkship plan in the admin: on an incoming student's nomination and on one of our
students' outgoing application. The plan is always replaced through the service, which checks it."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from ..models import ClerkshipRotation
from ..selectors import nominations as nomination_reads
from ..services import nominations


class RotationFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if self.instance.pk is None or not nomination_reads.has_clerkship_plan(self.instance):
            return
        rows = [
            ClerkshipRotation(clerkship=f.cleaned_data["clerkship"], months=f.cleaned_data["months"])
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        if rows:
            problems = nomination_reads.clerkship_plan_problems(rows)
            if problems:
                raise ValidationError(problems)


class RotationInline(admin.TabularInline):
    model = ClerkshipRotation
    formset = RotationFormSet
    extra = 0
    fields = ["clerkship", "months", "department", "order"]


def plan_inlines(obj):
    """Only the yearlong IMEP exchange has a clerkship plan."""
    return [RotationInline] if obj is not None and nomination_reads.has_clerkship_plan(obj) else []


def save_clerkship_plan(request, form, formset):
    rows = sorted(
        (f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")),
        key=lambda row: row.get("order") or 0,
    )
    old = list(form.instance.rotations.all())
    new = nominations.set_clerkship_plan(
        form.instance,
        [{k: row[k] for k in ("clerkship", "months", "department")} for row in rows],
        by=request.user,
    )
    # For the admin's history message ("Changed … IMEP clerkship plan").
    formset.new_objects, formset.changed_objects, formset.deleted_objects = new, [], old
