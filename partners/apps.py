from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

        from . import services
        from .deadlines import register_all
        from .models import Agreement, Institution

        # The directory's pages are rendered again after any change of a partner; its counts per
        # country are recounted for the countries a write touches (before and after it), and only
        # when the write can change what is listed.
        def institution_before(instance, raw=False, **kwargs):
            before = None
            if instance.pk and not raw:
                before = Institution.objects.filter(pk=instance.pk).values_list("country", "is_home").first()
            instance._directory_before = before

        def institution_saved(instance, created, **kwargs):
            before = getattr(instance, "_directory_before", None)
            if created or before != (str(instance.country), instance.is_home):
                services.directory_changed({str(instance.country), *(before[:1] if before else ())})
            else:  # a name, a city…: the pages change, not the counts
                services.directory_changed(())

        def institution_deleted(instance, **kwargs):
            services.directory_changed({str(instance.country)})

        def agreement_before(instance, raw=False, **kwargs):
            before = None
            if instance.pk and not raw:
                before = Agreement.objects.filter(pk=instance.pk).values_list("institution__country").first()
            instance._directory_before = before

        def agreement_changed(instance, **kwargs):
            if Agreement.institution.is_cached(instance):
                country = (str(instance.institution.country),)
            else:
                country = (
                    Institution.objects.filter(pk=instance.institution_id).values_list("country").first()
                )
            before = getattr(instance, "_directory_before", None)
            services.directory_changed({c for row in (country, before) if row for c in row})

        def networks_changed(**kwargs):
            services.directory_changed(())

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
        register_all()  # the deadlines partners chase (reminders app)
        m2m_changed.connect(
            networks_changed,
            sender=Institution.networks.through,
            dispatch_uid="partners-directory-networks",
            weak=False,
        )
