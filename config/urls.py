from django.contrib import admin
from django.urls import include, path

from config.health import health

urlpatterns = [
    path("", include("accounts.urls")),
    path("", include("documents.urls")),
    path("", include("applications.urls")),
    path("", include("rejections.urls")),
    path("", include("followups.urls")),
    path("", include("watching.urls")),
    path("", include("chances.urls")),
    path("", include("coaching.urls")),
    path("", include("insights.urls")),
    path("", include("home.urls")),
    path("admin/", admin.site.urls),
    # Answered by config.health.HealthCheckMiddleware first; the route names it.
    path("health/", health, name="health"),
]
