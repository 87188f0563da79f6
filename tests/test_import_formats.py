"""Importing the export files of the trackers seekers leave (issue 16), as each tool writes them
(tests/import_fixtures/, invented rows with the real headings, value shapes, line endings and
encodings; docs: docs/import-formats.md): each is recognised and pre-mapped, its one bad row is
the only problem reported, and its good rows import with the right stage, dates, salary and,
for rows that are events or e-mails, their dated history. Also the cells every tracker needs:
status names by meaning, placeholders, dates with no year, currencies, encodings."""

import codecs
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.importing import (
    FORMATS,
    STAGE_SYNONYMS,
    CellError,
    Target,
    company_and_role,
    detect_encoding,
    match_stage,
    parse_currency,
    parse_date,
    parse_salary,
    recognise,
    suggest_mapping,
)
from applications.models import Application, ImportBatch, Stage, StageChange

from .test_import_export import dry_run, import_file, problems, uploaded_batch

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "import_fixtures"
NOW = datetime(2026, 6, 20, 14, 0, tzinfo=UTC)  # 10:00 in New York
T = Target


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def new_yorker(seeker):
    seeker.profile.time_zone = "America/New_York"
    seeker.profile.save()
    return seeker


@pytest.fixture
def client_ny(client, new_yorker, clock):
    client.force_login(new_yorker)
    return client


def fixture_bytes(name):
    return (FIXTURES / name).read_bytes()


def without_line(data: bytes, marker: str, encoding="utf-8") -> bytes:
    """The file without the physical line holding `marker` (its bad row)."""
    lines = data.splitlines(keepends=True)
    kept = [line for line in lines if marker.encode(encoding) not in line]
    assert len(kept) == len(lines) - 1
    return b"".join(kept)


