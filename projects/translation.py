"""The content visitors read, in English and French (see mobility/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Deliverable, Project, ProjectActivity, TrainingSession, WorkPackage


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("title", "programme", "summary", "description")


@register(TrainingSession)
class TrainingSessionTranslation(TranslationOptions):
    fields = ("title", "description", "audience", "location")


@register(ProjectActivity)
class ProjectActivityTranslation(TranslationOptions):
    """The registrable activity is an offering: the proxy shares its parent's columns."""


@register(WorkPackage)
class WorkPackageTranslation(TranslationOptions):
    fields = ("title",)


@register(Deliverable)
class DeliverableTranslation(TranslationOptions):
    fields = ("title", "description")
