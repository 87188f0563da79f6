"""The Insights page: one thin view; the numbers come from metrics, the SVG from charts."""

from django.shortcuts import render

from . import charts
from .forms import PERIODS, RangeForm
from .metrics import Insights, Week, insights_for


def insights(request):
    """The seeker's own numbers for a date range (all time by default). A bad range shows
    the form's error and no numbers, never a crash."""
    profile = request.user.profile
    form = RangeForm(request.GET, today=profile.today())
    context = {"form": form, "periods": [(key, label) for key, (label, _) in PERIODS.items()]}
    if form.is_valid():
        data = insights_for(request.user, form.date_range())
        shown = has_data(data)
        context |= {"data": data, "shown": shown, "charts": draw(data, shown)}
    return render(request, "insights/insights.html", context)


def has_data(data: Insights) -> dict[str, bool]:
    """Which sections have something to show; the others say "nothing yet" instead of a chart
    and a table of zeros."""
    return {
        "funnel": data.funnel.applied > 0,
        "weeks": any(week.count for week in data.weeks),
        "response_rate": any(row.applied for row in data.sources),
        "resumes": any(row.document_id for row in data.resumes),
        "first_response": any(row.timed for row in data.sources),
        "stage_times": any(row.stays for row in data.stage_times),
        "rejections": data.rejections.total > 0,
        "gaps": data.gaps.rejections_with_gaps > 0,
        "follow_ups": data.follow_ups.done > 0,
        "second_chances": data.second_chances.total > 0,
    }


def week_bars(weeks: list[Week]) -> list[charts.Bar]:
    """A column per week, labelled by its Monday: the day, with the month under the first
    week of each month (the description has the full dates)."""
    result = []
    for i, week in enumerate(weeks):
        new_month = i == 0 or week.start.month != weeks[i - 1].start.month
        tick = f"{week.start.day}\n{week.start:%b}" if new_month else str(week.start.day)
        result.append(
            charts.Bar(f"Week of {week.start:%b} {week.start.day}", week.count, tick=tick)
        )
    return result


def draw(data: Insights, shown: dict[str, bool]) -> dict:
    """Every chart of the page, from the same numbers as the tables under them."""

    def bars(section, items):
        return list(items) if shown[section] else []

    rejections, follow_ups = data.rejections, data.follow_ups
    return {
        "funnel": charts.funnel(
            "chart-funnel",
            "From application to offer",
            "How many applications got each step further, and their share of all applied.",
            bars(
                "funnel",
                (
                    charts.Bar(step.label, step.count, f"{step.count} · {step.of_applied}")
                    for step in data.funnel.steps
                ),
            ),
            empty="Nothing yet: no applications with an application date in this range.",
        ),
        "weeks": charts.columns(
            "chart-weeks",
            "Applications per week",
            "Applications per week by the date you applied, oldest week first.",
            bars("weeks", week_bars(data.weeks)),
            empty="Nothing yet: no applications in these weeks.",
        ),
        "response_rate": charts.horizontal_bars(
            "chart-response-rate",
            "Response rate by source",
            "The share of applications from each source that got any response.",
            bars(
                "response_rate",
                (
                    charts.Bar(row.label, 100 * row.responded / row.applied, row.response_rate)
                    for row in data.sources
                    if row.applied
                ),
            ),
            empty="Nothing yet: no applications in this range.",
        ),
        "resumes": charts.horizontal_bars(
            "chart-resumes",
            "Response rate by resume version",
            "The share of applications sent with each resume version that got any response.",
            bars(
                "resumes",
                (
                    charts.Bar(row.label, 100 * row.responded / row.applied, row.response_rate)
                    for row in data.resumes
                ),
            ),
            empty="Nothing yet: no application in this range says which resume went with it.",
        ),
        "first_response": charts.horizontal_bars(
            "chart-first-response",
            "Days to the first response, by source",
            "The mean number of days from applying to the first response.",
            bars(
                "first_response",
                (
                    charts.Bar(row.label, row.mean_days, row.mean)
                    for row in data.sources
                    if row.mean_days is not None  # some response was timed
                ),
            ),
            empty="Nothing yet: no responses on these applications’ timelines.",
        ),
        "stage_times": charts.horizontal_bars(
            "chart-stage-times",
            "Time spent in each stage",
            "The mean number of days an application stays in each stage; stays still going "
            "are counted up to now.",
            bars(
                "stage_times",
                (
                    charts.Bar(row.label, row.mean_days, row.mean)
                    for row in data.stage_times
                    if row.mean_days is not None  # some application stayed there
                ),
            ),
            empty="Nothing yet: no stages on these applications’ timelines.",
        ),
        "rejection_stages": charts.horizontal_bars(
            "chart-rejection-stages",
            "Rejections by stage reached",
            "How far you got before each rejection.",
            bars("rejections", (charts.Bar(t.label, t.count) for t in rejections.by_stage)),
            empty="Nothing yet: no rejections logged for these applications.",
        ),
        "rejection_channels": charts.horizontal_bars(
            "chart-rejection-channels",
            "Rejections by how they came",
            "How each rejection reached you.",
            bars("rejections", (charts.Bar(t.label, t.count) for t in rejections.by_channel)),
            empty="Nothing yet: no rejections logged for these applications.",
        ),
        "gaps": charts.horizontal_bars(
            "chart-gaps",
            "Gaps the feedback named",
            "How many rejections named a gap of each kind.",
            bars("gaps", (charts.Bar(t.label, t.rejections) for t in data.gaps.categories)),
            empty="Nothing yet: no gaps noted on these rejections.",
        ),
        "follow_ups": charts.horizontal_bars(
            "chart-follow-ups",
            "Follow-ups done on time",
            "Follow-ups you marked done by their due date, and after it.",
            bars(
                "follow_ups",
                (
                    charts.Bar("On time", follow_ups.on_time, tone="good"),
                    charts.Bar("Late", follow_ups.late, tone="bad"),
                ),
            ),
            empty="Nothing yet: no follow-ups marked done for these applications.",
        ),
        "second_chances": charts.horizontal_bars(
            "chart-second-chances",
            "Where your second chances are now",
            "Each second chance you took, by the stage it is in now.",
            bars(
                "second_chances",
                (charts.Bar(t.label, t.count) for t in data.second_chances.by_stage),
            ),
            empty="None yet: no second chance taken after these applications.",
        ),
    }
