"""Every write of the partner map that is more than an admin form's save: imports and the directory's cache.

- `import_rows(resource, dataset, *, by, file_name=None, **options)`: a staff member's CSV/XLSX
  file (partners.importing's resources) written in one transaction, all rows or none; the
  directory then shows it at once (`directory_changed`). The admin's "Confirm import" calls it;
  the preview before it is django-import-export's dry run, which writes nothing.
- `directory_changed()`: the cached directory pages are stale. Saves and deletes of institutions
  and agreements call it through signals (apps.py); bulk writes that bypass signals call it.
"""

import time

from django.core.cache import cache

DIRECTORY_VERSION_KEY = "partners:directory:version"


def directory_changed():
    """Start a new version of the cached directory (the old pages expire unread)."""
    cache.set(DIRECTORY_VERSION_KEY, time.time_ns(), None)


# Apps that keep something derived from agreements (mobility: what each call offers) register a
# function here at start-up, so partners never imports them: func(agreement_ids).
_agreement_listeners = []


def on_agreements_changed(func):
    if func not in _agreement_listeners:
        _agreement_listeners.append(func)
    return func


def agreements_changed(agreement_ids):
    """Staff saved or imported agreements: the apps that derive from them catch up."""
    ids = list(agreement_ids)
    if ids:
        for func in _agreement_listeners:
            func(ids)


def import_rows(resource, dataset, *, by, file_name=None, **options):
    """Import a file's rows for real (after staff saw the preview); returns import-export's Result."""
    result = resource.import_data(
        dataset, dry_run=False, file_name=file_name, user=by, retain_instance_in_row_result=True, **options
    )
    if not result.has_errors() and not result.has_validation_errors():
        directory_changed()
        if resource._meta.model._meta.label == "partners.Agreement":
            agreements_changed(
                row.instance.pk for row in result.rows if row.instance is not None and row.instance.pk
            )
    return result
