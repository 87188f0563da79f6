import functools
import secrets
import zoneinfo
from datetime import UTC, date, timedelta, tzinfo
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

# One password-reset email per account in this time; the link in it stays valid for longer
# (PASSWORD_RESET_TIMEOUT), so a seeker who asks twice still has a working one.
PASSWORD_RESET_INTERVAL = timedelta(minutes=15)


@functools.cache
def time_zone_choices() -> list[tuple[str, str]]:
    """Every IANA zone; read once per process (scanning the zone database costs ~18 ms)."""
    names = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
    return [(name, name.replace("_", " ")) for name in names]


def zone(name: str) -> tzinfo:
    """The IANA time zone `name`, or UTC for a name this machine does not know (a zone a tzdata
    update dropped, or a row written around the form): one policy for every page, query and
    reminder, so an odd profile never breaks a page or silently loses its reminders."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return UTC


def owner_path(model: type[models.Model]) -> str | None:
    """The lookup from a row of `model` to the user it belongs to ("owner", "plan__owner"; "pk"
    for a user), or None for a model that is nobody's. Each model says so in its `owner_path`;
    the table linking a many-to-many belongs where its model does. The data export, the coach
    admin's scoping and the permission tests all read it from here."""
    if path := getattr(model, "owner_path", None):
        return path
    if isinstance(parent := model._meta.auto_created, type):
        link = next(field for field in model._meta.fields if field.related_model is parent)
        inner = owner_path(parent)
        return inner and (link.name if inner == "pk" else f"{link.name}__{inner}")
    return None


class UserManager(BaseUserManager["User"]):
    """Users log in with their email address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields: Any) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields: Any) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    owner_path = "pk"

    # Django removes an inherited field set to None; the stubs cannot say so.
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
    name = models.CharField("your name", max_length=150, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    # The stubs tie AbstractUser to contrib's UserManager, whose methods take a username.
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    def __str__(self):
        return self.email

    @transaction.atomic
    def save(self, *args, **kwargs):
        # Every way of creating a user (sign-up, admin, createsuperuser) gets a profile.
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            Profile.objects.create(user=self)

    def get_full_name(self):
        return self.name or self.email

    def get_short_name(self):
        return self.name.split(" ")[0] if self.name else self.email


class Profile(models.Model):
    """Per-seeker preferences. Created with the user, so `user.profile` always exists."""

    owner_path = "user"

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    time_zone = models.CharField(
        max_length=64,
        choices=time_zone_choices,
        default="UTC",
        help_text="Every date and time you see is shown in this time zone.",
    )
    min_live_alternatives = models.PositiveSmallIntegerField(
        "live alternatives you want",
        default=2,
        help_text="Warn me while my dream job is live and fewer alternatives than this are.",
    )
    quiet_days = models.PositiveSmallIntegerField(
        "days without a new application",
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text="Warn me while my dream job is live and I haven't applied elsewhere this long.",
    )
    keep_in_touch_days = models.PositiveSmallIntegerField(
        "stay in touch every (days)",
        default=60,
        validators=[MinValueValidator(7), MaxValueValidator(365)],
        help_text="Remind me on the dashboard of contacts at companies that rejected me, once "
        "I haven't been in touch with them this long.",
    )

    reminders_enabled = models.BooleanField(
        "email me reminders",
        default=True,
        help_text="One email on the days something is due, never more than one a day.",
    )
    reminder_hour = models.PositiveSmallIntegerField(
        "send it at",
        default=8,
        choices=[(hour, f"{hour:02d}:00") for hour in range(24)],
        help_text="Your local time.",
    )
    reply_within_days = models.PositiveSmallIntegerField(
        "reply to a rejection within (days)",
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(14)],
    )
    radar_first_weeks = models.PositiveSmallIntegerField(
        "first check-in after (weeks)",
        default=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(104)],
        help_text="Leave empty to skip this check-in.",
    )
    radar_second_weeks = models.PositiveSmallIntegerField(
        "second check-in after (weeks)",
        default=13,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(104)],
    )
    radar_third_weeks = models.PositiveSmallIntegerField(
        "third check-in after (weeks)",
        default=26,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(104)],
    )

    # The secret in the private calendar feed's address; empty while the feed is off. Making a
    # new one (or turning it off) stops the old address at once.
    calendar_token = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    calendar_link_created_at = models.DateTimeField(null=True, blank=True, editable=False)

    # When the last password-reset email went out (see claim_password_reset).
    password_reset_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "profile"
        verbose_name_plural = "profiles"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reminder_hour__lte=23), name="profile_reminder_hour_0_to_23"
            ),
        ]

    def __str__(self):
        return f"Profile of {self.user}"

    @classmethod
    def claim_password_reset(cls, user: User) -> bool:
        """True if a reset email may go to `user` now: one per PASSWORD_RESET_INTERVAL, so the
        public form cannot flood anyone's inbox. One conditional UPDATE: of two requests at the
        same moment, only one gets it."""
        now = timezone.now()
        allowed = models.Q(password_reset_sent_at__isnull=True) | models.Q(
            password_reset_sent_at__lte=now - PASSWORD_RESET_INTERVAL
        )
        return bool(cls.objects.filter(allowed, user=user).update(password_reset_sent_at=now))

    @property
    def radar_cadence_days(self) -> list[int]:
        """Days after a rejection for the stay-on-radar check-ins, in order (skipped ones out)."""
        weeks = (self.radar_first_weeks, self.radar_second_weeks, self.radar_third_weeks)
        return sorted({7 * w for w in weeks if w})

    @property
    def tzinfo(self) -> tzinfo:
        return zone(self.time_zone)

    def today(self) -> date:
        """The seeker's own calendar date, which is what 'today' means to them."""
        return timezone.localdate(timezone=self.tzinfo)

    @property
    def calendar_url(self) -> str:
        """The feed's full address, to paste into a calendar app; empty while it is off."""
        if not self.calendar_token:
            return ""
        return settings.SITE_URL + reverse("followups:calendar_feed", args=[self.calendar_token])

    def new_calendar_token(self) -> None:
        """Create the calendar link, or replace it: the previous address stops working."""
        self.calendar_token = secrets.token_urlsafe(32)
        self.calendar_link_created_at = timezone.now()
        self.save(update_fields=["calendar_token", "calendar_link_created_at"])

    def revoke_calendar_token(self) -> None:
        """Turn the calendar feed off: its address stops working."""
        self.calendar_token = None
        self.calendar_link_created_at = None
        self.save(update_fields=["calendar_token", "calendar_link_created_at"])
