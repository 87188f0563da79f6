"""Charts as accessible SVG, drawn on the server: no JavaScript, no chart library, no styles.

Each function is pure: it takes the numbers and returns safe markup. Every piece of text goes
through format_html, so a label like "<script>" is shown, never run. The SVG has role="img",
a <title> and a <desc> (listing every number) referenced by aria-labelledby, and a viewBox so
it scales with its container. Colours are presentation attributes (fill=), with classes for
the stylesheet, so a strict Content-Security-Policy without 'unsafe-inline' styles is fine.
The page puts a table with the same numbers under each chart.

Given no bars, a chart is a short "nothing yet" note instead of empty axes: the caller decides
what counts as no data (a list of zeros, for counts)."""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# Narrow enough that the text stays legible when a phone scales the chart down.
WIDTH = 460
FONT_SIZE = 15
ROW = 32  # the height of one horizontal bar's row
BAR = 22
LABEL_END = 156  # labels are right-aligned to here
PLOT_START = 164
VALUE_SPACE = 82  # room after the longest bar for its value
LABEL_CHARS = 18  # 20 wide letters (an em dash, m, w) ran past the left edge

# Dark enough for 4.5:1 against white, so bars (and text in those colours) stay readable.
TONES = {
    "default": "#0a58ca",
    "good": "#146c43",
    "bad": "#b02a37",
    "muted": "#495057",
}
TEXT = "#212529"


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value, how the value is written (the number by default), and
    for columns an optional short axis label (lines split by "\\n"); the full label is always
    in the description."""

    label: str
    value: float
    text: str = ""
    tone: str = "default"
    tick: str = ""

    @property
    def shown(self) -> str:
        return self.text or number(self.value)


def number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def short(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def nothing_yet(message: str) -> SafeString:
    return format_html('<p class="insights-empty text-body-secondary mb-0">{}</p>', message)


def describe(description: str, bars: list[Bar]) -> str:
    """The description screen readers get: the sentence, then every label and number."""
    values = "; ".join(f"{bar.label}: {bar.shown}" for bar in bars)
    return f"{description} {values}." if description else f"{values}."


def svg(chart_id: str, title: str, description: str, height: float, body, css: str):
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="insights-chart {css}" id="{id}" '
        'viewBox="0 0 {width} {height}" role="img" aria-labelledby="{id}-title {id}-desc" '
        "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\" "
        'font-size="{font_size}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        css=css,
        id=chart_id,
        width=WIDTH,
        height=number(height),
        font_size=FONT_SIZE,
        title=title,
        desc=description,
        body=body,
    )


def scale(bars: list[Bar], length: float) -> list[float]:
    """Each bar's length, the largest `length` long; zero or negative values get none."""
    top = max((bar.value for bar in bars), default=0)
    return [length * max(bar.value, 0) / top if top > 0 else 0 for bar in bars]


ROW_MARKUP = (
    '<g class="insights-row">'
    '<text x="{label_x}" y="{text_y}" text-anchor="end" fill="{text}">{label}</text>'
    '<rect class="insights-bar insights-{tone}" x="{x}" y="{y}" width="{w}" height="{h}" '
    'rx="2" fill="{fill}"></rect>'
    '<text class="insights-value" x="{value_x}" y="{text_y}" fill="{text}" '
    'font-weight="600">{value}</text></g>'
)


def rows(chart_id, title, description, bars, *, plot, start_of, value_x_of, css):
    """Horizontal rows of label, bar and value; `start_of(length)` places each bar and
    `value_x_of(length)` its value."""
    lengths = scale(bars, plot)
    body = format_html_join(
        "",
        ROW_MARKUP,
        (
            {
                "label_x": LABEL_END,
                "text_y": number(4 + i * ROW + BAR / 2 + 5),
                "text": TEXT,
                "label": short(bar.label),
                "tone": bar.tone,
                "x": f"{start_of(length):.1f}",
                "y": 4 + i * ROW,
                "w": f"{length:.1f}",
                "h": BAR,
                "fill": TONES.get(bar.tone, TONES["default"]),
                "value_x": f"{value_x_of(length):.1f}",
                "value": bar.shown,
            }
            for i, (bar, length) in enumerate(zip(bars, lengths, strict=True))
        ),
    )
    height = 8 + len(bars) * ROW - (ROW - BAR)
    return svg(chart_id, title, describe(description, bars), height, body, css)