# name, format, pre-mapping (heading → field, the rest ignored), bad line, its reason, marker
CASES = [
    ("huntr-jobs.csv", "Huntr jobs export",
     {"title": T.ROLE, "salary": T.SALARY, "location": T.LOCATION, "url": T.URL,
      "lastMovedAt": T.STAGE_DATE, "listName": T.STAGE, "companyName": T.COMPANY},
     6, "Salary “Competitive” is not a number or a range like 60000-75000.", "Competitive"),
    ("teal-roles.csv", "Teal roles export",
     {"company_name": T.COMPANY, "location": T.LOCATION, "role": T.ROLE, "url": T.URL,
      "min_salary": T.SALARY_MIN, "max_salary": T.SALARY_MAX, "salary_currency": T.CURRENCY,
      "applied_at": T.APPLIED, "archived_at": T.STAGE_DATE, "statusName": T.STAGE},
     5, "The salary range must start below where it ends.", "Platform Engineer"),
    ("teal-events.csv", "Teal events export",
     {"date": T.STAGE_DATE, "company name": T.COMPANY, "role": T.ROLE, "location": T.LOCATION,
      "event": T.STAGE},
     9, "Job title is empty (column “role”).", "Wayne"),
    ("simplify-9.csv", "Simplify export",
     {"Job Title": T.ROLE, "Company Name": T.COMPANY, "Job URL": T.URL,
      "Applied Date": T.APPLIED, "Status": T.STAGE, "Status Date": T.STAGE_DATE,
      "Notes": T.NOTES},
     4, "Date applied “2026-02-30” is not a date (write it like 2026-12-31).", "Plaid"),
    ("simplify-11.csv", "Simplify export (with location and job type)",
     {"Job Title": T.ROLE, "Company Name": T.COMPANY, "Location": T.LOCATION,
      "Job URL": T.URL, "Applied Date": T.APPLIED, "Status": T.STAGE,
      "Status Date": T.STAGE_DATE, "Notes": T.NOTES},
     4, "Company is empty (column “Company Name”).", "example.com/jobs/6"),
    ("jobsync.csv", "JobSync jobs export",
     {"appliedDate": T.APPLIED, "Company": T.COMPANY, "JobTitle": T.ROLE,
      "Location": T.LOCATION, "Status": T.STAGE},
     5, "Date applied 2026-07-15 is in the future (“2026-07-15”).", "Hooli"),
    ("linkedin-job-applications.csv", "LinkedIn job applications (data archive)",
     {"Application Date": T.APPLIED, "Company Name": T.COMPANY, "Job Title": T.ROLE,
      "Job Url": T.URL},
     4, "Date applied “13/45/26, 9:00 AM” is not a date (read month/day/year).", "13/45/26"),
    ("justajobapp.csv", "JustAJobApp e-mail export",
     {"Date Received": T.STAGE_DATE, "Sender Name": T.SENDER, "Sender Email": T.SENDER_EMAIL,
      "Subject": T.SUBJECT, "Status Label": T.STAGE},
     8, "Date of the status “yesterday” is not a date (write it like 2026-12-31).",
     "yesterday"),
    ("justajobapp-legacy.csv", "JustAJobApp e-mail export (before March 2026)",
     {"Company Name": T.COMPANY, "Application Status": T.STAGE, "Received At": T.STAGE_DATE,
      "Job Title": T.ROLE, "Subject": T.SUBJECT, "Sender": T.SENDER},
     4, "Date of the status “2026-03-32 10:00:00” is not a date (write it like 2026-12-31).",
     "2026-03-32"),
    ("spreadsheet.csv", "Job-search spreadsheet",
     {"Company": T.COMPANY, "Position": T.ROLE, "Date Applied": T.APPLIED, "Status": T.STAGE,
      "URL": T.URL, "Notes": T.NOTES},
     7, "URL “www.stark industries.com” is not a web address.", "Stark"),
    ("spreadsheet-windows-1252.csv", "Job-search spreadsheet",
     {"Company": T.COMPANY, "Position": T.ROLE, "Date Applied": T.APPLIED, "Status": T.STAGE,
      "URL": T.URL, "Notes": T.NOTES},
     3, "Date applied “1/32/26” is not a date (read month/day/year).", "1/32/26"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "format_name", "expected", "bad_line", "reason", "marker"),
    CASES,
    ids=[case[0] for case in CASES],
)
def test_each_export_is_recognised_pre_mapped_and_only_its_bad_row_reported(
    client_ny, name, format_name, expected, bad_line, reason, marker
):
    batch = uploaded_batch(client_ny, fixture_bytes(name), name=name)
    page = client_ny.get(reverse("applications:import_mapping", args=[batch.pk]))
    assert f"Recognised: {format_name}." in page.content.decode()
    assert dict(zip(batch.headers, batch.mapping, strict=True)) == {
        heading: expected.get(heading, T.IGNORE) for heading in batch.headers
    }
    outcome = dry_run(client_ny, batch).context["outcome"]
    assert problems(outcome) == {bad_line: reason}
    assert outcome.duplicates == 0


def imported(client, name, marker, encoding="utf-8"):
    """Import the fixture without its bad row; its applications by company name."""
    batch = import_file(client, without_line(fixture_bytes(name), marker, encoding), name=name)
    assert batch.duplicate_count == 0
    return {
        app.company.name: app
        for app in Application.objects.filter(owner=batch.owner).select_related("company")
    }


def history(application):
    """The timeline, oldest first: (from, to, day on the seeker's clock)."""
    tz = application.owner.profile.tzinfo
    return [
        (change.from_stage, change.to_stage, change.changed_at.astimezone(tz).date())
        for change in StageChange.objects.filter(application=application).order_by(
            "changed_at", "pk"
        )
    ]


def test_huntr(client_ny):
    apps = imported(client_ny, "huntr-jobs.csv", "Competitive")
    assert len(apps) == 5
    acme = apps["Acme Robotics"]
    assert (acme.stage, acme.applied_on) == (Stage.APPLIED, date(2026, 4, 3))
    assert (acme.salary_min, acme.salary_max, acme.salary_currency) == (120000, 140000, "USD")
    helvetia = apps["Helvetia Data AG"]
    assert (helvetia.stage, helvetia.location) == (Stage.INTERVIEWING, "Zürich")
    assert (helvetia.salary_min, helvetia.salary_currency) == (110000, "CHF")
    assert history(helvetia) == [("", Stage.INTERVIEWING, date(2026, 5, 12))]
    globex = apps["Globex"]  # "Ghosted 👻", "-" everywhere
    assert (globex.stage, globex.posting_url, globex.salary_min) == (Stage.GHOSTED, "", None)
    assert apps["Initech"].stage == Stage.REJECTED
    assert apps["Hooli"].stage == Stage.WISHLIST


