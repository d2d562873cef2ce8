"""The content visitors read, in English and French (see mobility/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Project, TrainingSession


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("title", "programme", "summary", "description")


@register(TrainingSession)
class TrainingSessionTranslation(TranslationOptions):
    fields = ("title", "description", "audience", "location")
