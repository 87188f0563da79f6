"""The guided rejection flow, recurring gaps and gap-closing plans. Every query starts from the
signed-in seeker's own rows, so another seeker's objects are not found (404)."""

from typing import cast

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DeleteView, UpdateView

from accounts.http import SignedInRequest
from applications.models import Application, Stage
from applications.pipeline import pick_viable_second
from core.hooks import item_panels
from core.view_mixins import DeletePageMixin, OwnedFormPageMixin, OwnedMixin

from . import services
from .feedback import new_gaps
from .forms import (
    CheckInForm,
    GapForm,
    PlanForm,
    PlanStepForm,
    ProposedGapFormSet,
    RejectionForm,
    StepStatusForm,
    SuggestedStepForm,
)
from .models import FEELING_GUIDANCE, FEELING_HINTS, Feeling, Gap, Plan, PlanStep, Rejection

# The guided flow: (URL name, label). Step 1 of a new rejection is the `log` page.
FLOW_STEPS = [
    ("rejections:edit", "What happened"),
    ("rejections:feelings", "How you feel"),
    ("rejections:gaps", "What to learn"),
    ("rejections:next", "What next"),
]


def save_from_form(form):
    """The rejection form validated; the service writes (and creates the contact typed)."""
    return services.save_rejection(
        rejection=form.instance,
        new_contact_name=form.cleaned_data["new_contact_name"],
        new_contact_role=form.cleaned_data["new_contact_role"],
    )


def own_rejection(request, pk):
    return get_object_or_404(
        Rejection.objects.owned_by(request.user).select_related("application__company", "contact"),
        pk=pk,
    )


def flow_context(rejection, current):
    """The stepper: each step's link (none until the rejection exists) and which one is open."""
    return {
        "rejection": rejection,
        "flow_steps": [
            {
                "label": label,
                "url": reverse(name, args=[rejection.pk]) if rejection else None,
                "current": name == current,
            }
            for name, label in FLOW_STEPS
        ],
    }


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
        rejection = save_from_form(form)
        messages.success(request, "Logged. That was hard news; let's make the most of it.")
        return redirect("rejections:feelings", pk=rejection.pk)
    context = flow_context(None, "rejections:edit") | {"form": form, "application": application}
    return render(request, "rejections/rejection_form.html", context)


def edit_rejection(request, pk):
    rejection = own_rejection(request, pk)
    form = RejectionForm(
        request.POST or None, instance=rejection, application=rejection.application
    )
    if request.method == "POST" and form.is_valid():
        save_from_form(form)
        messages.success(request, "Saved what happened.")
        return redirect("rejections:feelings", pk=rejection.pk)
    context = flow_context(rejection, "rejections:edit") | {
        "form": form,
        "application": rejection.application,
    }
    return render(request, "rejections/rejection_form.html", context)


def feelings(request, pk):
    rejection = own_rejection(request, pk)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.check_in(rejection=rejection, check_in=form.instance)
        messages.success(request, "Thank you for checking in.")
        return redirect(request.path)
    context = flow_context(rejection, "rejections:feelings") | {
        "form": form,
        "check_ins": rejection.check_ins.all(),
        "feelings": [(f, FEELING_HINTS[f], FEELING_GUIDANCE[f]) for f in Feeling],
    }
    return render(request, "rejections/feelings.html", context)


# In the session: rejection id -> descriptions of the gaps proposed to the seeker that they
# kept, reworded or dropped, so that a dropped proposal does not come back.
REVIEWED_PROPOSALS = "reviewed_gap_proposals"


def gaps(request, pk):
    """Step 3: the gaps the employer's words name, to keep, reword or drop (nothing is added
    until the seeker confirms), and a form for any other gap."""
    rejection = own_rejection(request, pk)
    reviewed = request.session.get(REVIEWED_PROPOSALS, {})
    proposals = new_gaps(rejection, reviewed.get(str(pk), []))
    post = request.POST if request.method == "POST" else None
    confirming = post is not None and "proposed-TOTAL_FORMS" in post
    proposed = ProposedGapFormSet(
        post if confirming else None, initial=[p.initial for p in proposals], prefix="proposed"
    )
    form = GapForm(None if confirming else post)
    if confirming and proposed.is_valid():
        added = services.add_gaps(rejection=rejection, gaps=proposed.kept())
        reviewed[str(pk)] = reviewed.get(str(pk), []) + proposed.reviewed()
        request.session[REVIEWED_PROPOSALS] = reviewed
        if added:
            names = "; ".join(gap.description for gap in added)
            messages.success(request, f"Added {len(added)} gap{pluralize(added)}: {names}.")
        else:
            messages.success(request, "Dropped the proposed gaps; nothing was added.")
        return redirect(request.path)
    if post and not confirming and form.is_valid():
        gap = services.add_gap(rejection=rejection, gap=form.instance)
        messages.success(request, f"Added the gap: {gap.description}.")
        return redirect(request.path)
    context = flow_context(rejection, "rejections:gaps") | {
        "form": form,
        "proposed": proposed,
        "gaps": rejection.gaps.all(),
    }
    return render(request, "rejections/gaps.html", context)


