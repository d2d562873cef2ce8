"""The trail of personal files opened by someone other than their owner (core.models.FileAccess)."""

from .models import FileAccess


def client_ip(request):
    """The visitor's address as the rate limits read it (TRUSTED_PROXY_COUNT applies), or None."""
    try:
        from allauth.account.adapter import get_adapter

        return get_adapter(request).get_client_ip(request) or None
    except Exception:  # a malformed header must not stop the download being recorded
        return request.META.get("REMOTE_ADDR") or None


def record_file_access(*, by, owner, kind, obj=None, file_name="", request=None):
    """Record that `by` downloaded `owner`'s file; nothing when people download their own.

    `owner` may be None when the file belongs to no person we can name (a file opened from the
    admin by its storage name): it is recorded, since staff are never its owner.
    """
    if owner is not None and by is not None and owner.pk == by.pk:
        return None
    return FileAccess.objects.create(
        user=by,
        user_email=getattr(by, "email", "") or "",
        owner=owner,
        owner_email=getattr(owner, "email", "") or "",
        kind=kind,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        file_name=(file_name or "")[:255],
        ip_address=client_ip(request) if request is not None else None,
    )