def horizontal_bars(
    chart_id: str, title: str, description: str, bars: list[Bar], *, empty: str
) -> SafeString:
    """One labelled bar per row, longest for the largest value, with the value after it."""
    if not bars:
        return nothing_yet(empty)
    return rows(
        chart_id,
        title,
        description,
        bars,
        plot=WIDTH - PLOT_START - VALUE_SPACE,
        start_of=lambda length: PLOT_START,
        value_x_of=lambda length: PLOT_START + length + 6,
        css="insights-bars",
    )


def funnel(
    chart_id: str, title: str, description: str, bars: list[Bar], *, empty: str
) -> SafeString:
    """A funnel drawn as centred bars, each as wide as its share of the first, narrowing step
    by step; the text at the right says the count and share."""
    if not bars:
        return nothing_yet(empty)
    plot = WIDTH - PLOT_START - VALUE_SPACE - 4
    centre = PLOT_START + plot / 2
    return rows(
        chart_id,
        title,
        description,
        bars,
        plot=plot,
        start_of=lambda length: centre - length / 2,
        value_x_of=lambda length: PLOT_START + plot + 8,
        css="insights-funnel",
    )


def columns(
    chart_id: str, title: str, description: str, bars: list[Bar], *, empty: str
) -> SafeString:
    """Vertical columns left to right (a time series), each with its value above and its
    axis label (`Bar.tick`, else the label) below, on a baseline."""
    if not bars:
        return nothing_yet(empty)
    top, bottom, left = 24, 170, 4
    slot = (WIDTH - 2 * left) / len(bars)
    width = min(slot * 0.62, 44)
    heights = scale(bars, bottom - top)
    tick_lines = [(bar.tick or short(bar.label, 8)).split("\n") for bar in bars]
    body = format_html_join(
        "",
        '<g class="insights-column">'
        '<rect class="insights-bar insights-{tone}" x="{x}" y="{y}" width="{w}" height="{h}" '
        'rx="2" fill="{fill}"></rect>'
        '<text class="insights-value" x="{mid}" y="{value_y}" text-anchor="middle" '
        'fill="{text}" font-weight="600">{value}</text>'
        '<text x="{mid}" y="{tick_y}" text-anchor="middle" fill="{text}" font-size="13">'
        "{ticks}</text></g>",
        (
            {
                "tone": bar.tone,
                "x": f"{left + i * slot + (slot - width) / 2:.1f}",
                "y": f"{bottom - height:.1f}",
                "w": f"{width:.1f}",
                "h": f"{height:.1f}",
                "fill": TONES.get(bar.tone, TONES["default"]),
                "mid": f"{left + i * slot + slot / 2:.1f}",
                "value_y": f"{bottom - height - 6:.1f}",
                "text": TEXT,
                "value": bar.shown,
                "tick_y": bottom + 18,
                "ticks": format_html_join(
                    "",
                    '<tspan x="{}" dy="{}">{}</tspan>',
                    (
                        (f"{left + i * slot + slot / 2:.1f}", 0 if n == 0 else 16, line)
                        for n, line in enumerate(lines)
                    ),
                ),
            }
            for i, (bar, height, lines) in enumerate(zip(bars, heights, tick_lines, strict=True))
        ),
    )
    baseline = format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"></line>',
        left,
        bottom,
        WIDTH - left,
        bottom,
        TONES["muted"],
    )
    lines = max(len(t) for t in tick_lines)
    return svg(
        chart_id,
        title,
        describe(description, bars),
        bottom + 24 + 16 * (lines - 1),
        format_html("{}{}", baseline, body),
        "insights-columns",
    )
