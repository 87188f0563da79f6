from django.urls import path

from . import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("settings/export.json", views.export_view, name="account_export"),
    path("settings/delete/", views.delete_account_view, name="account_delete"),
]
