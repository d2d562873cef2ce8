"""Academic supervisors' opinions on applications."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .applications import Application


class Opinion(models.TextChoices):
    STRONG = "strong", _("Strongly recommended")
    RECOMMENDED = "recommended", _("Recommended")
    RESERVATIONS = "reservations", _("Recommended with reservations")
    NOT_RECOMMENDED = "not_recommended", _("Not recommended")


class Recommendation(models.Model):
    """An academic supervisor's opinion on an application. It informs the decision; it is not one."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="recommendations", verbose_name=_("application")
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("supervisor"),
    )
    opinion = models.CharField(_("opinion"), max_length=20, choices=Opinion.choices)
    comment = models.TextField(
        _("comment"), blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    created = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated = models.DateTimeField(pgettext_lazy("feminine", "updated"), auto_now=True)

    class Meta:
        ordering = ["created"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(fields=["application", "supervisor"], name="recommendation_one_each")
        ]

    def __str__(self):
        return f"{self.supervisor}: {self.get_opinion_display()}"
