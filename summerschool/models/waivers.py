"""Fee-waiver codes IRO staff give a network's office for its members."""

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .offerings import Offering
from .states import ACTIVE_STATES


def new_waiver_code():
    """Twelve letters and digits without look-alikes (0/O, 1/I/L), grouped for reading aloud."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


class WaiverCodeQuerySet(models.QuerySet):
    def with_uses(self):
        return self.annotate(
            used=models.Count(
                "registrations", filter=Q(registrations__state__in=[s.value for s in ACTIVE_STATES])
            )
        )


class WaiverCode(models.Model):
    """A fee-waiver code IRO staff give a network's office for its members (single or multi-use).

    A use is an active registration that proved its waiver with the code: a cancelled one gives
    its use back.
    """

    code = models.CharField(_("code"), max_length=20, unique=True, default=new_waiver_code)
    network = models.ForeignKey(
        "partners.Network", on_delete=models.PROTECT, related_name="waiver_codes", verbose_name=_("network")
    )
    offering = models.ForeignKey(
        Offering,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="waiver_codes",
        verbose_name=_("only for"),
        help_text=_("Empty: any offering free for the network's members."),
    )
    issued_to = models.CharField(
        _("issued to"), max_length=200, help_text=_("E.g. “Circle U. office, University of Oslo”.")
    )
    max_uses = models.PositiveIntegerField(
        _("uses allowed"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("1 for a single-use code."),
    )
    expires_on = models.DateField(
        _("valid until"), help_text=_("Last day the code can be used (Paris time).")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(pgettext_lazy("masculine", "created"), auto_now_add=True)

    objects = WaiverCodeQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "code"]
        verbose_name = _("waiver code")
        verbose_name_plural = _("waiver codes")

    def __str__(self):
        return self.code

    def uses(self):
        used = getattr(self, "used", None)
        if used is None:
            used = self.registrations.active().count()
        return used

    def refusal_for(self, offering, today=None):
        """Why the code cannot be used for `offering` (a sentence), or "" when it can."""
        today = today or timezone.localdate()
        if self.expires_on < today:
            return _("This waiver code expired on %(day)s.") % {"day": self.expires_on.isoformat()}
        if self.offering_id and self.offering_id != offering.pk:
            return _("This waiver code is for another programme.")
        if not offering.waiver_networks.filter(pk=self.network_id).exists():
            return _("This programme is not free for the members of %(network)s.") % {"network": self.network}
        if self.uses() >= self.max_uses:
            return _("This waiver code has been used as many times as allowed.")
        return ""
