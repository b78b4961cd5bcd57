"""Export requests and the private files they produce."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from feedback.fields import page_link


class Export(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    class Scope(models.TextChoices):
        PAGE = "page", _("Page")
        FORM = "form", _("Form")
        SITE = "site", _("Whole site")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    page = page_link()
    include_translations = models.BooleanField(default=True)
    form = models.ForeignKey(
        "feedback.FeedbackForm", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language_code = models.CharField(max_length=20, blank=True)
    since = models.DateField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    format = models.CharField(_("format"), max_length=20, default="xlsx")
    # Equal parameters give an equal fingerprint: a second request while one
    # is queued or running returns the running one.
    fingerprint = models.CharField(max_length=64, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    error = models.TextField(_("error"), blank=True)
    job_id = models.CharField(max_length=64, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_path = models.CharField(max_length=500, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    row_count = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        verbose_name = _("feedback export")
        verbose_name_plural = _("feedback exports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "expires_at"], name="feedback_export_status")]
        constraints = [
            # Two requests for the same export at the same moment (two web
            # processes, a double click) share one job and one file.
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=models.Q(status__in=["queued", "running"]),
                name="feedback_export_one_active",
            )
        ]

    def __str__(self) -> str:
        return self.file_name or f"export {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
