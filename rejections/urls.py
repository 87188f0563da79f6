from django.urls import path

from . import views

app_name = "rejections"

urlpatterns = [
    path("applications/<int:pk>/rejected/", views.log_rejection, name="log"),
    path("rejections/", views.rejection_list, name="list"),
    path("rejections/<int:pk>/", views.rejection_detail, name="detail"),
    path("rejections/<int:pk>/edit/", views.edit_rejection, name="edit"),
    path("rejections/<int:pk>/feelings/", views.feelings, name="feelings"),
    path("rejections/<int:pk>/gaps/", views.gaps, name="gaps"),
    path("rejections/<int:pk>/next/", views.what_next, name="next"),
    path("rejections/<int:pk>/delete/", views.RejectionDeleteView.as_view(), name="delete"),
    path("gaps/", views.recurring_gaps, name="recurring_gaps"),
    path("gaps/<int:pk>/delete/", views.delete_gap, name="gap_delete"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.PlanCreateView.as_view(), name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.PlanUpdateView.as_view(), name="plan_update"),
    path("plans/<int:pk>/delete/", views.PlanDeleteView.as_view(), name="plan_delete"),
    path("plans/<int:pk>/suggested-step/", views.add_suggested_step, name="plan_add_suggested"),
    path("plans/<int:plan_pk>/steps/new/", views.step_form, name="step_create"),
    path("steps/<int:pk>/edit/", views.step_form, name="step_update"),
    path("steps/<int:pk>/status/", views.step_status, name="step_status"),
    path("steps/<int:pk>/delete/", views.StepDeleteView.as_view(), name="step_delete"),
]
