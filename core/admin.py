"""What the apps' admins share (core registers no model)."""


class ReadOnlyAdmin:
    """For a ModelAdmin or an inline whose rows are shown, not added, changed or deleted here:
    only the users `may_edit` lets do that (nobody, unless a subclass says otherwise), and
    then only with the usual model permissions."""

    def may_edit(self, request) -> bool:
        return False

    def has_add_permission(self, request, *args):
        return self.may_edit(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self.may_edit(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.may_edit(request) and super().has_delete_permission(request, obj)
