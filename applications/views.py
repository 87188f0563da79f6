"""Thin views over the tracker. Ownership comes from core.view_mixins: another seeker's object is
simply not found (404)."""

from datetime import datetime
from typing import NamedTuple

from django.contrib import messages
from django.db import IntegrityError
from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView
from django_htmx.http import HttpResponseClientRedirect

from accounts.http import SignedInRequest
from core.hooks import item_panels, next_steps
from core.spreadsheet import csv_file_response, csv_response
from core.templatetags.tracker import options
from core.view_mixins import DeletePageMixin, OwnedFormPageMixin, OwnedMixin, redirect_back

from . import exporting, importing, queries
from .forms import (
    ApplicationFilterForm,
    ApplicationForm,
    CompanyForm,
    ContactForm,
    ConversationForm,
    ImportConfirmForm,
    ImportMappingForm,
    ImportUploadForm,
    InterviewForm,
    PostingLinkForm,
    StageMoveForm,
)
from .interviews import delete_interview, save_interview
from .models import (
    TAG_MAX_LENGTH,
    Application,
    ApplicationRow,
    Company,
    Contact,
    Conversation,
    ImportBatch,
    ImportJob,
    Interview,
    Stage,
)
from .pipeline import PipelineError, pipeline_rows
from .postings import from_query, read_posting
from .queries import BOARD_CARDS_PER_COLUMN
from .services import (
    import_batch,
    log_conversation,
    map_import,
    move_in_pipeline,
    move_stage,
    pin_as_second,
    save_application,
    set_company_hidden,
    start_import,
    start_import_job,
    unpin_second,
)


class ApplicationListView(OwnedMixin, ListView):
    request: SignedInRequest
    model = Application
    paginate_by = 25
    template_name = "applications/application_list.html"

    def get_queryset(self):
        """The rows as tuples (issue 17), the paginator counting them and reading one page."""
        self.filter_form = ApplicationFilterForm(self.request.GET or None)
        filters = self.filter_form.filters()
        return queries.application_list(self.request.user.pk, timezone.now(), **filters)

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        context = super().get_context_data(
            filter_form=self.filter_form,
            query_without_page=query.urlencode(),
            tag_names=tag_names(self.request.user),
            **kwargs,
        )
        row_tags = queries.tags_of(self.request.user.pk, [row.pk for row in context["object_list"]])
        return {**context, "row_tags": row_tags}

    def paginate_queryset(self, queryset, page_size):
        """The page's rows as ApplicationRows."""
        paginator, page, values, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = list(map(ApplicationRow._make, values))
        return paginator, page, page.object_list, is_paginated


def tag_names(user) -> list[str]:
    """The seeker's tags in use, for the list's and the board's tag filter."""
    return queries.TAG_NAMES(owner=user.pk)


def tag_filter(request) -> str:
    """The ?tag= the board is filtered by ("" for none); kept on every move, so an htmx redraw
    shows the same cards."""
    return " ".join(request.GET.get("tag", "").split())[:TAG_MAX_LENGTH]


class BoardColumn(NamedTuple):
    stage: Stage
    cards: list[ApplicationRow]
    total: int  # every application in this stage; `cards` are the first BOARD_CARDS_PER_COLUMN

    @property
    def more(self) -> int:
        return self.total - len(self.cards)

    @property
    def move_options(self) -> str:
        """The <option>s of a card's "Move to" menu, its own stage selected. Every card in a
        column is in the same stage, so the board builds them once per column."""
        return options(Stage.choices, self.stage)


