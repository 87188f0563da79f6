from django.urls import path

from . import views

app_name = "chances"

urlpatterns = [
    path("second-chances/<int:pk>/take/", views.take, name="take"),
    path("second-chances/<int:pk>/mute/", views.mute, name="mute"),
    path("second-chances/<int:pk>/mute-company/", views.mute_company, name="mute_company"),
]
