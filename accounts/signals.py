from django.db.models.signals import post_migrate
from django.dispatch import receiver

from .roles import ROLE_PERMISSIONS


@receiver(post_migrate)
def sync_role_permissions(sender, using="default", **kwargs):
    """Give each back-office group exactly the permissions listed in accounts.roles."""
    from django.contrib.auth.models import Group, Permission

    for group_name, specs in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=group_name)
        perms = []
        for spec in specs:
            app_label, codename = spec.split(".", 1)
            qs = Permission.objects.using(using).filter(content_type__app_label=app_label)
            if codename != "*":
                qs = qs.filter(codename=codename)
            perms.extend(qs)
        group.permissions.set(perms)
