"""The content students and partners read, in English and French (django-modeltranslation adds
`<field>_en` and `<field>_fr`; reading `<field>` gives the active language, English when French is empty)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Call, DocumentRequirement, EligibilityCriterion


@register(Call)
class CallTranslation(TranslationOptions):
    fields = ("title", "description")
    # An untranslated title is NULL, not "": two calls of a year without a French title do not
    # collide in the per-language unique constraint modeltranslation adds.
    empty_values = {"title": None}


@register(DocumentRequirement)
class DocumentRequirementTranslation(TranslationOptions):
    fields = ("name", "help_text")
    empty_values = {"name": None}


@register(EligibilityCriterion)
class EligibilityCriterionTranslation(TranslationOptions):
    fields = ("text",)
