from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("documents/", views.document_list, name="list"),
    path("documents/<int:pk>/download/", views.download, name="download"),
    path("documents/<int:pk>/rename/", views.DocumentRenameView.as_view(), name="rename"),
    path("documents/<int:pk>/delete/", views.DocumentDeleteView.as_view(), name="delete"),
]
