from django.urls import path

from . import views

app_name = "watching"

urlpatterns = [
    path("companies/<int:pk>/board/", views.watch_board, name="watch"),
    path("companies/<int:pk>/board/mute/", views.mute, name="mute"),
    path("companies/<int:pk>/board/stop/", views.stop, name="stop"),
]