def test_teal_roles(client_ny):
    apps = imported(client_ny, "teal-roles.csv", "Platform Engineer")
    assert len(apps) == 4
    socgen = apps["Société Générale"]
    assert (socgen.stage, socgen.applied_on) == (Stage.APPLIED, date(2026, 4, 3))
    assert (socgen.salary_min, socgen.salary_max, socgen.salary_currency) == (55000, 65000, "EUR")
    maple = apps["Maple Leaf Software"]
    assert (maple.stage, maple.salary_currency) == (Stage.INTERVIEWING, "CAD")
    assert apps["Acme Robotics"].stage == Stage.WISHLIST
    initech = apps["Initech"]
    assert initech.stage == Stage.REJECTED
    assert history(initech) == [
        ("", Stage.APPLIED, date(2026, 1, 12)),
        (Stage.APPLIED, Stage.REJECTED, date(2026, 2, 20)),
    ]


def test_teal_events_become_applications_with_their_history(client_ny):
    apps = imported(client_ny, "teal-events.csv", "Wayne")
    assert sorted(apps) == ["Acme Robotics", "Globex", "Hooli", "Initech"]
    acme = apps["Acme Robotics"]
    assert (acme.role_title, acme.location) == ("Backend Engineer", "Remote")
    assert (acme.stage, acme.applied_on) == (Stage.OFFER, date(2026, 3, 5))
    assert history(acme) == [
        ("", Stage.WISHLIST, date(2026, 3, 2)),
        (Stage.WISHLIST, Stage.APPLIED, date(2026, 3, 5)),
        (Stage.APPLIED, Stage.INTERVIEWING, date(2026, 3, 20)),
        (Stage.INTERVIEWING, Stage.OFFER, date(2026, 4, 15)),
    ]
    assert history(apps["Globex"]) == [
        ("", Stage.WISHLIST, date(2026, 3, 2)),
        (Stage.WISHLIST, Stage.APPLIED, date(2026, 3, 9)),
        (Stage.APPLIED, Stage.REJECTED, date(2026, 4, 1)),
    ]
    assert apps["Initech"].stage == Stage.WITHDRAWN
    assert history(apps["Hooli"]) == [("", Stage.WISHLIST, date(2026, 5, 1))]
    assert apps["Globex"].rejection.pk  # a rejected import records its rejection, as ever


def test_teal_events_check_page_says_rows_were_grouped(client_ny):
    data = without_line(fixture_bytes("teal-events.csv"), "Wayne")
    batch = uploaded_batch(client_ny, data, name="teal-events.csv")
    response = dry_run(client_ny, batch)
    outcome = response.context["outcome"]
    assert (outcome.good, outcome.grouped, outcome.event_rows) == (4, 3, 10)
    assert "10 rows are the stage changes of 3 applications" in response.content.decode()


def test_simplify(client_ny):
    apps = imported(client_ny, "simplify-9.csv", "Plaid")
    assert {name: app.stage for name, app in apps.items()} == {
        "Stripe": Stage.APPLIED, "Datadog": Stage.INTERVIEWING, "Airtable": Stage.REJECTED,
        "Linear": Stage.WISHLIST, "Duolingo": Stage.OFFER, "Cloudflare": Stage.WITHDRAWN,
    }  # fmt: skip
    assert apps["Linear"].applied_on is None  # "N/A"
    assert history(apps["Datadog"]) == [
        ("", Stage.APPLIED, date(2026, 1, 20)),
        (Stage.APPLIED, Stage.INTERVIEWING, date(2026, 2, 10)),
    ]
    apps = imported(client_ny, "simplify-11.csv", "example.com/jobs/6")
    assert apps["Figma"].location == "New York, NY"
    assert apps["Notion"].posting_url == ""


def test_jobsync(client_ny):
    apps = imported(client_ny, "jobsync.csv", "Hooli")
    assert {name: (app.stage, app.applied_on) for name, app in apps.items()} == {
        "Acme Robotics": (Stage.APPLIED, date(2026, 4, 2)),
        "Globex": (Stage.WISHLIST, None),  # "Draft", applied "No", appliedDate "N/A"
        "Initech": (Stage.INTERVIEWING, date(2026, 3, 16)),
        "Umbrella Corp": (Stage.REJECTED, date(2026, 2, 3)),
        "Massive Dynamic": (Stage.WITHDRAWN, None),  # "Expired"
        "Stark Industries": (Stage.OFFER, date(2026, 2, 21)),
    }
    assert apps["Acme Robotics"].location == ""  # "N/A"


