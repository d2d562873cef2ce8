"""Reads used by the privacy pages."""

from .models import DataRequest, RequestKind, RequestStatus


def requests_of(user):
    return DataRequest.objects.filter(account_id=user.pk).order_by("-requested_at")


def pending_erasure(user):
    return DataRequest.objects.filter(
        account_id=user.pk, kind=RequestKind.ERASURE, status=RequestStatus.PENDING
    ).first()
