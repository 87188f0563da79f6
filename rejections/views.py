"""The guided rejection flow, recurring gaps and gap-closing plans. Every query starts from the
signed-in seeker's own rows, so another seeker's objects are not found (404)."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from applications.models import Application, Stage

from .forms import (
    CheckInForm,
    GapForm,
    PlanForm,
    PlanStepForm,
    RejectionForm,
    StepStatusForm,
    SuggestedStepForm,
)
from .models import FEELING_GUIDANCE, FEELING_HINTS, Feeling, Gap, Plan, PlanStep, Rejection

FLOW_STEPS = [
    ("edit", "What happened"),
    ("feelings", "How you feel"),
    ("gaps", "What to learn"),
    ("next", "What next"),
]


def own_rejection(request, pk):
    return get_object_or_404(
        Rejection.objects.owned_by(request.user).select_related("application__company", "contact"),
        pk=pk,
    )


def flow_context(rejection, current):
    return {"rejection": rejection, "flow_steps": FLOW_STEPS, "current_step": current}


def log_rejection(request, pk):
    """Step 1 for a new rejection: from a live application, "I was rejected"."""
    application = get_object_or_404(
        Application.objects.owned_by(request.user).select_related("company"), pk=pk
    )
    if hasattr(application, "rejection"):
        return redirect(application.rejection)
    if application.stage not in Stage.open():
        messages.error(request, f"{application} is already {application.get_stage_display()}.")
        return redirect(application)
    form = RejectionForm(request.POST or None, application=application)
    if request.method == "POST" and form.is_valid():
        rejection = form.save()
        messages.success(request, "Logged. That was hard news; let's make the most of it.")
        return redirect("rejections:feelings", pk=rejection.pk)
    return render(
        request,
        "rejections/rejection_form.html",
        {
            "form": form,
            "application": application,
            "flow_steps": FLOW_STEPS,
            "current_step": "edit",
        },
    )


def edit_rejection(request, pk):
    rejection = own_rejection(request, pk)
    form = RejectionForm(
        request.POST or None, instance=rejection, application=rejection.application
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved what happened.")
        return redirect("rejections:feelings", pk=rejection.pk)
    context = flow_context(rejection, "edit") | {
        "form": form,
        "application": rejection.application,
    }
    return render(request, "rejections/rejection_form.html", context)


def feelings(request, pk):
    rejection = own_rejection(request, pk)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check_in = form.save(commit=False)
        check_in.owner, check_in.rejection = request.user, rejection
        check_in.save()
        messages.success(request, "Thank you for checking in.")
        return redirect("rejections:feelings", pk=rejection.pk)
    context = flow_context(rejection, "feelings") | {
        "form": form,
        "check_ins": rejection.check_ins.all(),
        "feelings": [(f, FEELING_HINTS[f], FEELING_GUIDANCE[f]) for f in Feeling],
    }
    return render(request, "rejections/feelings.html", context)


def gaps(request, pk):
    rejection = own_rejection(request, pk)
    form = GapForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        gap = form.save(commit=False)
        gap.owner, gap.rejection = request.user, rejection
        gap.save()
        messages.success(request, f"Added the gap: {gap.description}.")
        return redirect("rejections:gaps", pk=rejection.pk)
    context = flow_context(rejection, "gaps") | {
        "form": form,
        "gaps": rejection.gaps.all(),
    }
    return render(request, "rejections/gaps.html", context)


def what_next(request, pk):
    rejection = own_rejection(request, pk)
    live = Application.objects.owned_by(request.user).live().with_company().ranked()
    context = flow_context(rejection, "next") | {"live": live}
    return render(request, "rejections/what_next.html", context)


def rejection_detail(request, pk):
    rejection = own_rejection(request, pk)
    context = flow_context(rejection, None) | {
        "check_ins": rejection.check_ins.all(),
        "gaps": rejection.gaps.prefetch_related("plans"),
    }
    return render(request, "rejections/rejection_detail.html", context)


def rejection_list(request):
    rejections = (
        Rejection.objects.owned_by(request.user)
        .select_related("application__company")
        .prefetch_related("gaps")
    )
    return render(request, "rejections/rejection_list.html", {"rejections": rejections})


def delete_rejection(request, pk):
    rejection = own_rejection(request, pk)
    if request.method == "POST":
        application = rejection.application
        rejection.delete()
        messages.success(
            request,
            f"Deleted the rejection. {application} is back to {application.get_stage_display()}.",
        )
        return redirect(application)
    return render(
        request,
        "confirm_delete.html",
        {
            "object": rejection,
            "cancel_url": rejection.get_absolute_url(),
            "delete_warning": (
                "The application goes back to the stage it had before, and the check-ins and "
                "gaps logged with this rejection are deleted."
            ),
        },
    )


@require_POST
def delete_gap(request, pk):
    gap = get_object_or_404(Gap.objects.owned_by(request.user), pk=pk)
    gap.delete()
    messages.success(request, f"Removed the gap: {gap.description}.")
    return redirect("rejections:gaps", pk=gap.rejection_id)


def recurring_gaps(request):
    groups = Gap.objects.owned_by(request.user).prefetch_related("plans").recurring()
    return render(request, "rejections/recurring_gaps.html", {"groups": groups})


def plan_list(request):
    plans = Plan.objects.owned_by(request.user).prefetch_related("steps", "gaps")
    today = request.user.profile.today()
    rows = [(plan, plan.progress(today)) for plan in plans]
    return render(request, "rejections/plan_list.html", {"rows": rows})


def plan_form(request, pk=None):
    plan = get_object_or_404(Plan.objects.owned_by(request.user), pk=pk) if pk else None
    initial = {"gaps": request.GET.getlist("gap")} if plan is None else None
    form = PlanForm(request.POST or None, instance=plan, owner=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        plan = form.save()
        messages.success(request, f"Saved the plan “{plan}”.")
        return redirect(plan)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "page_title": f"Edit {plan}" if plan else "New gap-closing plan",
            "cancel_url": plan.get_absolute_url() if plan else reverse("rejections:plan_list"),
        },
    )


def plan_detail(request, pk):
    plan = get_object_or_404(
        Plan.objects.owned_by(request.user).prefetch_related(
            "steps",
            Prefetch(
                "gaps", queryset=Gap.objects.select_related("rejection__application__company")
            ),
        ),
        pk=pk,
    )
    progress = plan.progress(request.user.profile.today())
    existing = {(s.kind, s.title) for s in plan.steps.all()}
    suggestions = [
        (
            gap,
            [
                (kind, title)
                for kind, title in gap.suggested_steps()
                if (kind, title) not in existing
            ],
        )
        for gap in plan.gaps.all()
    ]
    context = {
        "plan": plan,
        "progress": progress,
        "overdue_ids": {step.pk for step in progress["overdue"]},
        "suggestions": [(gap, steps) for gap, steps in suggestions if steps],
        "status_choices": StepStatusForm.base_fields["status"].choices,
    }
    return render(request, "rejections/plan_detail.html", context)


@require_POST
def add_suggested_step(request, pk):
    plan = get_object_or_404(Plan.objects.owned_by(request.user), pk=pk)
    form = SuggestedStepForm(request.POST)
    if form.is_valid():
        step = plan.add_suggested_step(**form.cleaned_data, today=request.user.profile.today())
        messages.success(request, f"Added “{step}”, due {step.due_on:%b %-d, %Y}. Edit it to fit.")
    else:
        messages.error(request, "That suggestion could not be added.")
    return redirect(plan)


def step_form(request, pk=None, plan_pk=None):
    if pk:
        step = get_object_or_404(PlanStep.objects.filter(plan__owner=request.user), pk=pk)
        plan = step.plan
    else:
        plan = get_object_or_404(Plan.objects.owned_by(request.user), pk=plan_pk)
        step = PlanStep(plan=plan)
    form = PlanStepForm(request.POST or None, instance=step)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved the step “{step}”.")
        return redirect(plan)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "page_title": f"Edit step: {step}" if pk else f"New step for {plan}",
            "cancel_url": plan.get_absolute_url(),
        },
    )


@require_POST
def step_status(request, pk):
    step = get_object_or_404(PlanStep.objects.filter(plan__owner=request.user), pk=pk)
    form = StepStatusForm(request.POST)
    if form.is_valid():
        step.status = form.cleaned_data["status"]
        step.save()
        messages.success(request, f"“{step}” is now {step.get_status_display().lower()}.")
    else:
        messages.error(request, "Choose one of the statuses.")
    return redirect(step.plan)


def delete_step(request, pk):
    step = get_object_or_404(PlanStep.objects.filter(plan__owner=request.user), pk=pk)
    if request.method == "POST":
        step.delete()
        messages.success(request, f"Deleted the step “{step}”.")
        return redirect(step.plan)
    return render(
        request,
        "confirm_delete.html",
        {"object": step, "cancel_url": step.plan.get_absolute_url()},
    )


def delete_plan(request, pk):
    plan = get_object_or_404(Plan.objects.owned_by(request.user), pk=pk)
    if request.method == "POST":
        plan.delete()
        messages.success(request, f"Deleted the plan “{plan}”.")
        return redirect("rejections:plan_list")
    return render(
        request,
        "confirm_delete.html",
        {
            "object": plan,
            "cancel_url": plan.get_absolute_url(),
            "delete_warning": "Its steps go with it; the gaps stay. This cannot be undone.",
        },
    )
