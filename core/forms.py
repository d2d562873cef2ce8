"""Form fields shared by the apps."""

from django import forms
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

MOTIVATION_MAX_LENGTH = 5000


def _limit_text(max_length):
    return gettext("At most %(max)s characters.") % {"max": number_format(max_length, force_grouping=True)}


limit_text = lazy(_limit_text, str)


class LongTextField(forms.CharField):
    """A textarea with a limit the person sees (help text, live counter) and the server enforces.

    Browsers send each line break as CR LF but count it as one character against `maxlength`:
    the text is normalised to LF first, so what the counter allows the server accepts.
    The counter is static/js/charcount.js (progressive enhancement: without JavaScript the help
    text says the limit and the browser's `maxlength` stops typing there).
    """

    def __init__(self, *, max_length, rows=6, help_text="", **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        help_text = (
            format_lazy("{} {}", help_text, limit_text(max_length)) if help_text else limit_text(max_length)
        )
        super().__init__(max_length=max_length, help_text=help_text, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        # JavaScript fills in {count} and {max}; the wording follows the page's language.
        attrs["data-charcount"] = gettext_lazy("{count} of {max} characters")
        return attrs
