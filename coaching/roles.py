"""The Coaches group: staff users who may view their clients' data and write comments.

What a coach may see is decided per object by the grants (coaching.models); the group only says
which kinds of object a coach may open at all."""

from django.contrib.auth.models import Group, Permission

COACHES_GROUP = "Coaches"

# (app_label, model) pairs a coach may view; client data is read-only for them.
VIEWABLE = [
    ("coaching", "client"),
    ("applications", "application"),
    ("applications", "company"),
    ("applications", "contact"),
    ("applications", "conversation"),
    ("applications", "stagechange"),
    ("applications", "interview"),
    ("documents", "document"),
    ("rejections", "rejection"),
    ("rejections", "checkin"),
    ("rejections", "gap"),
    ("rejections", "plan"),
    ("rejections", "planstep"),
    ("followups", "followup"),
    ("watching", "watch"),
    ("chances", "match"),
]
# Their own comments they may also write, change and delete.
COMMENT_ACTIONS = ["view", "add", "change", "delete"]


def ensure_coaches_group(**kwargs) -> Group:
    group, _ = Group.objects.get_or_create(name=COACHES_GROUP)
    codenames = [(app, f"view_{model}") for app, model in VIEWABLE] + [
        ("coaching", f"{action}_coachcomment") for action in COMMENT_ACTIONS
    ]
    permissions = [
        permission
        for permission in Permission.objects.filter(
            codename__in=[codename for _, codename in codenames]
        ).select_related("content_type")
        if (permission.content_type.app_label, permission.codename) in codenames
    ]
    group.permissions.set(permissions)
    return group


def make_coach(user) -> None:
    """Coaches work in the admin, so they are staff; the group gives them view permissions."""
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(ensure_coaches_group())


def is_coach(user) -> bool:
    return user.is_authenticated and user.groups.filter(name=COACHES_GROUP).exists()
