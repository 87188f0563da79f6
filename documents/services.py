"""Every change to a seeker's documents. The file and its row go together: a file is written
before its row and removed if the row is not saved; a deleted row's file is removed from
storage once the deletion is committed (a rolled-back deletion keeps it)."""

import logging

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from .filetypes import FileType
from .models import Document

logger = logging.getLogger(__name__)


def upload_document(
    *, owner, kind: str, label: str, upload: UploadedFile, file_type: FileType
) -> Document:
    """Store a checked upload (documents.forms) as a new version."""
    document = Document(
        owner=owner,
        kind=kind,
        label=label,
        original_name=(upload.name or "")[-255:],
        content_type=file_type.content_type,
        extension=file_type.extension,
        size=upload.size or 0,
    )
    upload.seek(0)
    # The name given is the seeker's; the field's upload_to (stored_name) replaces it.
    document.file.save(upload.name or "", upload, save=False)
    try:
        with transaction.atomic():
            document.save()
    except BaseException:
        document.file.delete(save=False)
        raise
    return document


def delete_document(*, document: Document) -> None:
    """Delete a version (applications it went with keep theirs, without it) and its file."""
    name = document.file.name
    document.delete()
    _delete_files_on_commit([name])


def delete_documents_of(*, owner) -> int:
    """Every document of a seeker and their files: account deletion. Returns how many."""
    documents = Document.objects.owned_by(owner)
    names: list[str | None] = list(documents.values_list("file", flat=True))
    documents.delete()
    _delete_files_on_commit(names)
    return len(names)


def _delete_files_on_commit(names: list[str | None]) -> None:
    """Once committed, remove the files; one that cannot be removed (the store is down) is
    logged with its name, for an operator to remove, and does not undo the deletion."""

    def delete_files():
        for name in filter(None, names):
            try:
                default_storage.delete(name)
            except Exception:
                logger.exception("Could not delete the stored file %s", name)

    transaction.on_commit(delete_files)
