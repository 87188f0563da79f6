"""The baseline pages of bench/pages.py: the same queries as the four measured pages, through
the same context builders (home/views.py: dashboard_context; applications/views.py: board_columns,
pipeline_context; the list's queryset and paginator), and the same rows: the board, pipeline
and list render the pages' own row partials (what htmx swaps, forms and buttons included)
inside a bare document (bench/templates/baseline/); the dashboard, which has no such partial,
renders its data in a minimal template. No base layout, navigation or messages, and only the
session and authentication middleware (bench/baseline_settings.py).

bench/pages.py still compares the SQL both send for one request before it starts
(same_queries()): the list view is the one written twice."""

from django.core.paginator import Paginator
from django.http import HttpResponseForbidden
from django.shortcuts import render

from applications.forms import ApplicationFilterForm
from applications.models import Application
from applications.views import board_columns, pipeline_context
from home.views import dashboard_context


def seeker_only(view):
    """No LoginRequiredMiddleware here: an anonymous request is an error, not a redirect."""

    def wrapped(request):
        if not request.user.is_authenticated:
            return HttpResponseForbidden("log in first")
        return view(request)

    return wrapped


@seeker_only
def dashboard(request):
    return render(request, "baseline/dashboard.html", dashboard_context(request.user))


@seeker_only
def application_list(request):
    """ApplicationListView's queryset (OwnedMixin + with_company + the filter form) and its
    paginator (25 a page): a count and one page."""
    filter_form = ApplicationFilterForm(request.GET or None)
    queryset = filter_form.filter(Application.objects.owned_by(request.user).with_company())
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    return render(request, "baseline/list.html", {"page_obj": page, "object_list": page})


@seeker_only
def board(request):
    columns, card_tags = board_columns(request.user)
    return render(request, "baseline/board.html", {"columns": columns, "card_tags": card_tags})


@seeker_only
def pipeline(request):
    return render(request, "baseline/pipeline.html", pipeline_context(request.user))