def test_linkedin(client_ny):
    apps = imported(client_ny, "linkedin-job-applications.csv", "13/45/26")
    assert {name: (app.stage, app.applied_on) for name, app in apps.items()} == {
        "Acme Robotics": (Stage.APPLIED, date(2026, 6, 3)),
        "Globex": (Stage.APPLIED, date(2026, 5, 28)),
        "Société Générale": (Stage.APPLIED, date(2025, 12, 1)),
    }


def test_justajobapp_emails_become_applications_with_their_history(client_ny):
    apps = imported(client_ny, "justajobapp.csv", "yesterday")
    assert sorted(apps) == ["Acme Robotics", "Globex Corporation", "Hooli", "Initech"]
    acme = apps["Acme Robotics"]
    assert acme.role_title == "Backend Engineer"  # named in a later e-mail's subject
    assert (acme.stage, acme.applied_on) == (Stage.OFFER, date(2026, 4, 1))
    assert history(acme) == [
        ("", Stage.APPLIED, date(2026, 4, 1)),
        (Stage.APPLIED, Stage.INTERVIEWING, date(2026, 4, 10)),
        (Stage.INTERVIEWING, Stage.OFFER, date(2026, 5, 2)),
    ]
    globex = apps["Globex Corporation"]  # no sender name: from the subject
    assert (globex.role_title, globex.stage) == ("Data Engineer", Stage.REJECTED)
    assert history(globex)[-1] == (Stage.APPLIED, Stage.REJECTED, date(2026, 4, 12))
    assert apps["Initech"].stage == Stage.SCREENING  # "Availability request"
    hooli = apps["Hooli"]  # sender "'-": a formula-guarded placeholder; from the address
    assert (hooli.stage, hooli.role_title) == (Stage.WITHDRAWN, "Role not named in the e-mails")
    assert "-- Withdrawal confirmed --" in hooli.notes
    assert not Application.objects.filter(company__name="LinkedIn").exists()  # False positive


def test_justajobapp_legacy(client_ny):
    apps = imported(client_ny, "justajobapp-legacy.csv", "2026-03-32")
    assert sorted(apps) == ["Globex", "Société Générale", "Tandem & Finch"]
    tandem = apps["Tandem & Finch"]
    assert (tandem.role_title, tandem.stage) == ("Software Engineer Ii", Stage.INTERVIEWING)
    assert [change[1] for change in history(tandem)] == [Stage.APPLIED, Stage.INTERVIEWING]
    assert apps["Globex"].stage == Stage.REJECTED  # "Hiring freeze notification"


def test_hand_made_spreadsheet(client_ny):
    apps = imported(client_ny, "spreadsheet.csv", "Stark")
    assert {name: (app.stage, app.applied_on) for name, app in apps.items()} == {
        # Two rows, two dates: one application with its history.
        "Acme Robotics": (Stage.INTERVIEWING, date(2026, 5, 4)),
        "Globex": (Stage.SCREENING, date(2026, 6, 6)),  # "6/6": this year's
        "Initech": (Stage.WISHLIST, None),
        "Hooli": (Stage.OFFER, date(2026, 4, 1)),  # "Offer!"
        "Umbrella Corp": (Stage.GHOSTED, date(2026, 3, 15)),
        "Massive Dynamic": (Stage.REJECTED, date(2026, 2, 2)),
    }
    assert history(apps["Acme Robotics"]) == [
        ("", Stage.APPLIED, date(2026, 5, 4)),
        (Stage.APPLIED, Stage.INTERVIEWING, date(2026, 5, 20)),
    ]
    assert apps["Acme Robotics"].notes == "Referred by Dana\nPanel with 3 engineers"
    apps = imported(client_ny, "spreadsheet-windows-1252.csv", "1/32/26", encoding="cp1252")
    assert apps["Société Générale"].notes == "Zürich office"
    assert apps["Müller & Söhne"].stage == Stage.WITHDRAWN


