"""A seeker's data as a whole: the JSON export of everything they own, and deleting it all.

The export is built from one declarative list, EXPORT: each part names a model, the lookup from
it to the seeker who owns its rows, and the fields that go out. A model of the project's apps
that can reach a user is either in EXPORT or in NOT_EXPORTED with the reason, and each of its
fields is either exported or in the part's `left_out` with the reason; tests/test_account_data.py
walks every model and fails otherwise, so a new model or field is never left out silently.
Secrets (the password hash, the calendar and invitation tokens) are never exported."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import Profile, User, owner_path
from applications.models import (
    Application,
    Company,
    Contact,
    Conversation,
    ImportBatch,
    ImportJob,
    Interview,
    StageChange,
    Tag,
)
from chances.models import Match
from coaching.models import Client, CoachComment, CoachGrant
from documents.models import Document
from documents.services import delete_documents_of
from followups.models import FollowUp, Reminder
from rejections.models import CheckIn, Gap, Plan, PlanStep, Rejection
from watching.models import Watch

EXPORT_FORMAT = "second-chance-export"
EXPORT_VERSION = 1


@dataclass(frozen=True)
class Part:
    """One section of the export (or, inside `children`, one list nested in each of its rows).

    `parent` (children only) is the field that names the row it is nested in; like `owner`, the
    lookup to the seeker, it is implied and not repeated in the rows. `annotations` are extra
    keys read through a relation; `flat` exports a child as a list of one field's values (a
    plan's gap ids); `single` exports one object instead of a list."""

    name: str
    model: type[models.Model]
    fields: tuple[str, ...]
    left_out: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=dict)
    children: tuple["Part", ...] = ()
    parent: str = ""
    flat: bool = False
    single: bool = False

    @property
    def owner(self) -> str:
        """The lookup from the model to the seeker who owns its rows, as the model declares it."""
        path = owner_path(self.model)
        if path is None:
            raise TypeError(f"{self.model._meta.label} belongs to nobody: it has no owner_path")
        return path

    def rows(self, user) -> "models.QuerySet[Any, dict[str, Any]]":
        """The seeker's rows of this part, as dicts, in one query."""
        return (
            self.model._default_manager.filter(**{self.owner: user.pk})
            .order_by("pk")
            .values(
                *self.fields,
                *([self.parent] if self.parent else []),
                **{key: F(lookup) for key, lookup in self.annotations.items()},
            )
        )


NOT_YOURS = "another seeker's data, not yours"

