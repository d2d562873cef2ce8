"""`{% load lang %}`: content in the reader's language, and amounts written the reader's way.

- `{{ call|content:"title" }}`: the title in the active language; when a French page falls back to
  the English (no French written yet) it comes as `<span lang="en">…</span>`, so that screen readers
  pronounce it as English (WCAG 3.1.2).
- `<div{% lang_of call "description" %}>{{ call.description|linebreaks }}</div>`: the same for a
  block: ` lang="en"` on the element when the text shown is the English fallback, nothing otherwise.
  Inside a sentence: `{% blocktranslate with title=school|content:"title" %}`. In `<title>` the
  plain `{{ school.title }}` (a title cannot carry a language; the h1 is marked).
- Python code building HTML: `core.content.marked(call, "title")`, `html_message(_("…“%(call)s”…"),
  call=marked(call, "title"))`.
- `{{ amount|money }}`: "€3,100" in English, "3 100 €" in French (`money:2` for cents: "€3,100.00").
  Python code (emails, PDFs, the admin) calls `money(value)`.
- `{{ names|and_list }}`: "A, B and C" / "A, B et C".
"""

from decimal import Decimal

from django import template
from django.utils import formats, translation
from django.utils.safestring import mark_safe
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _

from core.content import fallback_language, marked

register = template.Library()


def _page_language():
    return (translation.get_language() or "en").split("-")[0]


@register.filter
def content(instance, field):
    return marked(instance, field)


@register.simple_tag
def lang_of(instance, field):
    language = fallback_language(instance, field)
    return mark_safe(f' lang="{language}"') if language else ""


def money(value, decimals=None):
    """An amount in euros as the active language writes it: '€3,100' / '3 100 €'; a negative one
    (a credit note) '-€450.00' / '-450,00 €', never '€-450.00'."""
    if value in (None, ""):
        return ""
    value = Decimal(value)
    if decimals is None:
        decimals = 0 if value == value.to_integral_value() else 2
    sign = "-" if value < 0 else ""
    number = formats.number_format(abs(value), decimal_pos=decimals, use_l10n=True, force_grouping=True)
    if _page_language() == "fr":
        return f"{sign}{number}\u00a0€"
    return f"{sign}€{number}"


@register.filter(name="money")
def money_filter(value, decimals=None):
    return money(value, None if decimals in (None, "") else int(decimals))


@register.filter(name="and_list")
def and_list(values):
    """Names joined the way a sentence lists them, in the active language ("A and B", "A et B")."""
    return get_text_list([str(v) for v in values], _("and"))
