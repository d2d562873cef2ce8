"""The content participants read, in English and French (see mobility/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Offering, SummerSchool


@register(Offering)
class OfferingTranslation(TranslationOptions):
    fields = ("title", "theme", "description", "audience", "locations", "language", "extra_certification")


@register(SummerSchool)
class SummerSchoolTranslation(TranslationOptions):
    """The proxy shares its parent's columns."""