EXPORT: tuple[Part, ...] = (
    Part(
        "account",
        User,
        single=True,
        fields=("email", "name", "date_joined", "last_login"),
        left_out={
            "id": "one account per export",
            "password": "a secret: never exported, not even hashed",
            "is_active": "the app's own bookkeeping",
            "is_staff": "the app's own bookkeeping (coaches are staff)",
            "is_superuser": "the app's own bookkeeping",
            "groups": "the app's own bookkeeping (the Coaches group)",
            "user_permissions": "the app's own bookkeeping",
        },
    ),
    Part(
        "profile",
        Profile,
        single=True,
        fields=(
            "time_zone",
            "min_live_alternatives",
            "quiet_days",
            "reminders_enabled",
            "reminder_hour",
            "reply_within_days",
            "radar_first_weeks",
            "radar_second_weeks",
            "radar_third_weeks",
            "keep_in_touch_days",
            "calendar_link_created_at",
        ),
        left_out={
            "id": "one profile per account",
            "calendar_token": "a secret: anyone holding it can read your calendar feed",
            "password_reset_sent_at": "kept only to send at most one reset email in 15 minutes",
        },
    ),
    Part(
        "companies",
        Company,
        fields=("id", "name", "website", "notes", "is_hidden", "created_at"),
    ),
    Part(
        "contacts",
        Contact,
        fields=(
            "id",
            "company_id",
            "name",
            "role",
            "email",
            "phone",
            "linkedin",
            "notes",
            "created_at",
        ),
    ),
    Part(
        "conversations",
        Conversation,
        fields=("id", "contact_id", "application_id", "happened_on", "kind", "note", "created_at"),
    ),
    Part("tags", Tag, fields=("id", "name", "created_at")),
    Part(
        "applications",
        Application,
        fields=(
            "id",
            "company_id",
            "role_title",
            "posting_url",
            "description",
            "location",
            "work_mode",
            "salary_min",
            "salary_max",
            "salary_currency",
            "source",
            "applied_on",
            "excitement",
            "is_dream_job",
            "is_pinned_second",
            "pipeline_position",
            "notes",
            "second_chance_of_id",
            "resume_id",
            "cover_letter_id",
            "stage",
            "stage_changed_at",
            "created_at",
            "updated_at",
        ),
        children=(
            Part(
                "stage_changes",
                StageChange,
                parent="application_id",
                fields=("id", "from_stage", "to_stage", "changed_at", "note"),
            ),
            Part(
                "tag_ids",
                Application.tags.through,
                parent="application_id",
                fields=("tag_id",),
                flat=True,
                left_out={"id": "the link's own number; the tag ids say it all"},
            ),
        ),
    ),
    Part(
        "documents",
        Document,
        fields=(
            "id",
            "kind",
            "label",
            "original_name",
            "content_type",
            "size",
            "uploaded_at",
        ),
        left_out={
            "file": "where the file is stored; download each one from the Documents page",
            "extension": "the content type says it",
        },
    ),
    Part(
        "interviews",
        Interview,
        fields=(
            "id",
            "application_id",
            "starts_at",
            "kind",
            "preparation",
            "created_at",
            "updated_at",
        ),
        children=(
            Part(
                "interviewer_ids",
                Interview.interviewers.through,
                parent="interview_id",
                fields=("contact_id",),
                flat=True,
                left_out={"id": "the link's own number; the contact ids say it all"},
            ),
        ),
    ),
    Part(
        "import_batches",
        ImportBatch,
        fields=(
            "id",
            "file_name",
            "size",
            "encoding",
            "delimiter",
            "headers",
            "mapping",
            "date_format",
            "date_format_note",
            "default_stage",
            "status",
            "row_count",
            "mode",
            "imported_count",
            "duplicate_count",
            "new_company_count",
            "rejected_count",
            "created_at",
            "imported_at",
        ),
        left_out={
            "data": "the uploaded file itself (you have it; the applications it made are above)",
            "rejected_rows": "rows of that file; download them from the import's summary",
        },
        children=(
            Part(
                "jobs",
                ImportJob,
                parent="batch_id",
                fields=(
                    "id",
                    "kind",
                    "state",
                    "rows_total",
                    "rows_done",
                    "result",
                    "error",
                    "created_at",
                    "started_at",
                    "finished_at",
                ),
            ),
        ),
    ),
    Part(
        "rejections",
        Rejection,
        fields=(
            "id",
            "application_id",
            "received_on",
            "channel",
            "stage_reached",
            "previous_stage",
            "contact_id",
            "employer_words",
            "is_actionable",
            "created_at",
            "updated_at",
        ),
        children=(
            Part(
                "check_ins",
                CheckIn,
                parent="rejection_id",
                fields=("id", "feeling", "note", "created_at"),
            ),
            Part(
                "gaps",
                Gap,
                parent="rejection_id",
                fields=("id", "category", "description", "created_at"),
            ),
        ),
    ),
    Part(
        "plans",
        Plan,
        fields=("id", "title", "target_role", "notes", "created_at"),
        children=(
            Part(
                "steps",
                PlanStep,
                parent="plan_id",
                fields=(
                    "id",
                    "kind",
                    "title",
                    "due_on",
                    "status",
                    "evidence_url",
                    "notes",
                    "completed_on",
                ),
            ),
            Part(
                "gap_ids",
                Plan.gaps.through,
                parent="plan_id",
                fields=("gap_id",),
                flat=True,
                left_out={"id": "the link's own number; the gap ids say it all"},
            ),
        ),
    ),
    Part(
        "follow_ups",
        FollowUp,
        fields=(
            "id",
            "application_id",
            "rejection_id",
            "contact_id",
            "interview_id",
            "kind",
            "due_on",
            "state",
            "done_at",
            "subject",
            "body",
            "created_at",
            "updated_at",
        ),
    ),
    Part(
        "reminders",
        Reminder,
        fields=(
            "id",
            "day",
            "state",
            "attempts",
            "next_attempt_at",
            "sent_at",
            "follow_up_count",
            "last_error",
            "created_at",
        ),
        left_out={
            "queued_at": "the sender's working state",
            "claimed_at": "the sender's working state",
        },
    ),
    Part(
        "watched_boards",
        Watch,
        fields=("id", "company_id", "source_url", "muted", "created_at"),
        annotations={"provider": "board__provider", "board_name": "board__token"},
        left_out={
            "board": "a board shared by everyone who watches it; its provider and name are given"
        },
    ),
    Part(
        "second_chances",
        Match,
        fields=(
            "id",
            "application_id",
            "score",
            "state",
            "emailed_at",
            "taken_as_id",
            "created_at",
        ),
        annotations={
            "posting_title": "posting__title",
            "posting_location": "posting__location",
            "posting_url": "posting__url",
            "posting_first_seen": "posting__first_seen",
        },
        left_out={
            "posting": "a posting on a board shared by everyone who watches it; its title, "
            "location, address and when it was first seen are given"
        },
    ),
    Part(
        "coach_grants",
        CoachGrant,
        fields=("id", "email", "invited_at", "accepted_at", "ended_at", "ended_by"),
        annotations={"coach_name": "coach__name"},
        left_out={
            "token": "a secret: the invitation link's key",
            "coach": "the coach's account; their name and address are given",
        },
    ),
    Part(
        "coach_comments_received",
        CoachComment,
        fields=(
            "id",
            "application_id",
            "rejection_id",
            "plan_id",
            "body",
            "created_at",
            "emailed_at",
            "read_at",
        ),
        annotations={"coach_name": "coach__name", "coach_email": "coach__email"},
        left_out={"coach": "the coach's account; their name and address are given"},
    ),
)