def board_columns(user, tag: str = "") -> tuple[list[BoardColumn], dict[int, list[str]]]:
    """One column per stage with its first cards and its count, of the applications with this
    tag if one is given ("N more" links to the list), and each card's tag names. Untagged, the
    board most seekers see, its queries are prepared (applications.queries)."""
    now = timezone.now()
    if tag:
        applications = Application.objects.owned_by(user).tagged(tag)
        rows = applications.board_cards(BOARD_CARDS_PER_COLUMN).with_next_interview(now).rows(user)
        totals = applications.stage_counts()
    else:
        rows = queries.rows(queries.BOARD_CARDS, owner=user.pk, now=now)
        totals = queries.overview(user)[0]
    columns: dict[str, list[ApplicationRow]] = {stage: [] for stage in Stage.values}
    for card in rows:
        columns[card.stage].append(card)
    tags = queries.tags_of(user.pk, [card.pk for card in rows])
    board = [BoardColumn(Stage(stage), cards, totals[stage]) for stage, cards in columns.items()]
    return board, tags


def board(request):
    tag = tag_filter(request)
    columns, card_tags = board_columns(request.user, tag)
    context = {
        "columns": columns,
        "card_tags": card_tags,
        "tag": tag,
        "tag_query": urlencode({"tag": tag}) if tag else "",
        "tag_names": [] if request.htmx else tag_names(request.user),
    }
    template = "applications/board.html#board" if request.htmx else "applications/board.html"
    return render(request, template, context)


@require_POST
def move(request, pk):
    """Move an application to another stage. htmx gets the redrawn board back; a plain form
    post is redirected to where it came from. A move that opens a flow (to "rejected": the
    rejection flow, core.hooks.next_steps) sends the seeker on to its first step instead."""
    application = get_object_or_404(Application.objects.owned_by(request.user), pk=pk)
    form = StageMoveForm(request.POST)
    next_url = None
    if form.is_valid():
        if move_stage(application=application, stage=form.cleaned_data["stage"]):
            messages.success(request, f"Moved {application} to {application.get_stage_display()}.")
            next_url = next_steps.url(application)
    else:
        messages.error(request, "Choose one of the stages to move it to.")
    if next_url:
        return HttpResponseClientRedirect(next_url) if request.htmx else redirect(next_url)
    if request.htmx:
        return board(request)
    return redirect_back(request, application.get_absolute_url())


def pipeline_context(user) -> dict:
    """Live applications in ranked order, with the viable #2 marked and the search's momentum."""
    return {
        "rows": pipeline_rows(queries.rows(queries.RANKED_LIVE, owner=user.pk)),
        "momentum": queries.overview(user)[1],
    }


def pipeline(request):
    context = pipeline_context(request.user)
    if request.htmx:
        return render(request, "applications/pipeline.html#pipeline", context)
    return render(request, "applications/pipeline.html", context)


def back_to_pipeline(request):
    """htmx gets the redrawn list; a plain form post goes back where it came from."""
    if request.htmx:
        return pipeline(request)
    return redirect_back(request, reverse("applications:pipeline"))


@require_POST
def pipeline_move(request, pk):
    """Move a live application one place up or down in the seeker's own order."""
    application = get_object_or_404(
        Application.objects.owned_by(request.user).with_company(), pk=pk
    )
    direction = request.POST.get("direction", "")
    try:
        place = move_in_pipeline(application=application, direction=direction)
    except PipelineError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Moved {application} {direction} to #{place}.")
    return back_to_pipeline(request)


@require_POST
def pin_second(request, pk):
    """Pin (action=pin) or unpin (action=unpin) an application as the viable #2. The action is
    explicit rather than a toggle, so a double-submitted form cannot undo itself."""
    application = get_object_or_404(
        Application.objects.owned_by(request.user).with_company(), pk=pk
    )
    action = request.POST.get("action", "")
    try:
        if action == "pin":
            pin_as_second(application=application)
            messages.success(request, f"{application} is now your viable #2.")
        elif action == "unpin":
            unpin_second(application=application)
            messages.success(
                request, f"Unpinned {application}. The top-ranked alternative is your #2 again."
            )
        else:
            messages.error(request, "Choose whether to pin or unpin it.")
    except PipelineError as error:
        messages.error(request, str(error))
    return back_to_pipeline(request)


