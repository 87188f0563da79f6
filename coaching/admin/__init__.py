"""The admin a coach sees: every admin page of a seeker's data is registered here.

One rule decides what a coach sees, on every request: the seekers whose grant is live right now
(`CoachGrant.objects.client_ids`). Each model names the lookup from its rows to their seeker
(`owner_path`, see accounts.models), and `ClientDataAdmin` applies the rule to the changelist,
search, list filters, the dropdowns and autocompletes of its forms, the raw-id popups, and to the
change, delete and history pages (an object outside the scope is a 404, not the admin's
redirect). Client data is read-only for coaches; they write only their own comments. Superusers
see and edit everything.

The reminder ledger stays in followups/admin.py: it is operations data, for superusers only."""

from .base import (
    ClientDataAdmin,
    ClientDataInline,
    ClientFilter,
    ReadOnlyForCoaches,
    ReadOnlyInline,
    SameOwnerForm,
    ScopedFormFields,
    scoped_choices,
    titled,
)
from .client_data import (
    ApplicationAdmin,
    CheckInInline,
    CompanyAdmin,
    ContactAdmin,
    ConversationAdmin,
    FollowUpAdmin,
    GapAdmin,
    GapInline,
    MatchAdmin,
    OverdueFilter,
    PlanAdmin,
    PlanStepInline,
    RejectionAdmin,
    RejectionInline,
    StageChangeInline,
    WatchAdmin,
)
from .clients import (
    DUE_SOON_DAYS,
    TIMELINE_LENGTH,
    ClientAdmin,
    InactiveFilter,
    MomentumWarningFilter,
    OverdueFollowUpsFilter,
    OverviewCommentForm,
    item_key,
    overview_data,
)
from .comments import (
    CoachCommentAdmin,
    CoachCommentForm,
    CommentItemFilter,
)
from .documents import DocumentAdmin
from .export import (
    CSV_COLUMNS,
    applications_csv,
)
from .grants import CoachGrantAdmin

__all__ = [
    "CSV_COLUMNS",
    "DUE_SOON_DAYS",
    "TIMELINE_LENGTH",
    "ApplicationAdmin",
    "CheckInInline",
    "ClientAdmin",
    "ClientDataAdmin",
    "ClientDataInline",
    "ClientFilter",
    "CoachCommentAdmin",
    "CoachCommentForm",
    "CoachGrantAdmin",
    "CommentItemFilter",
    "CompanyAdmin",
    "ContactAdmin",
    "ConversationAdmin",
    "DocumentAdmin",
    "FollowUpAdmin",
    "GapAdmin",
    "GapInline",
    "InactiveFilter",
    "MatchAdmin",
    "MomentumWarningFilter",
    "OverdueFilter",
    "OverdueFollowUpsFilter",
    "OverviewCommentForm",
    "PlanAdmin",
    "PlanStepInline",
    "ReadOnlyForCoaches",
    "ReadOnlyInline",
    "RejectionAdmin",
    "RejectionInline",
    "SameOwnerForm",
    "ScopedFormFields",
    "StageChangeInline",
    "WatchAdmin",
    "applications_csv",
    "item_key",
    "overview_data",
    "scoped_choices",
    "titled",
]
