"""Every field the back office shows is named in French on a French page.

A model field without a translated verbose_name shows Django's English name made from the attribute
("Created", "Project", "Recorded by") in the French forms, lists and filters. And since Django merges
every app's catalogue into one, a plain "created" takes the first translation found in any of them
(allauth's bare "créé"): the dates of creation and change carry a gender context instead.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.utils import translation
from django.utils.functional import Promise


def _models_shown_in_the_admin():
    """The portal's own models registered in the admin and the models of their inlines."""
    shown = set()
    for model, model_admin in admin.site._registry.items():
        shown.add(model)
        shown.update(inline.model for inline in model_admin.inlines)
    root = Path(settings.BASE_DIR)
    return [m for m in shown if Path(apps.get_app_config(m._meta.app_label).path).parent == root]


def test_every_field_of_an_admin_model_has_a_translated_name():
    untranslated = [
        f"{model._meta.label}.{field.name}"
        for model in _models_shown_in_the_admin()
        for field in model._meta.concrete_fields
        if not field.auto_created
        and field.name != "id"
        and not field.name.endswith(("_en", "_fr"))
        and not isinstance(field.verbose_name, Promise)
    ]
    assert not untranslated, "Fields named in English only (give them verbose_name=_(...)):\n" + "\n".join(
        sorted(untranslated)
    )


def test_dates_of_creation_and_change_agree_with_their_record_in_french():
    labels = {
        ("mobility", "Call", "created"): "créé le",
        ("mobility", "Application", "created"): "créée le",
        ("mobility", "Application", "updated"): "modifiée le",
        ("partners", "Agreement", "updated"): "modifié le",
        ("summerschool", "Registration", "created"): "créée le",
        ("projects", "Project", "created"): "créé le",
        ("learning", "AgreementVersion", "created"): "créée le",
    }
    with translation.override("fr"):
        shown = {
            key: str(apps.get_model(key[0], key[1])._meta.get_field(key[2]).verbose_name) for key in labels
        }
    assert shown == labels
