"""View pieces every seeker-facing app shares: ownership, the form and delete pages, and a safe
way back. Every query starts from the signed-in seeker's own rows, so another seeker's object is
simply not found (404)."""

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.encoding import iri_to_uri
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme

if TYPE_CHECKING:
    # What each mixin is mixed into, so that mypy checks its attributes and super() calls.
    from django.views.generic.edit import BaseDeleteView, ModelFormMixin

    _ModelFormView = ModelFormMixin[Any, Any]
    _DeleteView = BaseDeleteView[Any, Any]
else:
    _ModelFormView = _DeleteView = object


class OwnedMixin:
    """Limit the view to the seeker's own objects."""

    request: HttpRequest
    # An owned model: its manager has owned_by() (core.querysets.OwnedQuerySet).
    model: Any = None

    def get_queryset(self) -> Any:  # the model's own queryset class, for the view to go on with
        return self.model.objects.owned_by(self.request.user)


class OwnedFormPageMixin(OwnedMixin, _ModelFormView):
    """Create and edit pages: a title, the shared template, the owner handed to the form, and
    `success_message` (formatted with the cleaned data) once saved.

    The form only validates; `save` writes: form.save() for a row that is all there is to it,
    the app's service where saving does more (a company typed, a stage on the timeline)."""

    template_name: str | None = "form_page.html"
    cancel_url: str | Promise | None = None
    success_message = ""
    object: Any  # the row being edited; None on a create page

    def save(self, form: Any) -> Any:
        return form.save()

    def form_valid(self, form: Any) -> HttpResponse:
        self.object = self.save(form)
        if self.success_message:
            messages.success(self.request, self.success_message % form.cleaned_data)
        return HttpResponseRedirect(self.get_success_url())

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "owner": self.request.user}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        verbose_name = self.model._meta.verbose_name
        title = f"Edit {self.object}" if self.object else f"New {verbose_name}"
        cancel_url = self.object.get_absolute_url() if self.object else self.cancel_url
        return super().get_context_data(page_title=title, cancel_url=cancel_url, **kwargs)


class DeletePageMixin(_DeleteView):
    """Delete pages share one template, and confirm what was deleted."""

    template_name: str | None = "confirm_delete.html"
    delete_warning = "This cannot be undone."

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            cancel_url=self.object.get_absolute_url(), delete_warning=self.delete_warning, **kwargs
        )

    def form_valid(self, form: BaseForm) -> HttpResponse:
        success_url = self.get_success_url()
        self.delete_object()
        messages.success(self.request, self.deleted_message())
        return HttpResponseRedirect(success_url)

    def delete_object(self) -> None:
        """Delete the row (and what cascades); a model whose deletion does more overrides this
        with its service."""
        self.object.delete()

    def deleted_message(self) -> str:
        return f"Deleted {self.object}."


def redirect_back(request: HttpRequest, default_url: str) -> HttpResponseRedirect:
    """Go back to the `next` the form named, if it is on this site; else to the default.
    What is checked is what the redirect sends: stripped, and escaped as a Location is (the
    check strips on its own, so CR/LF around a good path used to reach the redirect)."""
    next_url = iri_to_uri(request.POST.get("next", "").strip())
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = default_url
    # A URL, never a URL name: redirect() would try to reverse "next=0".
    return HttpResponseRedirect(next_url)