def test_utf16_without_a_byte_order_mark_is_read(client_ny):
    text = fixture_bytes("spreadsheet.csv").decode("utf-8-sig")
    for encoding in ("utf-16-le", "utf-16-be"):
        batch = uploaded_batch(client_ny, text.encode(encoding), name="sheet.txt")
        assert batch.encoding == encoding
        assert batch.headers[:2] == ["Company", "Position"]
        assert problems(dry_run(client_ny, batch).context["outcome"]) == {
            7: "URL “www.stark industries.com” is not a web address."
        }


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (codecs.BOM_UTF16_LE + "Company,Role\n".encode("utf-16-le"), "utf-16"),
        ("Company,Role\nAcmé,Dev\n".encode("utf-16-le"), "utf-16-le"),
        ("Company,Role\nAcmé,Dev\n".encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF8 + b"Company,Role\n", "utf-8-sig"),
        ("Company,Role\nCafé,Dev\n".encode("cp1252"), "cp1252"),
    ],
)
def test_encodings_are_detected(data, expected):
    assert detect_encoding(data) == expected


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02\x03" * 20,  # NULs on both sides
        b"Company,Role\n\x00\x00\x00\x00Acme",  # a stray NUL run
        b"\x1f\x8b\x08\x00" + bytes(range(256)),  # gzip
    ],
)
def test_binary_data_is_still_refused(client_ny, data):
    response = client_ny.post(
        reverse("applications:import"),
        {"file": SimpleUploadedFile("data.csv", data, "text/csv"), "default_stage": "applied"},
    )
    assert "holds binary data" in str(response.context["form"].errors["file"])
    assert not ImportBatch.objects.exists()


# --- Status names ---------------------------------------------------------------------------

# What seekers' files hold, as written, and the stage it means.
REALISTIC_STATUSES = [
    # Huntr's lists, named by hand, emoji and all
    ("Wishlist", Stage.WISHLIST), ("applied", Stage.APPLIED), ("Interview", Stage.INTERVIEWING),
    ("Offer", Stage.OFFER), ("rejected", Stage.REJECTED), ("Ghosted 👻", Stage.GHOSTED),
    ("🎉 Offer!", Stage.OFFER), ("Phone Screen ☎️", Stage.SCREENING),
    ("2nd interview", Stage.INTERVIEWING), ("Final round", Stage.INTERVIEWING),
    ("Onsite interview scheduled", Stage.INTERVIEWING), ("Rejected after onsite", Stage.REJECTED),
    # Teal's statusName and events
    ("bookmarked", Stage.WISHLIST), ("applying", Stage.WISHLIST), ("applied", Stage.APPLIED),
    ("interviewing", Stage.INTERVIEWING), ("negotiating", Stage.OFFER),
    ("accepted", Stage.ACCEPTED), ("not_selected", Stage.REJECTED),
    ("no_response", Stage.GHOSTED), ("i_withdrew", Stage.WITHDRAWN),
    # Simplify
    ("SAVED", Stage.WISHLIST), ("APPLIED", Stage.APPLIED), ("INTERVIEWING", Stage.INTERVIEWING),
    ("OFFER", Stage.OFFER), ("REJECTED", Stage.REJECTED), ("WITHDRAWN", Stage.WITHDRAWN),
    # JobSync
    ("New", Stage.WISHLIST), ("Draft", Stage.WISHLIST), ("Applied", Stage.APPLIED),
    ("Interview", Stage.INTERVIEWING), ("Expired", Stage.WITHDRAWN),
    ("Archived", Stage.WITHDRAWN),
    # JustAJobApp's e-mail labels
    ("Application confirmation", Stage.APPLIED), ("Rejection", Stage.REJECTED),
    ("Availability request", Stage.SCREENING), ("Information request", Stage.SCREENING),
    ("Assessment sent", Stage.SCREENING), ("Interview invitation", Stage.INTERVIEWING),
    ("Referral - Action required", Stage.WISHLIST),
    ("Did not apply - inbound request", Stage.WISHLIST),
    ("Action required from company", Stage.APPLIED),
    ("Hiring freeze notification", Stage.REJECTED),
    ("Withdrew application", Stage.WITHDRAWN), ("Offer made", Stage.OFFER),
    # Hand-made sheets
    ("Submitted", Stage.APPLIED), ("Phone screen", Stage.SCREENING), ("Offer!", Stage.OFFER),
    ("Accepted", Stage.ACCEPTED), ("Ghosted", Stage.GHOSTED), ("Withdrew", Stage.WITHDRAWN),
    ("In Progress", Stage.APPLIED), ("Declined the offer", Stage.WITHDRAWN),
    ("No response yet...", Stage.GHOSTED), ("not interested anymore", Stage.WITHDRAWN),
    ("Take-home challenge", Stage.SCREENING), ("Got the job!!!", Stage.ACCEPTED),
]  # fmt: skip