def what_next(request, pk):
    """The viable #2 and the other live applications, and a nudge when momentum is low."""
    rejection = own_rejection(request, pk)
    applications = Application.objects.owned_by(request.user)
    live = list(applications.live().with_company().ranked())
    context = flow_context(rejection, "rejections:next") | {
        "live": live,
        "viable_second": pick_viable_second(live),
        "momentum": applications.momentum_for(request.user.profile),
    }
    return render(request, "rejections/what_next.html", context)


def rejection_detail(request, pk):
    rejection = own_rejection(request, pk)
    context = flow_context(rejection, None) | {
        "check_ins": rejection.check_ins.all(),
        "gaps": rejection.gaps.prefetch_related("plans"),
        **item_panels.context(request, rejection),
    }
    return render(request, "rejections/rejection_detail.html", context)


def rejection_list(request):
    rejections = (
        Rejection.objects.owned_by(request.user)
        .select_related("application__company")
        .prefetch_related("gaps")
    )
    return render(request, "rejections/rejection_list.html", {"rejections": rejections})


class RejectionDeleteView(OwnedMixin, DeletePageMixin, DeleteView):
    model = Rejection
    delete_warning = (
        "The application goes back to the stage it had before, and the check-ins and gaps "
        "logged with this rejection are deleted."
    )

    def get_success_url(self):
        return self.object.application.get_absolute_url()

    def delete_object(self):
        services.delete_rejection(rejection=self.object)

    def deleted_message(self):
        application = self.object.application
        return f"Deleted the rejection. {application} is back to {application.get_stage_display()}."


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


class PlanFormMixin(OwnedFormPageMixin):
    model = Plan
    form_class = PlanForm
    success_message = "Saved the plan “%(title)s”."

    def save(self, form):
        return services.save_plan(plan=form.instance, gaps=form.cleaned_data["gaps"])


class PlanCreateView(PlanFormMixin, CreateView):
    cancel_url = reverse_lazy("rejections:plan_list")

    def get_initial(self):
        """Gaps chosen on the rejection or recurring-gaps page arrive as ?gap=1&gap=2."""
        return {"gaps": self.request.GET.getlist("gap")}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"page_title": "New gap-closing plan"}


class PlanUpdateView(PlanFormMixin, UpdateView):
    pass


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
        "status_choices": cast(forms.ChoiceField, StepStatusForm.base_fields["status"]).choices,
        **item_panels.context(request, plan),
    }
    return render(request, "rejections/plan_detail.html", context)


@require_POST
def add_suggested_step(request, pk):
    plan = get_object_or_404(Plan.objects.owned_by(request.user), pk=pk)
    form = SuggestedStepForm(request.POST)
    if form.is_valid():
        step = services.add_suggested_step(
            plan=plan, **form.cleaned_data, today=request.user.profile.today()
        )
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
        services.save_step(step=form.instance)
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
        services.set_step_status(step=step, status=form.cleaned_data["status"])
        messages.success(request, f"“{step}” is now {step.get_status_display().lower()}.")
    else:
        messages.error(request, "Choose one of the statuses.")
    return redirect(step.plan)


class StepDeleteView(DeletePageMixin, DeleteView):
    request: SignedInRequest

    def get_queryset(self):
        return PlanStep.objects.filter(plan__owner=self.request.user)

    def get_success_url(self):
        return self.object.plan.get_absolute_url()


class PlanDeleteView(OwnedMixin, DeletePageMixin, DeleteView):
    model = Plan
    delete_warning = "Its steps go with it; the gaps stay. This cannot be undone."
    success_url = reverse_lazy("rejections:plan_list")
