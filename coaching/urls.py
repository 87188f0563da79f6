from django.urls import path

from . import views

app_name = "coaching"

urlpatterns = [
    # The seeker's side, part of their settings.
    path("settings/coaches/", views.access, name="access"),
    path("settings/coaches/<int:pk>/revoke/", views.revoke, name="revoke"),
    # The link in the invitation email, open to anyone who holds it.
    path("coaching/invitations/<str:token>/", views.invitation, name="invitation"),
    # The coach's side.
    path("coaching/", views.clients, name="clients"),
    path("coaching/grants/<int:pk>/accept/", views.accept, name="accept"),
    path("coaching/grants/<int:pk>/end/", views.end, name="end"),
]
