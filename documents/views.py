"""The Documents page (list and upload), rename, delete, and the download: the only way a file
leaves storage for its owner. Another seeker's document is a 404 (core.view_mixins)."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from django.views.generic import DeleteView, UpdateView

from core.view_mixins import DeletePageMixin, OwnedFormPageMixin, OwnedMixin

from .forms import DocumentRenameForm, DocumentUploadForm
from .models import Document, DocumentKind
from .services import delete_document, upload_document


def document_list(request):
    """The seeker's versions, newest first within each kind, and the upload form."""
    form = DocumentUploadForm(request.POST or None, request.FILES or None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        document = upload_document(
            owner=request.user,
            kind=form.cleaned_data["kind"],
            label=form.cleaned_data["label"],
            upload=form.cleaned_data["file"],
            file_type=form.cleaned_data["file_type"],
        )
        messages.success(request, f"Uploaded {document}.")
        return redirect(document)
    documents = list(Document.objects.owned_by(request.user).with_use())
    context = {
        "form": form,
        "sections": [
            (
                "Resumes",
                "resumes-heading",
                [d for d in documents if d.kind == DocumentKind.RESUME],
                "No resume yet. Upload the one you send most, and each version after it.",
            ),
            (
                "Cover letters",
                "letters-heading",
                [d for d in documents if d.kind == DocumentKind.COVER_LETTER],
                "No cover letter yet.",
            ),
        ],
    }
    return render(request, "documents/document_list.html", context)


def file_response(document: Document) -> FileResponse:
    """The stored file as a download: never shown inline, with the type its bytes were checked
    to be (and no sniffing by the browser), kept out of shared caches. For the owner's page and
    the coach's admin alike."""
    try:
        stored = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("This document's file is missing from storage.") from None
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
def download(request, pk):
    return file_response(get_object_or_404(Document.objects.owned_by(request.user), pk=pk))


class DocumentRenameView(OwnedFormPageMixin, UpdateView):
    model = Document
    form_class = DocumentRenameForm
    success_message = "Renamed it to %(label)s."


class DocumentDeleteView(OwnedMixin, DeletePageMixin, DeleteView):
    model = Document
    success_url = reverse_lazy("documents:list")
    delete_warning = (
        "The file is removed for good. Applications it went with keep their other details, "
        "but no longer say which version you sent."
    )

    def delete_object(self):
        delete_document(document=self.object)
