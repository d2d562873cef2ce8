from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from . import services
        from .deadlines import register_all
        from .models import Agreement, Institution

        def changed(**kwargs):
            services.directory_changed()

        for model in (Institution, Agreement):
            post_save.connect(
                changed, sender=model, weak=False, dispatch_uid=f"partners-directory-{model.__name__}-save"
            )
            post_delete.connect(
                changed, sender=model, dispatch_uid=f"partners-directory-{model.__name__}-delete"
            )
        register_all()  # the deadlines partners chase (reminders app)
        m2m_changed.connect(
            changed, sender=Institution.networks.through, dispatch_uid="partners-directory-networks"
        )
