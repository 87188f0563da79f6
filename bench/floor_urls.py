"""The floor of bench/pages.py: one view per measured page (bench/floor_views.py) in front of
the project's own URLs, which stay for everything else (reverse(), the navigation)."""

from django.urls import include, path

from . import floor_dashboard, floor_views

urlpatterns = [
    path("dashboard/", floor_dashboard.dashboard),
    path("applications/", floor_views.application_list),
    path("applications/board/", floor_views.board),
    path("pipeline/", floor_views.pipeline),
    path("", include("config.urls")),
]