class SecondChanceEntry(NamedTuple):
    """A timeline entry joining a rejected application and its second chance: on the new one,
    `earlier` is the rejected application it follows; on the rejected one, it is False and
    `other` is the new one."""

    at: datetime
    other: Application
    earlier: bool


def second_chance_entries(application: Application) -> list[tuple[datetime, SecondChanceEntry]]:
    earlier = application.second_chance_of
    entries = [
        (later.created_at, SecondChanceEntry(later.created_at, later, earlier=False))
        for later in application.second_chances.all()
    ]
    if earlier:
        at = application.created_at
        entries.append((at, SecondChanceEntry(at, earlier, earlier=True)))
    return entries


class ApplicationDetailView(OwnedMixin, DetailView):
    request: SignedInRequest
    model = Application

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                "company", "rejection", "second_chance_of__company", "resume", "cover_letter"
            )
            .prefetch_related(
                "stage_changes",
                "tags",
                Prefetch("second_chances", queryset=Application.objects.select_related("company")),
                Prefetch("company__contacts", queryset=Contact.objects.with_last_contacted()),
                Prefetch("interviews", queryset=Interview.objects.prefetch_related("interviewers")),
            )
        )

    def get_context_data(self, **kwargs):
        application = self.object
        interviews = application.interviews.all()
        now = timezone.now()
        # The apps above add their panels (the follow-ups, a coach's comments; core.hooks).
        panels = item_panels.context(self.request, application)
        # The timeline shows stage changes and what the panels add (the notes the seeker sent),
        # newest first.
        timeline = sorted(
            [(change.changed_at, change) for change in application.stage_changes.all()]
            + second_chance_entries(application)
            + panels.pop("timeline", []),
            key=lambda entry: entry[0],
            reverse=True,
        )
        return super().get_context_data(
            move_form=StageMoveForm(initial={"stage": application.stage}),
            open_stages=Stage.open(),
            past_interviews=[i for i in interviews if i.starts_at < now],
            upcoming_interviews=[i for i in interviews if i.starts_at >= now],
            timeline=[entry for _, entry in timeline],
            today=self.request.user.profile.today(),
            **panels,
            **kwargs,
        )


class ApplicationFormMixin(OwnedFormPageMixin):
    """The application's form pages. A save that moved it to a stage with a flow
    (core.hooks.next_steps: "rejected" opens the rejection flow) goes on to that flow's first
    step rather than back to the application."""

    model = Application
    form_class = ApplicationForm

    def save(self, form):
        self.moved = form.initial.get("stage") != form.cleaned_data.get("stage")
        return save_application(
            application=form.instance,
            new_company=form.cleaned_data["new_company"],
            tags=form.cleaned_data["tags"],
        )

    def get_success_url(self):
        next_url = next_steps.url(self.object) if self.moved else None
        return next_url or super().get_success_url()


# What "Add from a link" read, kept for the new-application page it redirects to.
PREFILL_SESSION_KEY = "application_prefill"
# The query values the bookmarklet sends (applications/bookmarklet.js, postings.from_query).
BOOKMARKLET_QUERY = {"url", "title", "posting"}


class ApplicationCreateView(ApplicationFormMixin, CreateView):
    """The new-application page. A GET may only prefill it, never save: from a link read by
    "Add from a link" (?from=link), or from the query the bookmarklet sends."""

    template_name = "applications/application_create.html"
    success_message = "Added %(role_title)s. Good luck!"
    cancel_url = reverse_lazy("applications:list")

    def get_initial(self):
        initial = super().get_initial()
        query = self.request.GET
        company = query.get("company")
        if company and company.isdigit():
            initial["company"] = company
        if self.request.method == "GET":
            if query.get("from") == "link":
                initial |= self.request.session.get(PREFILL_SESSION_KEY, {})
            elif BOOKMARKLET_QUERY & set(query):
                initial |= from_query(query).initial(self.request.user)
        return initial

    def form_valid(self, form):
        self.request.session.pop(PREFILL_SESSION_KEY, None)
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("link_form", PostingLinkForm())
        return super().get_context_data(form_action=reverse("applications:create"), **kwargs)


