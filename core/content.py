"""Content in English and French (django-modeltranslation; each app's translation.py lists its fields).

`call.title` reads the active language's `title_fr` / `title_en`, English when the French is empty.
Two things modeltranslation leaves to the project:

- the untranslated column (`title`) keeps whatever was assigned last in any language, and the admin
  never writes it: `keep_english_in_base_column` makes it the English on every save, so the
  constraints and exports that use it stay true;
- a French page showing English content must say so (`lang="en"`): `content_language` tells which
  language a value is actually in (templatetags/lang.py marks it).
"""

from django.conf import settings
from django.db.models.signals import pre_save
from django.utils import translation
from modeltranslation.translator import translator

DEFAULT = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def _filled(value):
    return value not in (None, "")


def content_language(instance, field, language=None):
    """The language `instance.<field>` is shown in when `language` (default: active) is asked."""
    language = (language or translation.get_language() or DEFAULT).split("-")[0]
    if _filled(getattr(instance, f"{field}_{language}", None)):
        return language
    return DEFAULT


def translated_fields(model):
    try:
        return translator.get_options_for_model(model).fields
    except Exception:  # not registered
        return ()


def keep_english_in_base_column(sender, instance, **kwargs):
    """The untranslated column holds the English version (what the unique constraints compare)."""
    for field in translated_fields(sender):
        english = getattr(instance, f"{field}_{DEFAULT}", None)
        instance.__dict__[field] = english if _filled(english) else ""


def connect():
    for model in translator.get_registered_models(abstract=False):
        pre_save.connect(
            keep_english_in_base_column, sender=model, dispatch_uid=f"content-en-{model._meta.label}"
        )