@pytest.mark.parametrize(("text", "stage"), REALISTIC_STATUSES, ids=lambda v: str(v))
def test_status_names_map_by_meaning(text, stage):
    assert match_stage(text) == stage


@pytest.mark.parametrize("text", ["", "🤔", "Thinking about it", "Follow up Tuesday"])
def test_unknown_status_names_are_unknown(text):
    assert match_stage(text) is None


def test_the_table_maps_each_name_to_one_stage():
    names = [name for names in STAGE_SYNONYMS.values() for name in names]
    assert len(names) == len(set(names))


# --- Cells ----------------------------------------------------------------------------------

TODAY = date(2026, 6, 20)


@pytest.mark.parametrize(
    ("text", "date_format", "expected"),
    [
        ("6/6", "mdy", date(2026, 6, 6)),
        ("6/21", "mdy", date(2025, 6, 21)),  # not in the future: last year's
        ("21/6", "dmy", date(2025, 6, 21)),
        ("6/20", "mdy", date(2026, 6, 20)),  # today
        ("Jun 6", "mdy", date(2026, 6, 6)),
        ("25 December", "dmy", date(2025, 12, 25)),
        ("2/29", "mdy", date(2024, 2, 29)),
        ("May 2026", "mdy", date(2026, 5, 1)),
        ("2026-05", "mdy", date(2026, 5, 1)),
        ("05/2026", "dmy", date(2026, 5, 1)),
        ("6/3/26, 2:15 PM", "mdy", date(2026, 6, 3)),  # LinkedIn
        ("2026-05-04T14:21:09Z", "mdy", date(2026, 5, 4)),  # Teal
        ("2026-05-31 04:00:00", "mdy", date(2026, 5, 31)),  # Huntr
        ("2026-03-03 10:15:22.123456", "mdy", date(2026, 3, 3)),  # str(datetime)
    ],
)
def test_dates_with_no_year_or_no_day(text, date_format, expected):
    assert parse_date(text, date_format, TODAY) == expected


@pytest.mark.parametrize("text", ["13/13", "Smarch 3", "2026-13"])
def test_partial_dates_that_are_no_dates(text):
    with pytest.raises(CellError):
        parse_date(text, "mdy", TODAY)


def test_a_date_with_no_year_is_read_on_the_seekers_clock(client, new_yorker):
    """At 02:00 UTC on 6 June it is still 5 June in New York: "6/6" is last year's."""
    client.force_login(new_yorker)
    with time_machine.travel(datetime(2026, 6, 6, 2, 0, tzinfo=UTC), tick=False):
        import_file(client, b"Company,Position,Date Applied\r\nAcme,Dev,6/6\r\n")
    assert Application.objects.get().applied_on == date(2025, 6, 6)


def test_placeholders_are_blanks_not_bad_rows(client_ny):
    lines = [
        "Company,Job Title,URL,Status,Date Applied,Salary,Location,Notes",
        "Acme,Dev,-,N/A,n/a,none,null,—",
        "Globex,Dev,#N/A,-,-,-,-,'-",
        "Initech,Dev,unknown,NULL,,N/A,n/a,None",
    ]
    batch = import_file(client_ny, "\n".join(lines).encode())
    assert batch.imported_count == 3
    rows = Application.objects.values_list(
        "posting_url", "stage", "applied_on", "salary_min", "location", "notes"
    )
    assert set(rows) == {("", Stage.APPLIED, None, None, "", "")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CHF 110,000", (110000, None, "CHF")),
        ("CA$95,000 - CA$105,000", (95000, 105000, "CAD")),
        ("£45k", (45000, None, "GBP")),
        ("€ 85k", (85000, None, "EUR")),
        ("US$120k", (120000, None, "USD")),
        ("A$130,000", (130000, None, "AUD")),
    ],
)
def test_currencies_are_kept(text, expected):
    assert parse_salary(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"), [("EUR", "EUR"), ("chf", "CHF"), ("€", "EUR"), (" CAD ", "CAD")]
)
def test_a_currency_column(text, expected):
    assert parse_currency(text) == expected