@require_POST
def application_from_link(request):
    """ "Add from a link": read the posting (applications.postings, through core.fetch) and open
    the new-application page prefilled with it, for the seeker to check and save. A page that
    cannot be read still gives its link, and a message says why. Saves nothing itself."""
    link_form = PostingLinkForm(request.POST)
    if not link_form.is_valid():
        context = {
            "form": ApplicationForm(owner=request.user),
            "link_form": link_form,
            "form_action": reverse("applications:create"),
            "page_title": "New application",
            "cancel_url": reverse("applications:list"),
        }
        return render(request, ApplicationCreateView.template_name, context)
    posting = read_posting(link_form.cleaned_data["link"])
    request.session[PREFILL_SESSION_KEY] = posting.initial(request.user)
    if posting.problem:
        messages.warning(request, posting.problem)
    else:
        messages.success(request, "We read the posting: check the details below, then save.")
    return redirect(reverse("applications:create") + "?from=link")


class ApplicationUpdateView(ApplicationFormMixin, UpdateView):
    success_message = "Saved your changes to %(role_title)s."


class ApplicationDeleteView(OwnedMixin, DeletePageMixin, DeleteView):
    model = Application
    delete_warning = "Its timeline and notes go with it. This cannot be undone."
    success_url = reverse_lazy("applications:list")


def interview_page(request, application, interview):
    """Add or edit an interview: the shared form page, back to the application when saved."""
    form = InterviewForm(
        request.POST or None, instance=interview, owner=request.user, application=application
    )
    if request.method == "POST" and form.is_valid():
        save_interview(form.instance, form.cleaned_data["interviewers"])
        messages.success(request, f"Saved the interview on {form.instance.local_start():%b %-d}.")
        return redirect(form.instance)
    title = (
        f"Edit the interview for {application}"
        if interview.pk
        else f"Add an interview for {application}"
    )
    context = {"form": form, "page_title": title, "cancel_url": application.get_absolute_url()}
    return render(request, "form_page.html", context)


def interview_create(request, application_pk):
    application = get_object_or_404(
        Application.objects.owned_by(request.user).select_related("company"), pk=application_pk
    )
    return interview_page(request, application, Interview())


def interview_update(request, pk):
    interview = get_object_or_404(
        Interview.objects.owned_by(request.user).select_related("application__company"), pk=pk
    )
    return interview_page(request, interview.application, interview)


class InterviewDeleteView(OwnedMixin, DeletePageMixin, DeleteView):
    model = Interview
    delete_warning = "Its thank-you note, if not sent yet, is cancelled. This cannot be undone."

    def get_queryset(self):
        return super().get_queryset().select_related("application__company")

    def form_valid(self, form):
        message, application = self.deleted_message(), self.object.application
        delete_interview(self.object)
        messages.success(self.request, message)
        return redirect(application)


class CompanyListView(OwnedMixin, ListView):
    """Visible companies, or with ?hidden=1 the ones the seeker hid."""

    model = Company
    paginate_by = 50

    def showing_hidden(self) -> bool:
        return self.request.GET.get("hidden") == "1"

    def get_queryset(self):
        companies = super().get_queryset().filter(is_hidden=self.showing_hidden())
        return companies.with_counts().order_by(Lower("name"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(showing_hidden=self.showing_hidden(), **kwargs)


@require_POST
def company_hide(request, pk):
    company = get_object_or_404(Company.objects.owned_by(request.user), pk=pk)
    hide = request.POST.get("hidden") == "1"
    set_company_hidden(company=company, hidden=hide)
    if hide:
        messages.success(request, f"Hid {company}. Its scheduled follow-ups are cancelled.")
    else:
        messages.success(request, f"{company} is visible again.")
    return redirect(company)


class CompanyDetailView(OwnedMixin, DetailView):
    """A company with its applications, its contacts (each last contacted when) and every
    conversation with any of them, newest first."""

    model = Company

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("contacts", queryset=Contact.objects.with_last_contacted()),
                Prefetch("applications", queryset=Application.objects.all()),
            )
        )

    def get_context_data(self, **kwargs):
        conversations = (
            Conversation.objects.filter(contact__company=self.object)
            .select_related("contact", "application")
            .newest_first()
        )
        # The apps above add their panels (the job board watched for this company; core.hooks).
        return super().get_context_data(
            conversations=conversations, **item_panels.context(self.request, self.object), **kwargs
        )