# Models of the project's apps that reach a user but are not in EXPORT, and why.
NOT_EXPORTED: dict[type[models.Model], str] = {
    Client: "a proxy of the user model (coaches' view in the admin): the same row as `account`",
    User.groups.through: "the app's own bookkeeping (the Coaches group)",
    User.user_permissions.through: "the app's own bookkeeping",
}

# Relations where a row reaches the user in a role whose rows are not the user's own data.
NOT_EXPORTED_ROLES: dict[tuple[type[models.Model], str], str] = {
    (CoachGrant, "coach"): f"grants in which you are the coach: {NOT_YOURS}",
    (CoachComment, "coach"): f"comments you wrote as a coach, on {NOT_YOURS}",
}


def all_parts(parts=EXPORT):
    for part in parts:
        yield part
        yield from all_parts(part.children)


def _collect(part: Part, user) -> list[dict[str, Any]] | dict[str, Any] | None:
    rows = _rows(part, user)
    if part.single:
        return rows[0] if rows else None
    return rows


def _rows(part: Part, user) -> list[dict[str, Any]]:
    """The part's rows, each with its children's rows under the children's names."""
    rows = list(part.rows(user))
    children = {child.name: _grouped(child, user) for child in part.children}
    for row in rows:
        for name, grouped in children.items():
            row[name] = grouped.get(row["id"], [])
    return rows


def _grouped(child: Part, user) -> dict[int, list]:
    """A child part's rows, by the id of the row they belong to."""
    grouped = defaultdict(list)
    for row in _rows(child, user):
        parent_id = row.pop(child.parent)
        grouped[parent_id].append(row[child.fields[0]] if child.flat else row)
    return grouped


def export_data(user) -> dict:
    """Everything `user` owns, ready for json.dumps with DjangoJSONEncoder (which writes dates
    and times as ISO 8601, times in UTC). One query per part, however many rows."""
    data = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timezone.now(),
    }
    for part in EXPORT:
        data[part.name] = _collect(part, user)
    return data


@transaction.atomic
def delete_account(user) -> dict[str, int]:
    """Delete the account and every row tied to it, at once.

    Cascading from the user removes what they own (applications and everything under them,
    rejections, plans, follow-ups, the reminder ledger, their coach grants and the comments on
    their search) and, where they coach someone, those grants and the comments they wrote. The
    scheduled follow-ups and unsent reminders go with it, so no reminder is sent afterwards:
    the reminder engine only ever sends from those rows. Their documents' files are removed
    from storage once the deletion is committed. Returns the rows deleted, by model."""
    documents = delete_documents_of(owner=user)
    _, deleted = user.delete()
    if documents:
        deleted[Document._meta.label] = documents
    return deleted
