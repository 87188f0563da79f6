"""The baseline pages of bench/pages.py, one per measured page (bench/baseline_views.py), in
front of the project's own URLs, which stay for reverse() (an application's link, say)."""

from django.urls import include, path

from . import baseline_views

urlpatterns = [
    path("dashboard/", baseline_views.dashboard),
    path("applications/", baseline_views.application_list),
    path("applications/board/", baseline_views.board),
    path("pipeline/", baseline_views.pipeline),
    path("", include("config.urls")),
]