class CompanyCreateView(OwnedFormPageMixin, CreateView):
    model = Company
    form_class = CompanyForm
    success_message = "Added %(name)s."
    cancel_url = reverse_lazy("applications:company_list")


class CompanyUpdateView(OwnedFormPageMixin, UpdateView):
    model = Company
    form_class = CompanyForm
    success_message = "Saved %(name)s."


class CompanyDeleteView(OwnedMixin, DeletePageMixin, DeleteView):
    model = Company
    delete_warning = "Its contacts and every application to it go too. This cannot be undone."
    success_url = reverse_lazy("applications:company_list")


class ContactCreateView(OwnedFormPageMixin, CreateView):
    model = Contact
    form_class = ContactForm
    success_message = "Added %(name)s."
    cancel_url = reverse_lazy("applications:company_list")

    def get_initial(self):
        company = self.request.GET.get("company")
        return {"company": company} if company and company.isdigit() else {}


class ContactDetailView(OwnedMixin, DetailView):
    """A contact, their history with the seeker (newest first) and the form to log another."""

    model = Contact

    def get_queryset(self):
        return super().get_queryset().select_related("company")

    def get_context_data(self, **kwargs):
        history = list(self.object.conversations.select_related("application"))
        form = ConversationForm(owner=self.request.user, contact=self.object)
        return super().get_context_data(
            history=history,
            last_contacted=history[0].happened_on if history else None,
            form=form,
            **kwargs,
        )


