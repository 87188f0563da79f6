from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("applications/", views.ApplicationListView.as_view(), name="list"),
    path("applications/board/", views.board, name="board"),
    path("pipeline/", views.pipeline, name="pipeline"),
    path("applications/new/", views.ApplicationCreateView.as_view(), name="create"),
    path("applications/new/from-link/", views.application_from_link, name="from_link"),
    path("applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="detail"),
    path("applications/<int:pk>/edit/", views.ApplicationUpdateView.as_view(), name="update"),
    path("applications/<int:pk>/delete/", views.ApplicationDeleteView.as_view(), name="delete"),
    path("applications/<int:pk>/move/", views.move, name="move"),
    path("applications/<int:pk>/pipeline-move/", views.pipeline_move, name="pipeline_move"),
    path("applications/<int:pk>/pin-second/", views.pin_second, name="pin_second"),
    path(
        "applications/<int:application_pk>/interviews/new/",
        views.interview_create,
        name="interview_create",
    ),
    path("interviews/<int:pk>/edit/", views.interview_update, name="interview_update"),
    path(
        "interviews/<int:pk>/delete/", views.InterviewDeleteView.as_view(), name="interview_delete"
    ),
    path("companies/", views.CompanyListView.as_view(), name="company_list"),
    path("companies/new/", views.CompanyCreateView.as_view(), name="company_create"),
    path("companies/<int:pk>/", views.CompanyDetailView.as_view(), name="company_detail"),
    path("companies/<int:pk>/edit/", views.CompanyUpdateView.as_view(), name="company_update"),
    path("companies/<int:pk>/delete/", views.CompanyDeleteView.as_view(), name="company_delete"),
    path("companies/<int:pk>/hide/", views.company_hide, name="company_hide"),
    path("contacts/new/", views.ContactCreateView.as_view(), name="contact_create"),
    path("contacts/<int:pk>/", views.ContactDetailView.as_view(), name="contact_detail"),
    path(
        "contacts/<int:contact_pk>/conversations/new/",
        views.conversation_create,
        name="conversation_create",
    ),
    path(
        "conversations/<int:pk>/edit/",
        views.ConversationUpdateView.as_view(),
        name="conversation_update",
    ),
    path(
        "conversations/<int:pk>/delete/",
        views.ConversationDeleteView.as_view(),
        name="conversation_delete",
    ),
    path("contacts/<int:pk>/edit/", views.ContactUpdateView.as_view(), name="contact_update"),
    path("contacts/<int:pk>/delete/", views.ContactDeleteView.as_view(), name="contact_delete"),
    # CSV import and export. The batch id is named batch_id, not pk: tests/test_ownership.py
    # covers the <int:pk> routes; tests/test_import_export.py covers these.
    path("applications/import/", views.import_upload, name="import"),
    path("applications/import/<int:batch_id>/", views.import_mapping, name="import_mapping"),
    path("applications/import/<int:batch_id>/check/", views.import_check, name="import_check"),
    path(
        "applications/import/<int:batch_id>/confirm/", views.import_confirm, name="import_confirm"
    ),
    path(
        "applications/import/<int:batch_id>/problems.csv",
        views.import_report,
        name="import_report",
    ),
    path(
        "applications/import/<int:batch_id>/progress/",
        views.import_progress,
        name="import_progress",
    ),
    path("applications/import/<int:batch_id>/done/", views.import_done, name="import_done"),
    path(
        "applications/import/<int:batch_id>/rows-not-imported.csv",
        views.import_rejected,
        name="import_rejected",
    ),
    path("applications/export/", views.export_csv, name="export"),
]
