"""What the apps' admins share (core registers no model)."""

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

if TYPE_CHECKING:
    # What the mixin is mixed into (a ModelAdmin or an inline), so mypy checks its super() calls.
    from django.contrib.admin.options import BaseModelAdmin

    _Admin = BaseModelAdmin[Any]
else:
    _Admin = object


class ReadOnlyAdmin(_Admin):
    """For a ModelAdmin or an inline whose rows are shown, not added, changed or deleted here:
    only the users `may_edit` lets do that (nobody, unless a subclass says otherwise), and
    then only with the usual model permissions."""

    def may_edit(self, request: HttpRequest) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self.may_edit(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.may_edit(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.may_edit(request) and super().has_delete_permission(request, obj)
