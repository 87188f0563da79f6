"""A seeker's resume and cover-letter versions. A coach with a live grant sees them and
downloads their files here (the admin's own download view, scoped like every page: anything
outside the grants is a 404); the file itself never has a public address. Files come only
through the seeker's upload form, where their type is checked, so nobody adds one here; a
superuser may rename a version or delete it (with its file)."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.html import format_html

from documents.models import Document
from documents.services import delete_document
from documents.views import file_response

from .base import ClientDataAdmin, ClientFilter


@admin.register(Document)
class DocumentAdmin(ClientDataAdmin):
    list_display = ("label", "kind", "client_name", "original_name", "size", "uploaded_at")
    list_filter = ("kind", ("owner", ClientFilter))
    search_fields = ("label", "original_name", "owner__email", "owner__name")
    list_select_related = ("owner",)
    fields = (
        "owner",
        "kind",
        "label",
        "download",
        "original_name",
        "content_type",
        "size",
        "uploaded_at",
    )
    readonly_fields = ("kind", "download", "original_name", "content_type", "size", "uploaded_at")

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        download = self.admin_site.admin_view(self.download_view)
        return [
            path("<path:object_id>/download/", download, name="documents_document_download"),
            *super().get_urls(),
        ]

    def download_view(self, request, object_id):
        """The file, to whoever may view this document here (a coach: a client's, while the
        grant is live); another's is a 404 (ClientDataAdmin.get_object)."""
        document = self.get_object(request, unquote(object_id))
        if not self.has_view_permission(request, document):
            raise PermissionDenied
        return file_response(document)

    @admin.display(description="file")
    def download(self, obj):
        url = reverse("admin:documents_document_download", args=[obj.pk])
        return format_html('<a href="{}">Download {}</a>', url, obj.original_name)

    def delete_model(self, request, obj):
        delete_document(document=obj)

    def delete_queryset(self, request, queryset):
        for document in queryset:
            delete_document(document=document)
