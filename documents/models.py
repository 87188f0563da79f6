"""The seeker's documents: versions of their resume and cover letters, each a file in the
default storage (local files, or an S3-compatible bucket in production; config/settings.py)
under a random name, never reachable by a public URL: documents.views serves it to its owner,
coaching's admin to a coach with a live grant."""

import secrets
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Count
from django.urls import reverse

from core.querysets import OwnedQuerySet

LABEL_MAX_LENGTH = 120


class DocumentKind(models.TextChoices):
    RESUME = "resume", "Resume"
    COVER_LETTER = "cover_letter", "Cover letter"


def stored_name(document: "Document", filename: str) -> str:
    """Where the file goes in storage: a folder per seeker, and a random name (128 bits) with
    the extension of the type read from its bytes. The seeker's own file name is kept in the
    row, never in the path, so it can neither be guessed nor climb out of the folder."""
    return f"documents/{document.owner_id}/{secrets.token_hex(16)}.{document.extension}"


class DocumentQuerySet(OwnedQuerySet["Document"]):
    def of_kind(self, kind: str) -> Self:
        return self.filter(kind=kind)

    def with_use(self) -> Self:
        """How many applications each document went with (`sent_count`), in the same query.
        A document is one kind, so at most one of the two joins has rows."""
        return self.annotate(
            sent_count=Count("sent_as_resume", distinct=True)
            + Count("sent_as_cover_letter", distinct=True)
        )


class Document(models.Model):
    """One version of a resume or cover letter, as uploaded. Its type is the one its bytes
    showed (documents.filetypes), not what its name or the browser claimed."""

    owner_path = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(
        max_length=20, choices=DocumentKind.choices, default=DocumentKind.RESUME
    )
    label = models.CharField(
        "version name",
        max_length=LABEL_MAX_LENGTH,
        help_text="A name you will recognise, e.g. “Resume v3 — platform focus”.",
    )
    file = models.FileField(upload_to=stored_name, max_length=255)
    original_name = models.CharField("file name", max_length=255)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveIntegerField("size in bytes")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "document"
        verbose_name_plural = "documents"
        ordering = ["kind", "-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["owner", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DocumentKind.values), name="document_kind_known"
            ),
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("documents:list") + f"#document-{self.pk}"

    def get_download_url(self):
        return reverse("documents:download", args=[self.pk])