def conversation_create(request, contact_pk):
    """Log a conversation with a contact (from their page, or from an application's page with
    ?application=<pk> chosen); back to the contact's history once saved."""
    contact = get_object_or_404(
        Contact.objects.owned_by(request.user).select_related("company"), pk=contact_pk
    )
    initial = {}
    if (application := request.GET.get("application", "")).isdigit():
        initial["application"] = application
    form = ConversationForm(
        request.POST or None, owner=request.user, contact=contact, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        conversation = log_conversation(contact=contact, **form.cleaned_data)
        messages.success(
            request, f"Logged the {conversation.get_kind_display().lower()} with {contact.name}."
        )
        return redirect(conversation)
    context = {
        "form": form,
        "page_title": f"Log a conversation with {contact.name}",
        "cancel_url": contact.get_absolute_url(),
    }
    return render(request, "form_page.html", context)


class ConversationUpdateView(OwnedFormPageMixin, UpdateView):
    model = Conversation
    form_class = ConversationForm
    success_message = "Saved the conversation."

    def get_queryset(self):
        return super().get_queryset().select_related("contact__company")


class ConversationDeleteView(OwnedMixin, DeletePageMixin, DeleteView):
    model = Conversation

    def get_queryset(self):
        return super().get_queryset().select_related("contact")

    def get_success_url(self):
        return self.object.contact.get_absolute_url()


class ContactUpdateView(OwnedFormPageMixin, UpdateView):
    model = Contact
    form_class = ContactForm
    success_message = "Saved %(name)s."


class ContactDeleteView(OwnedMixin, DeletePageMixin, DeleteView):
    model = Contact
    delete_warning = "Their conversation history goes too. This cannot be undone."

    def get_success_url(self):
        return self.object.company.get_absolute_url()


# --- CSV import and export (applications/importing/ and exporting.py do the work) ---------------


def import_upload(request):
    """The import / export page: download an export, or upload a file to import."""
    form = ImportUploadForm(request.POST or None, request.FILES or None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        batch = start_import(
            owner=request.user,
            file_name=form.cleaned_data["file"].name,
            data=form.data_bytes,
            found=form.inspected,
            default_stage=form.cleaned_data["default_stage"],
        )
        return redirect("applications:import_mapping", batch_id=batch.pk)
    context = {
        "form": form,
        "application_count": Application.objects.owned_by(request.user).count(),
        "max_mb": importing.MAX_UPLOAD_BYTES // 1024 // 1024,
        "background_rows": importing.BACKGROUND_ROWS,
    }
    return render(request, "applications/import_upload.html", context)


def pending_batch_or_redirect(request, batch_id):
    """The seeker's own batch (404 for anyone else's), or a redirect: to its result page when it
    was imported already, to its progress page while a job of it is running."""
    batch = get_object_or_404(ImportBatch.objects.owned_by(request.user), pk=batch_id)
    if batch.is_imported:
        messages.info(request, f"{batch.file_name} was imported already.")
        return batch, redirect("applications:import_done", batch_id=batch.pk)
    if batch.jobs.unfinished().exists():
        return batch, redirect("applications:import_progress", batch_id=batch.pk)
    return batch, None


def import_mapping(request, batch_id):
    batch, done = pending_batch_or_redirect(request, batch_id)
    if done:
        return done
    preview = importing.preview(batch)
    form = ImportMappingForm(request.POST or None, batch=batch, preview=preview)
    if request.method == "POST" and form.is_valid():
        map_import(
            batch=batch,
            mapping=form.mapping(),
            date_format=form.cleaned_data["date_format"],
            default_stage=form.cleaned_data["default_stage"],
        )
        return redirect("applications:import_check", batch_id=batch.pk)
    context = {
        "batch": batch,
        "preview": preview,
        "form": form,
        "encoding_note": importing.encoding_note(batch),
        "delimiter_name": importing.delimiter_name(batch),
        "file_format": importing.recognise(batch.headers),
        "cancel_url": reverse("applications:import"),
    }
    return render(request, "applications/import_mapping.html", context)


def render_check(request, batch, outcome, status=200, form=None):
    context = {
        "batch": batch,
        "outcome": outcome,
        "form": form or ImportConfirmForm(),
        "encoding_note": importing.encoding_note(batch),
        "listed_limit": importing.LISTED_PROBLEMS,
        "in_background": importing.runs_in_background(batch),
    }
    return render(request, "applications/import_check.html", context, status=status)


@require_GET
def import_check(request, batch_id):
    """The dry run: what the import would do, every bad row and duplicate; nothing written. A
    big file's is a background job: its result once it is done, else its progress page."""
    batch, done = pending_batch_or_redirect(request, batch_id)
    if done:
        return done
    if importing.mapping_errors(batch.mapping, batch.headers):
        messages.error(request, "Choose the company and job title columns first.")
        return redirect("applications:import_mapping", batch_id=batch.pk)
    if not importing.runs_in_background(batch):
        return render_check(request, batch, importing.check(batch))
    checked = batch.jobs.filter(kind=ImportJob.Kind.CHECK, state=ImportJob.State.DONE).first()
    if checked is None:
        start_import_job(batch=batch, kind=ImportJob.Kind.CHECK)
        return redirect("applications:import_progress", batch_id=batch.pk)
    return render_check(request, batch, importing.outcome_from_json(checked.result))


@require_POST
def import_confirm(request, batch_id):
    """The confirmed import: all or nothing, or the good rows only, as the seeker chose. A big
    file's runs in the background."""
    batch, done = pending_batch_or_redirect(request, batch_id)
    if done:
        return done
    if importing.mapping_errors(batch.mapping, batch.headers):
        return redirect("applications:import_mapping", batch_id=batch.pk)
    form = ImportConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose what to do with rows that cannot be imported.")
        return redirect("applications:import_check", batch_id=batch.pk)
    mode = form.cleaned_data["mode"]
    if importing.runs_in_background(batch):
        start_import_job(batch=batch, kind=ImportJob.Kind.IMPORT, mode=mode)
        return redirect("applications:import_progress", batch_id=batch.pk)
    try:
        outcome = import_batch(batch=batch, mode=mode)
    except IntegrityError:
        messages.error(
            request,
            "Nothing was imported: your applications changed while the import ran. Try again.",
        )
        return redirect("applications:import_check", batch_id=batch.pk)
    if outcome is None or outcome.imported:
        return redirect("applications:import_done", batch_id=batch.pk)
    messages.error(
        request,
        f"Nothing was imported: {outcome.bad} row{'s' if outcome.bad != 1 else ''} cannot be "
        "imported. Fix the mapping or the file, or import the good rows only.",
    )
    return render_check(request, batch, outcome, status=422, form=form)


@require_GET
def import_progress(request, batch_id):
    """A background job's progress: the page (refreshed by itself without JavaScript), or its
    bar alone for htmx to poll. Once the job is done, on to its result."""
    batch = get_object_or_404(ImportBatch.objects.owned_by(request.user).defer("data"), pk=batch_id)
    job = batch.jobs.first()
    if batch.is_imported:
        target = reverse("applications:import_done", kwargs={"batch_id": batch.pk})
    elif job is None or (job.state == ImportJob.State.DONE and job.kind == ImportJob.Kind.CHECK):
        target = reverse("applications:import_check", kwargs={"batch_id": batch.pk})
    else:
        target = ""
    if request.htmx and (target or (job and job.is_finished)):
        return HttpResponseClientRedirect(target or request.path)
    if target:
        return redirect(target)
    context = {"batch": batch, "job": job}
    if request.htmx:
        return render(request, "applications/_import_progress.html", context)
    return render(request, "applications/import_progress.html", context)


def import_done(request, batch_id):
    batch = get_object_or_404(
        ImportBatch.objects.owned_by(request.user).defer("data", "rejected_rows"), pk=batch_id
    )
    if not batch.is_imported:
        return redirect("applications:import_check", batch_id=batch.pk)
    return render(request, "applications/import_done.html", {"batch": batch})


@require_GET
def import_report(request, batch_id):
    """Every bad row and duplicate of a check, as a CSV download (the page lists the first
    LISTED_PROBLEMS of each)."""
    batch, done = pending_batch_or_redirect(request, batch_id)
    if done:
        return done
    if importing.mapping_errors(batch.mapping, batch.headers):
        return redirect("applications:import_mapping", batch_id=batch.pk)
    return csv_response(importing.report_rows(batch), "import-problems.csv")


@require_GET
def import_rejected(request, batch_id):
    """The rows an import of the good rows left out, as the CSV file it kept: the file's own
    columns, the line and the reason, to fix and import again."""
    batch = get_object_or_404(
        ImportBatch.objects.owned_by(request.user).defer("data").filter(rejected_count__gt=0),
        pk=batch_id,
    )
    return csv_file_response(batch.rejected_bytes(), importing.REJECTED_FILE_NAME)


@require_GET
def export_csv(request):
    """The applications the list shows with the same querystring (search, stage, tag, sort), every
    field of each, as a CSV file; oldest first unless a sort is chosen."""
    form = ApplicationFilterForm(request.GET or None)
    applications = form.filter(Application.objects.owned_by(request.user))
    if not (form.is_bound and form.is_valid() and form.cleaned_data["sort"]):
        applications = applications.order_by("pk")  # no sort chosen: as they were added
    return csv_response(exporting.rows(request.user, applications), exporting.FILE_NAME)
