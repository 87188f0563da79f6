from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("applications/", views.ApplicationListView.as_view(), name="list"),
    path("applications/board/", views.board, name="board"),
    path("pipeline/", views.pipeline, name="pipeline"),
    path("applications/new/", views.ApplicationCreateView.as_view(), name="create"),
    path("applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="detail"),
    path("applications/<int:pk>/edit/", views.ApplicationUpdateView.as_view(), name="update"),
    path("applications/<int:pk>/delete/", views.ApplicationDeleteView.as_view(), name="delete"),
    path("applications/<int:pk>/move/", views.move, name="move"),
    path("applications/<int:pk>/pipeline-move/", views.pipeline_move, name="pipeline_move"),
    path("applications/<int:pk>/pin-second/", views.pin_second, name="pin_second"),
    path("companies/", views.CompanyListView.as_view(), name="company_list"),
    path("companies/new/", views.CompanyCreateView.as_view(), name="company_create"),
    path("companies/<int:pk>/", views.CompanyDetailView.as_view(), name="company_detail"),
    path("companies/<int:pk>/edit/", views.CompanyUpdateView.as_view(), name="company_update"),
    path("companies/<int:pk>/delete/", views.CompanyDeleteView.as_view(), name="company_delete"),
    path("companies/<int:pk>/hide/", views.company_hide, name="company_hide"),
    path("contacts/new/", views.ContactCreateView.as_view(), name="contact_create"),
    path("contacts/<int:pk>/edit/", views.ContactUpdateView.as_view(), name="contact_update"),
    path("contacts/<int:pk>/delete/", views.ContactDeleteView.as_view(), name="contact_delete"),
]