def test_a_currency_column_with_something_else(client_ny):
    lines = ["Company,Role,Salary,Currency", "Acme,Dev,60000,EUR", "Globex,Dev,50000,euros"]
    outcome = dry_run(client_ny, uploaded_batch(client_ny, "\n".join(lines).encode())).context[
        "outcome"
    ]
    assert problems(outcome) == {
        3: "Salary currency “euros” is not a currency (write a code like EUR)."
    }


# --- E-mails --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sender", "address", "subject", "expected"),
    [
        ("Acme Recruiting", "no-reply@acme.com", "Thank you!", ("Acme", "")),
        ("", "noreply@greenhouse.io", "Your application for Data Engineer at Globex",
         ("Globex", "Data Engineer")),
        ("", "jobs@initech.co.uk", "Update", ("Initech", "")),
        ('"Tandem & Finch, Recruiting" <no-reply@tandemfinch.com>', "", "Hi",
         ("Tandem & Finch", "")),
        ("Jane at Hooli", "jane@hooli.com", "Next steps", ("Hooli", "")),
        ("Workday", "noreply@myworkday.com", "Société Générale - Software Engineer II",
         ("Société Générale", "Software Engineer II")),
        ("Lever", "no-reply@hire.lever.co", "Interview invitation: QA Lead", ("", "QA Lead")),
        ("", "", "Thank you for your interest in Umbrella Corp", ("Umbrella Corp", "")),
        ("Acme via Greenhouse", "", "Interview invitation - Analyst", ("Acme", "Analyst")),
    ],
)  # fmt: skip
def test_the_company_and_role_of_an_email(sender, address, subject, expected):
    assert company_and_role(sender=sender, address=address, subject=subject) == expected


def test_an_email_naming_no_company_is_a_bad_row(client_ny):
    lines = ["Date Received,Sender Name,Sender Email,Subject,Status Label",
             "2026-04-01,,noreply@greenhouse.io,Thanks!,Application confirmation"]  # fmt: skip
    outcome = dry_run(client_ny, uploaded_batch(client_ny, "\r\n".join(lines).encode())).context[
        "outcome"
    ]
    assert problems(outcome) == {2: "Company: neither the sender nor the subject names one."}


# --- Recognising ----------------------------------------------------------------------------


def test_every_format_is_recognised_by_its_own_headings():
    for found in FORMATS:
        assert recognise(list(found.columns)) == found
        assert suggest_mapping(list(found.columns)) == list(found.columns.values())


def test_an_unknown_file_is_mapped_by_its_headings_synonyms():
    assert recognise(["Company", "Role"]) is None
    assert suggest_mapping(["Employer", "Title", "Currency", "Status Date"]) == [
        T.COMPANY,
        T.ROLE,
        T.CURRENCY,
        T.STAGE_DATE,
    ]


def test_events_in_a_sheet_start_a_new_application_after_a_rejection(client_ny):
    lines = [
        "Company,Role,Date,Status",
        "Acme,Dev,2025-01-10,Applied",
        "Acme,Dev,2025-02-01,Rejected",
        "Acme,Dev,2026-03-01,Applied",
        "Acme,Dev,2026-03-20,Interview",
    ]
    batch = import_file(client_ny, "\n".join(lines).encode())
    assert batch.imported_count == 2
    assert list(Application.objects.order_by("applied_on").values_list("stage", "applied_on")) == [
        (Stage.REJECTED, date(2025, 1, 10)), (Stage.INTERVIEWING, date(2026, 3, 1))
    ]  # fmt: skip


def test_importing_the_same_events_twice_doubles_nothing(client_ny):
    data = without_line(fixture_bytes("teal-events.csv"), "Wayne")
    import_file(client_ny, data)
    again = import_file(client_ny, data)
    assert (again.imported_count, again.duplicate_count) == (0, 4)
    assert Application.objects.count() == 4
