"""The error summary at the top of a refused form (WCAG 3.3.1 and 2.4.3): every error in one list,
each linked to its field, focused when the page loads (static/js/error-summary.js) so that a
keyboard or screen-reader user hears what went wrong instead of starting again from the top."""

from django import template

register = template.Library()


def field_anchor(bound_field):
    """The id of the element a link to `bound_field` should reach: its input, or the first box of
    a group of checkboxes or radio buttons (whose label points at no single input)."""
    return bound_field.id_for_label or f"{bound_field.auto_id}_0"


def summary_label(bound_field):
    """The field's label before the colon of its entry, without the full stop a sentence-long
    label (a confirmation box) ends with: "... confirms: Tick the box", not "confirms.: Tick"."""
    return str(bound_field.label).rstrip(" .:") if bound_field.label else bound_field.label


def summary_entries(form):
    """(anchor or None, label or None, message) for every error of `form`, in the order of the form."""
    entries = [(None, None, str(error)) for error in form.non_field_errors()]
    for bound_field in form:
        if bound_field.is_hidden:
            entries += [(None, None, str(error)) for error in bound_field.errors]
            continue
        entries += [
            (field_anchor(bound_field), summary_label(bound_field), str(error))
            for error in bound_field.errors
        ]
    return entries


@register.inclusion_tag("includes/error_summary.html")
def error_summary(form=None, errors=None):
    """`form`'s errors, and/or `errors`: (anchor, label, message) triples a view built itself."""
    entries = summary_entries(form) if form is not None else []
    entries += list(errors or [])
    return {"entries": entries}
