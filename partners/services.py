"""Every write of the partner map that is more than an admin form's save: imports and the directory's cache.

- `import_rows(resource, dataset, *, by, file_name=None, **options)`: a staff member's CSV/XLSX
  file (partners.importing's resources) written in one transaction, all rows or none; the
  directory then shows it at once (its rows' saves call `directory_changed`, recounted once at
  the end). The admin's "Confirm import" calls it; the preview before it is django-import-export's
  dry run, which writes nothing.
- `directory_changed(countries=None)`: the cached directory pages are stale and the partners per
  country are recounted (`recount_directory`), those of `countries` or of every country. Saves and
  deletes of institutions and agreements call it through signals (apps.py) with the countries they
  touch; bulk writes that bypass signals call it; `directory_batch()` recounts once for many writes.
"""

import threading
import time
from contextlib import contextmanager

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count

from core import academic

from .models import DIRECTORY_KINDS, Agreement, DirectoryCount

DIRECTORY_VERSION_KEY = "partners:directory:version"
EVERY_COUNTRY = None

_batch = threading.local()


def _new_directory_version():
    cache.set(DIRECTORY_VERSION_KEY, time.time_ns(), None)


def directory_changed(countries=EVERY_COUNTRY):
    """Start a new version of the cached directory (the old pages expire unread) and recount the
    partners of `countries` (country codes; None: every country) in the caller's transaction."""
    _new_directory_version()
    # Again after the commit: a page another process renders meanwhile still shows the old rows.
    transaction.on_commit(_new_directory_version)
    if countries is not EVERY_COUNTRY and not countries:
        return  # what changed is shown on the pages, not counted
    pending = getattr(_batch, "countries", False)
    if pending is not False:  # inside directory_batch(): recounted once at its end
        _batch.countries = None if countries is None or pending is None else pending | set(countries)
        return
    recount_directory(countries=countries)


@contextmanager
def directory_batch(*, recount=True):
    """Many writes (an import's rows), one recount at the end of the countries they touched (none
    when `recount` is false: a dry run rolled back)."""
    if getattr(_batch, "countries", False) is not False:  # already in a batch: the outer one recounts
        yield
        return
    _batch.countries = set()
    try:
        yield
        touched = _batch.countries
    finally:
        del _batch.countries
    if recount and touched != set():
        directory_changed(touched)


@transaction.atomic
def recount_directory(*, year=None, countries=EVERY_COUNTRY):
    """Recount the partners the directory lists per country and filter in `year` (default: this
    academic year), for `countries` or every country: one GROUP BY over the agreements in force of
    those countries, whose result replaces their rows of DirectoryCount. Concurrent recounts wait
    for each other (a lock on the year's row), so the last one counts every committed write."""
    year = academic.current_academic_year() if year is None else year
    complete, created = DirectoryCount.objects.select_for_update().get_or_create(
        year=year, kind="", region="", country=""
    )
    if created:
        countries = EVERY_COUNTRY  # the first count of the year counts everything
        # Other years' counts are not kept up to date: a visit to one counts it again.
        DirectoryCount.objects.exclude(year=year).delete()
    rows = DirectoryCount.objects.filter(year=year).exclude(pk=complete.pk)
    in_force = Agreement.objects.in_force(year).filter(institution__is_home=False)
    if countries is not EVERY_COUNTRY:
        countries = sorted(countries)
        rows = rows.filter(country__in=countries)
        in_force = in_force.filter(institution__country__in=countries)
    counts = (
        in_force.order_by()
        .values_list("institution__region", "institution__country")
        .annotate(
            every_kind=Count("institution", distinct=True),
            **{
                f"kind_{i}": Count("institution", distinct=True, filter=q)
                for i, (_label, q) in enumerate(DIRECTORY_KINDS.values())
            },
        )
    )
    kinds = ["", *DIRECTORY_KINDS]
    rows.delete()
    DirectoryCount.objects.bulk_create(
        DirectoryCount(year=year, kind=kind, region=region, country=country, partners=n)
        for region, country, *numbers in counts
        for kind, n in zip(kinds, numbers, strict=True)
        if n
    )


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
    # The rows' saves recounted the directory (importing.DirectoryBatchMixin: once, at the end).
    ok = not result.has_errors() and not result.has_validation_errors()
    if ok and resource._meta.model._meta.label == "partners.Agreement":
        agreements_changed(
            row.instance.pk for row in result.rows if row.instance is not None and row.instance.pk
        )
    return result


def connect_directory():
    """The directory's pages are rendered again after any change of a partner, by whatever path
    (services, the admin, imports); its counts per country are recounted for the countries a write
    touches (before and after it), and only when the write can change what is listed."""
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

    from .models import Institution

    def institution_before(instance, raw=False, **kwargs):
        before = None
        if instance.pk and not raw:
            before = Institution.objects.filter(pk=instance.pk).values_list("country", "is_home").first()
        instance._directory_before = before

    def institution_saved(instance, created, **kwargs):
        before = getattr(instance, "_directory_before", None)
        if created or before != (str(instance.country), instance.is_home):
            directory_changed({str(instance.country), *(before[:1] if before else ())})
        else:  # a name, a city…: the pages change, not the counts
            directory_changed(())

    def institution_deleted(instance, **kwargs):
        directory_changed({str(instance.country)})

    def agreement_before(instance, raw=False, **kwargs):
        before = None
        if instance.pk and not raw:
            before = Agreement.objects.filter(pk=instance.pk).values_list("institution__country").first()
        instance._directory_before = before

    def agreement_changed(instance, **kwargs):
        if Agreement.institution.is_cached(instance):
            country = (str(instance.institution.country),)
        else:
            country = Institution.objects.filter(pk=instance.institution_id).values_list("country").first()
        before = getattr(instance, "_directory_before", None)
        directory_changed({c for row in (country, before) if row for c in row})

    def networks_changed(**kwargs):
        directory_changed(())

    pre_save.connect(
        institution_before,
        sender=Institution,
        dispatch_uid="partners-directory-institution-pre",
        weak=False,
    )
    post_save.connect(
        institution_saved,
        sender=Institution,
        dispatch_uid="partners-directory-institution-save",
        weak=False,
    )
    post_delete.connect(
        institution_deleted, sender=Institution, dispatch_uid="partners-directory-institution-delete"
    )
    pre_save.connect(
        agreement_before, sender=Agreement, dispatch_uid="partners-directory-agreement-pre", weak=False
    )
    post_save.connect(
        agreement_changed, sender=Agreement, dispatch_uid="partners-directory-agreement-save", weak=False
    )
    post_delete.connect(
        agreement_changed,
        sender=Agreement,
        dispatch_uid="partners-directory-agreement-delete",
        weak=False,
    )
    m2m_changed.connect(
        networks_changed,
        sender=Institution.networks.through,
        dispatch_uid="partners-directory-networks",
        weak=False,
    )
