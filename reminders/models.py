"""What staff steer (a rule per registered reminder) and what was sent (the ledger)."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Rule(models.Model):
    """The database side of a reminder registered in code (`reminders.registry`)."""

    code = models.CharField(_("code"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    enabled = models.BooleanField(_("enabled"), default=True)
    offset = models.DurationField(
        _("sent before the deadline"),
        help_text=_("How long before the deadline the reminder goes out (negative: after it)."),
    )
    repeat = models.DurationField(
        _("repeated every"),
        null=True,
        blank=True,
        help_text=_(
            "Empty: sent once per deadline. Otherwise sent again at this interval until the deadline."
        ),
    )

    class Meta:
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.repeat is not None and self.repeat < datetime.timedelta(hours=1):
            raise ValidationError({"repeat": _("Repeat at most every hour.")})


class Override(models.Model):
    """Staff's timing of a rule for one call or one summer-school offering: its own offset, or the
    rule switched off (or on) there. Where none exists the rule's own offset and switch apply."""

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="overrides", verbose_name=_("rule"))
    call = models.ForeignKey(
        "mobility.Call",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminder_overrides",
        verbose_name=_("call"),
    )
    offering = models.ForeignKey(
        "summerschool.Offering",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminder_overrides",
        verbose_name=_("summer school"),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    offset = models.DurationField(
        _("sent before the deadline"),
        null=True,
        blank=True,
        help_text=_("Empty: the rule's own. Negative: after the deadline."),
    )

    class Meta:
        verbose_name = _("timing for a call or summer school")
        verbose_name_plural = _("timings for a call or summer school")
        ordering = ["rule", "call", "offering"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(call__isnull=False, offering__isnull=True)
                | models.Q(call__isnull=True, offering__isnull=False),
                name="override_call_or_offering",
                violation_error_message=_("Choose a call or a summer school."),
            ),
            models.UniqueConstraint(
                fields=["rule", "call"],
                name="one_override_per_rule_and_call",
                violation_error_message=_("This reminder already has its timing for this call."),
            ),
            models.UniqueConstraint(
                fields=["rule", "offering"],
                name="one_override_per_rule_and_offering",
                violation_error_message=_("This reminder already has its timing for this summer school."),
            ),
        ]

    def __str__(self):
        return f"{self.rule} · {self.call or self.offering}"

    @property
    def scope_id(self):
        return self.call_id or self.offering_id

    def clean(self):
        """The rule must chase deadlines of what is chosen (a call's rule, a call; a school's, a school)."""
        from django.core.exceptions import ValidationError

        from .registry import registered

        reminder = registered().get(self.rule.code) if self.rule_id else None
        if reminder is None:
            return
        if reminder.scope is None:
            raise ValidationError(_("This reminder's timing is the same everywhere: change it on the rule."))
        if reminder.scope == "call" and self.offering_id:
            raise ValidationError({"offering": _("This reminder chases a call's deadline: choose a call.")})
        if reminder.scope == "offering" and self.call_id:
            raise ValidationError(
                {"call": _("This reminder chases a summer school's deadline: choose a summer school.")}
            )


class Sent(models.Model):
    """A reminder that went out: once per rule, object, deadline value, recipient (and repetition)."""

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="sent", verbose_name=_("rule"))
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("kind of object"))
    object_id = models.PositiveBigIntegerField(_("object id"))
    subject = GenericForeignKey("content_type", "object_id")
    deadline = models.DateTimeField(_("deadline it was computed from"))
    round = models.PositiveIntegerField(_("repetition"), default=0)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("recipient")
    )
    sent_at = models.DateTimeField(_("sent at"))
    email = models.ForeignKey(
        "post_office.Email",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("email"),
    )

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["rule", "content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "content_type", "object_id", "deadline", "recipient", "round"],
                name="reminder_once_per_deadline",
            )
        ]

    def __str__(self):
        return f"{self.rule} → {self.recipient} ({self.sent_at:%Y-%m-%d %H:%M})"
