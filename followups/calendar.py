"""The private calendar feed: a seeker's scheduled follow-ups and open plan steps as iCalendar
(RFC 5545) all-day events, and their interviews as timed ones, for a calendar app that
subscribes to the secret address in Settings.

Every event is an all-day event on its due date, which is already the seeker's own local date,
so it carries no time zone (DTSTART;VALUE=DATE); the calendar names the seeker's zone in
X-WR-TIMEZONE for the apps that read it. The only times in the feed (DTSTAMP, LAST-MODIFIED)
are in UTC, as RFC 5545 requires for them, so no VTIMEZONE is needed.

Each event's UID is fixed by its row (followup-<pk>@<host>, planstep-<pk>@<host>), so a calendar
that refreshes the feed updates the event in place, and one that is closed (done, skipped,
cancelled; a step done or dropped) leaves the feed and disappears on the next refresh. So does
one dated outside the range every form accepts (core/validators.py), which only a row
from before that rule can be: a typo for year 9999 is no use in a calendar, and has no next day
for the event to end on.
An interview is a timed event in UTC (DTSTART:...Z), which needs no VTIMEZONE either.
The library (icalendar) does the escaping, line folding and CRLFs. Five queries per feed:
the profile, the follow-ups, the plan steps, the interviews and their interviewers."""

import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import TRANSP, Calendar, Event, vDuration

from applications.models import Interview
from core.validators import date_limits
from rejections.models import PlanStep, StepStatus

from .models import FollowUp

CALENDAR_NAME = "Second Chance"
PRODID = "-//Second Chance//Follow-ups and plan steps//EN"
# How often a calendar app should fetch the feed again (RFC 7986 REFRESH-INTERVAL, and the
# older X-PUBLISHED-TTL that Outlook and Apple Calendar read). Also the feed's HTTP max-age.
REFRESH = timedelta(hours=1)
OPEN_STEPS = (StepStatus.PLANNED, StepStatus.IN_PROGRESS)
INTERVIEW_LENGTH = timedelta(hours=1)


def host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "second-chance.invalid"


def build_feed(profile, now: datetime | None = None) -> bytes:
    """The seeker's feed as iCalendar bytes (UTF-8, CRLF line ends)."""
    now = now or timezone.now()
    domain = host()
    calendar = Calendar.new(
        prodid=PRODID,
        name=CALENDAR_NAME,
        description="Your follow-ups and plan steps from Second Chance.",
        # Stable per seeker (and telling nothing about them), unlike the library's random one.
        uid=uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.SITE_URL}/calendar/{profile.user_id}"),
        url=settings.SITE_URL + reverse("followups:list"),
    )
    calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    calendar.add("X-WR-TIMEZONE", profile.time_zone)

    dated = {"due_on__range": date_limits()}
    follow_ups = (
        FollowUp.objects.filter(owner_id=profile.user_id, **dated)
        .scheduled()
        .with_related()
        .order_by("due_on", "pk")
    )
    for follow_up in follow_ups:
        calendar.add_component(follow_up_event(follow_up, domain))
    steps = (
        PlanStep.objects.filter(plan__owner_id=profile.user_id, status__in=OPEN_STEPS, **dated)
        .select_related("plan")
        .order_by("due_on", "pk")
    )
    for step in steps:
        calendar.add_component(plan_step_event(step, domain, now))
    interviews = (
        Interview.objects.filter(owner_id=profile.user_id, starts_at__date__range=date_limits())
        .select_related("application__company")
        .prefetch_related("interviewers")
        .order_by("starts_at", "pk")
    )
    for interview in interviews:
        calendar.add_component(interview_event(interview, domain))
    return calendar.to_ical()


def interview_event(interview: Interview, domain: str) -> Event:
    """A timed event (in UTC, which every calendar shows on its own clock), an hour long: the
    app does not ask how long an interview is. It makes the seeker busy, unlike the reminders."""
    application = interview.application
    url = settings.SITE_URL + application.get_absolute_url()
    kind = interview.get_kind_display()
    lines = [f"{kind} interview for {application.role_title} at {application.company.name}."]
    if people := ", ".join(str(contact) for contact in interview.interviewers.all()):
        lines.append(f"With: {people}")
    if interview.preparation:
        lines += ["", interview.preparation]
    lines += ["", f"The application in Second Chance: {url}"]
    return Event.new(
        uid=f"interview-{interview.pk}@{domain}",
        summary=f"Interview ({kind}): {application.role_title} at {application.company.name}",
        description="\n".join(lines),
        url=url,
        start=interview.starts_at.astimezone(UTC),
        end=interview.starts_at.astimezone(UTC) + INTERVIEW_LENGTH,
        stamp=interview.updated_at,
        created=interview.created_at,
        last_modified=interview.updated_at,
        sequence=max(int((interview.updated_at - interview.created_at).total_seconds()), 0),
        categories=["Interview"],
        transparency=TRANSP.OPAQUE,
    )


def follow_up_event(follow_up: FollowUp, domain: str) -> Event:
    application = follow_up.application
    url = settings.SITE_URL + follow_up.get_absolute_url()
    kind = follow_up.get_kind_display()
    lines = [f"{kind} for {application.role_title} at {application.company.name}."]
    if follow_up.contact:
        to = follow_up.contact.name
        if follow_up.contact.role:
            to += f" ({follow_up.contact.role})"
        lines.append(f"To: {to}")
    lines += ["", f"Your draft, and “mark as sent”, in Second Chance: {url}"]
    return Event.new(
        uid=f"followup-{follow_up.pk}@{domain}",
        summary=f"{kind}: {application.role_title} at {application.company.name}",
        description="\n".join(lines),
        url=url,
        start=follow_up.due_on,
        end=follow_up.due_on + timedelta(days=1),
        # Without a METHOD, DTSTAMP is when the event was last changed (RFC 5545 3.8.7.2).
        stamp=follow_up.updated_at,
        created=follow_up.created_at,
        last_modified=follow_up.updated_at,
        # Grows with every change (seconds since it was created), never goes back.
        sequence=max(int((follow_up.updated_at - follow_up.created_at).total_seconds()), 0),
        categories=["Follow-up"],
        # A reminder to write, not a meeting: it does not make the seeker look busy.
        transparency=TRANSP.TRANSPARENT,
    )


def plan_step_event(step: PlanStep, domain: str, now: datetime) -> Event:
    url = settings.SITE_URL + step.plan.get_absolute_url()
    lines = [
        f"{step.get_kind_display()}, a step of your plan “{step.plan.title}”"
        f" ({step.get_status_display().lower()}).",
        "",
        f"The plan in Second Chance: {url}",
    ]
    return Event.new(
        uid=f"planstep-{step.pk}@{domain}",
        summary=f"Plan: {step.title}",
        description="\n".join(lines),
        url=url,
        start=step.due_on,
        end=step.due_on + timedelta(days=1),
        # A step keeps no change time, so this is when the feed was made.
        stamp=now,
        categories=["Plan step"],
        transparency=TRANSP.TRANSPARENT,
    )
