"""Links to the privacy notice for shared templates (the footer, every form collecting personal data).

Tags rather than text in the shared templates, so that their words live in privacy's catalogue.
"""

from django import template

register = template.Library()


@register.inclusion_tag("privacy/_note.html")
def privacy_note():
    """One line under a form: how what is given here is used and kept."""
    return {}


@register.inclusion_tag("privacy/_footer_link.html")
def privacy_footer_link():
    return {}


@register.inclusion_tag("privacy/_account_link.html", takes_context=True)
def my_data_link(context, css_class="dropdown-item"):
    """The account menu's entry to a person's own data (not for back-office accounts)."""
    user = context.get("user")
    return {"show": user is not None and user.is_authenticated and not user.is_staff, "css_class": css_class}
