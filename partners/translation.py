"""The content students and partners read, in English and French (see mobility/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Agreement, Network


@register(Agreement)
class AgreementTranslation(TranslationOptions):
    fields = ("title", "notes")


@register(Network)
class NetworkTranslation(TranslationOptions):
    fields = ("description", "school_role")
