from django.urls import path

from . import views

app_name = "followups"

urlpatterns = [
    path("follow-ups/", views.follow_up_list, name="list"),
    path("follow-ups/<int:pk>/", views.follow_up_detail, name="detail"),
    path("check-a-message/", views.check_message, name="check_message"),
    path("follow-ups/<int:pk>/tone/", views.tone_check, name="tone_check"),
    path("follow-ups/<int:pk>/close/", views.close_follow_up, name="close"),
    path("follow-ups/<int:pk>/snooze/", views.snooze_follow_up, name="snooze"),
    path("follow-ups/<int:pk>/edit/", views.follow_up_form, name="update"),
    path("follow-ups/<int:pk>/delete/", views.FollowUpDeleteView.as_view(), name="delete"),
    path(
        "applications/<int:application_pk>/follow-ups/new/",
        views.follow_up_form,
        name="create",
    ),
    path("rejections/<int:pk>/stay-on-radar/", views.stay_on_radar, name="stay_on_radar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
