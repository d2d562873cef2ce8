"""Content in English and French (django-modeltranslation; each app's translation.py lists its fields).

`call.title` reads the active language's `title_fr` / `title_en`, English when the French is empty.
Three things modeltranslation leaves to the project:

- the untranslated column (`title`) keeps whatever was assigned last in any language, and the admin
  never writes it: `keep_english_in_base_column` makes it the English on every save, so the
  constraints and exports that use it stay true;
- a French page showing English content must say so (`lang="en"`): `content_language` tells which
  language a value is actually in; templates mark it with `{% load lang %}`, Python code that puts
  content into HTML (form choices, messages naming a call or a document) with `marked` and
  `html_message`. The one place it cannot be marked is `<title>` (an element without a language
  of its own): the page's h1 says the same, marked;
- modeltranslation writes a plain name (`call.title = …`, `save(update_fields=["title"])`,
  `Call.objects.update(title=…)`) into the *active* language's column, so an import, a service or
  an admin action run in a French request would put English text in `title_fr` and leave the
  English stale. `connect` makes a plain name always write the English (`WritesEnglish`; saves
  and `QuerySet.update` run in English): code that means French names `title_fr`. Lookups by a
  plain name (`filter(title=…)`, `update_or_create(title=…)`) still read the active language's
  column: write paths name `title_en` (the demo runs in English).
  A service that makes content from other content builds it in each language (`in_each_language`).
"""

from django.conf import settings
from django.db.models.signals import pre_save
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from modeltranslation.fields import TranslationFieldDescriptor
from modeltranslation.manager import MultilingualQuerySet
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


def fallback_language(instance, field):
    """The language `instance.<field>` is shown in when it differs from the page's, else None."""
    if instance is None or not field:
        return None
    try:
        language = content_language(instance, field)
    except AttributeError:  # not a translated field
        return None
    page = (translation.get_language() or DEFAULT).split("-")[0]
    return language if language != page else None


def marked(instance, field):
    """`instance.<field>` as HTML: `<span lang="en">…</span>` on a French page showing the English."""
    value = getattr(instance, field, "") if instance is not None else ""
    language = fallback_language(instance, field)
    if language and value:
        return format_html('<span lang="{}">{}</span>', language, value)
    return conditional_escape(value if value is not None else "")


def html_message(message, **values):
    """A translated `%(name)s` message as HTML: its text escaped, its values too unless they already
    are HTML (`marked(call, "title")`)."""
    return mark_safe(conditional_escape(message) % {k: conditional_escape(v) for k, v in values.items()})


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


def in_each_language(build) -> dict:
    """`{"<field>_en": …, "<field>_fr": …}` from `build()` (a dict of texts made from other content)
    called once per language. A French text that comes out the same as the English (nothing was
    written in French) is left empty, so French pages fall back to the English and mark it."""
    with translation.override(DEFAULT):
        english = build()
    values = {f"{field}_{DEFAULT}": value for field, value in english.items()}
    for language in settings.MODELTRANSLATION_LANGUAGES:
        if language != DEFAULT:
            with translation.override(language):
                for field, value in build().items():
                    values[f"{field}_{language}"] = None if value == english[field] else value
    return values


class WritesEnglish(TranslationFieldDescriptor):
    """Reads `<field>` in the active language (English fallback), writes it in English always."""

    def __set__(self, instance, value):
        with translation.override(DEFAULT):
            super().__set__(instance, value)


def _in_english(method):
    def in_english(*args, **kwargs):
        with translation.override(DEFAULT):
            return method(*args, **kwargs)

    in_english.writes_english = True
    return in_english


def connect():
    for model in translator.get_registered_models(abstract=False):
        pre_save.connect(
            keep_english_in_base_column, sender=model, dispatch_uid=f"content-en-{model._meta.label}"
        )
    for model in translator.get_registered_models(abstract=True):
        for field in translated_fields(model):
            descriptor = model.__dict__.get(field)  # proxies share their parent's
            if type(descriptor) is TranslationFieldDescriptor:
                descriptor.__class__ = WritesEnglish  # same state, one method different
    # A save reads each column through its descriptor: in French, the untranslated column (and,
    # with `update_fields=["title"]`, the column modeltranslation adds) would get the French.
    for model in translator.get_registered_models(abstract=False):
        if not getattr(model._save_table, "writes_english", False):
            model._save_table = _in_english(model._save_table)
    if not getattr(MultilingualQuerySet.update, "writes_english", False):
        MultilingualQuerySet.update = _in_english(MultilingualQuerySet.update)
