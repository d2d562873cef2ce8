"""The content visitors read, in English and French (see mobility/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Project, ProjectActivity, TrainingSession


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("title", "programme", "summary", "description")


@register(TrainingSession)
class TrainingSessionTranslation(TranslationOptions):
    fields = ("title", "description", "audience", "location")


@register(ProjectActivity)
class ProjectActivityTranslation(TranslationOptions):
    """The registrable activity is an offering: the proxy shares its parent's columns."""
