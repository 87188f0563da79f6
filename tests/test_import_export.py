"""CSV import and export of applications (issue 6): the heading mapping, every kind of bad row
with its line number, all or nothing, duplicates, encodings and delimiters, the round trip,
ownership, the query count per chunk and the memory bound for 50,000 rows."""

import codecs
import csv
import io
import re
import tracemalloc
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications import importing
from applications.importing import (
    CellError,
    Target,
    detect_date_format,
    match_stage,
    parse_date,
    parse_salary,
    suggest_mapping,
)
from applications.models import (
    Application,
    Company,
    ImportBatch,
    ImportDateFormat,
    Stage,
    StageChange,
    Tag,
)
from applications.services import import_batch, set_tags, start_import
from followups.models import FollowUp

from .factories import ApplicationFactory, CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADINGS = "Company,Job Title,URL,Status,Date Applied,Salary,Location,Notes"
T = Target


def csv_bytes(lines, encoding="utf-8"):
    return ("\n".join(lines) + "\n").encode(encoding)


def upload(client, data, name="applications.csv", default_stage="applied"):
    """Upload a file; return the response (a redirect to the mapping page when accepted)."""
    return client.post(
        reverse("applications:import"),
        {"file": SimpleUploadedFile(name, data, "text/csv"), "default_stage": default_stage},
    )


def uploaded_batch(client, data, **kwargs):
    response = upload(client, data, **kwargs)
    assert response.status_code == 302, response.context["form"].errors
    return ImportBatch.objects.latest("pk")


def dry_run(client, batch):
    response = client.get(reverse("applications:import_check", args=[batch.pk]))
    assert response.status_code == 200
    return response


def confirm(client, batch):
    return client.post(reverse("applications:import_confirm", args=[batch.pk]))


def import_file(client, data, **kwargs):
    """Upload, check and confirm; return the batch, refreshed."""
    batch = uploaded_batch(client, data, **kwargs)
    dry_run(client, batch)
    response = confirm(client, batch)
    assert response.status_code == 302, [p.reason for p in response.context["outcome"].bad_rows]
    assert response.url == reverse("applications:import_done", args=[batch.pk])
    batch.refresh_from_db()
    return batch


def problems(outcome, kind="bad"):
    rows = outcome.bad_rows if kind == "bad" else outcome.duplicate_rows
    return {p.line: p.reason for p in rows}


# --- Headings ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headings", "expected"),
    [
        pytest.param(
            list(importing.EXPORT_HEADINGS.values()), list(importing.EXPORT_HEADINGS),
            id="our-own-export",
        ),
        pytest.param(
            ["Job Title", "Employer", "Job Post URL", "List", "Date Applied", "Salary",
             "Location", "Description", "Notes"],
            [T.ROLE, T.COMPANY, T.URL, T.STAGE, T.APPLIED, T.SALARY, T.LOCATION,
             T.DESCRIPTION, T.NOTES],
            id="huntr-style",
        ),
        pytest.param(
            ["Company", "Job Position", "Min Salary", "Max Salary", "Location", "Status",
             "Date Saved", "Date Applied", "URL", "Excitement", "Notes"],
            [T.COMPANY, T.ROLE, T.SALARY_MIN, T.SALARY_MAX, T.LOCATION, T.STAGE, T.IGNORE,
             T.APPLIED, T.URL, T.EXCITEMENT, T.NOTES],
            id="teal-style",
        ),
        pytest.param(
            ["company name", "ROLE", "link", "stage", "applied on", "compensation", "city",
             "comments", "contact"],
            [T.COMPANY, T.ROLE, T.URL, T.STAGE, T.APPLIED, T.SALARY, T.LOCATION, T.NOTES,
             T.IGNORE],
            id="google-sheets-style",
        ),
        pytest.param(
            [" Organisation ", "Position:", "Job-Link", "Application Status", "Application_Date",
             "Pay Range", "Comments", "Title"],
            [T.COMPANY, T.ROLE, T.URL, T.STAGE, T.APPLIED, T.SALARY, T.NOTES, T.IGNORE],
            id="case-space-punctuation-and-a-second-title",
        ),
        pytest.param(
            ["Organization", "Role", "Posting", "Stage", "Applied", "Salary", "Min Salary"],
            [T.COMPANY, T.ROLE, T.URL, T.STAGE, T.APPLIED, T.IGNORE, T.SALARY_MIN],
            id="from-to-columns-win-over-a-single-salary",
        ),
    ],
)  # fmt: skip
def test_headings_are_pre_mapped(headings, expected):
    assert suggest_mapping(headings) == expected


def test_the_mapping_page_is_pre_filled_and_previews_the_first_ten_rows(seeker_client):
    lines = ["Employer;Position;Stage;Applied On"] + [
        f"Company {i};Role {i};Applied;2026-01-{i:02d}" for i in range(1, 13)
    ]
    batch = uploaded_batch(seeker_client, csv_bytes(lines))
    response = seeker_client.get(reverse("applications:import_mapping", args=[batch.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert [line for line, _ in response.context["preview"].rows] == list(range(2, 12))
    assert "Company 10" in page and "Company 11" not in page
    form = response.context["form"]
    mapped = [form[f"column_{i}"].value() for i in range(4)]
    assert mapped == [T.COMPANY, T.ROLE, T.STAGE, T.APPLIED]
    assert "semicolons" in page


def test_the_mapping_form_needs_company_and_title_once_each(seeker_client):
    batch = uploaded_batch(seeker_client, csv_bytes(["A,B,C", "Acme,Dev,x"]))
    url = reverse("applications:import_mapping", args=[batch.pk])
    base = {"date_format": "mdy", "default_stage": "applied"}
    response = seeker_client.post(url, base | {"column_0": "company"})
    assert "Choose the column that holds the job title." in response.content.decode()
    response = seeker_client.post(
        url, base | {"column_0": "company", "column_1": "role_title", "column_2": "company"}
    )
    assert "Company is chosen for more than one column (“A”, “C”)" in response.content.decode()
    response = seeker_client.post(
        url, base | {"column_0": "company", "column_1": "role_title", "column_2": "notes"}
    )
    assert response.url == reverse("applications:import_check", args=[batch.pk])
    batch.refresh_from_db()
    assert batch.mapping == ["company", "role_title", "notes"]


def test_the_check_page_sends_an_unmapped_file_back_to_the_mapping(seeker_client):
    batch = uploaded_batch(seeker_client, csv_bytes(["Foo,Bar", "Acme,Dev"]))
    response = seeker_client.get(reverse("applications:import_check", args=[batch.pk]))
    assert response.url == reverse("applications:import_mapping", args=[batch.pk])


# --- Cells --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("Interview", "interviewing"),
        ("  INTERVIEWING ", "interviewing"),
        ("Phone screen", "screening"),
        ("Rejected", "rejected"),
        ("Declined", "rejected"),
        ("Offer received", "offer"),
        ("offer-accepted", "accepted"),
        ("Wish list", "wishlist"),
        ("Saved", "wishlist"),
        ("No response", "ghosted"),
        ("Withdrew", "withdrawn"),
        ("Thinking about it", None),
    ],
)
def test_status_values_map_to_stages(text, stage):
    assert match_stage(text) == stage


TODAY = date(2026, 6, 15)


@pytest.mark.parametrize(
    ("text", "date_format", "expected"),
    [
        ("2026-03-04", "mdy", date(2026, 3, 4)),
        ("2026-03-04", "dmy", date(2026, 3, 4)),
        ("2026-03-04T09:30:00Z", "dmy", date(2026, 3, 4)),
        ("2026/3/4 14:02", "mdy", date(2026, 3, 4)),
        ("03/04/2026", "mdy", date(2026, 3, 4)),
        ("03/04/2026", "dmy", date(2026, 4, 3)),
        ("4.3.2026", "dmy", date(2026, 3, 4)),
        ("3/4/26", "mdy", date(2026, 3, 4)),
        ("Mar 4, 2026", "dmy", date(2026, 3, 4)),
        ("March 4th 2026", "mdy", date(2026, 3, 4)),
        ("4 March 2026", "mdy", date(2026, 3, 4)),
        ("04-Mar-2026", "mdy", date(2026, 3, 4)),
        ("Wed, Mar 4, 2026 10:15 AM", "mdy", date(2026, 3, 4)),
        ("", "mdy", None),
    ],
)
def test_dates_are_read_in_common_formats(text, date_format, expected):
    assert parse_date(text, date_format, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "date_format", "message"),
    [
        ("31/12/2025", "mdy", "it would be read day/month/year: change the date format"),
        ("12/31/2025", "dmy", "it would be read month/day/year"),
        ("2026-02-30", "mdy", "is not a date"),
        ("31/31/2025", "dmy", "is not a date (read day/month/year)"),
        ("soon", "mdy", "is not a date"),
        ("Smarch 3, 2026", "mdy", "is not a date"),
    ],
)
def test_bad_dates_say_why(text, date_format, message):
    with pytest.raises(CellError, match=re.escape(message)):
        parse_date(text, date_format, TODAY)


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ([["2026-01-05", "31/01/2026"]], ImportDateFormat.DAY_FIRST),
        ([["01/31/2026"], ["02/03/2026"]], ImportDateFormat.MONTH_FIRST),
        ([["02/03/2026"]], ImportDateFormat.MONTH_FIRST),  # nothing tells: month first
        ([["2026-01-31"]], ImportDateFormat.MONTH_FIRST),
    ],
)
def test_the_date_order_is_detected_from_the_file(cells, expected):
    assert detect_date_format(cells)[0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("60000", (60000, None, "")),
        ("60000-75000", (60000, 75000, "")),
        ("$60,000 – $75,000", (60000, 75000, "USD")),
        ("€60.000", (60000, None, "EUR")),
        ("60k-75k GBP", (60000, 75000, "GBP")),
        ("62.5k", (62500, None, "")),
        ("60 000 to 70 000", (60000, 70000, "")),
        ("60000+ EUR", (60000, None, "EUR")),
        ("up to 75000", (None, 75000, "")),
        ("", (None, None, "")),
    ],
)
def test_salaries_are_read_as_a_number_or_a_range(text, expected):
    assert parse_salary(text) == expected


@pytest.mark.parametrize(
    "text", ["competitive", "DOE", "75000-60000", "60000/yr", "1e99", "USD", "99999999999"]
)
def test_salaries_that_are_not_numbers_are_refused(text):
    with pytest.raises(CellError):
        parse_salary(text)


def test_separate_salary_from_and_to_columns(seeker_client):
    lines = [
        "Company,Job Position,Min Salary,Max Salary,Status",
        'Acme,Dev,60000,"$75,000",Applied',
        "Globex,Dev,,80k,Applied",
        "Initech,Dev,60000+,,Applied",
        "Hooli,Dev,90000,80000,Applied",
    ]
    batch = uploaded_batch(seeker_client, csv_bytes(lines))
    outcome = dry_run(seeker_client, batch).context["outcome"]
    assert problems(outcome) == {
        4: "Salary from “60000+” is not a number.",
        5: "The salary range must start below where it ends.",
    }
    seeker_client.post(
        reverse("applications:import_mapping", args=[batch.pk]),
        {"column_0": "company", "column_1": "role_title", "column_2": "salary_min"}
        | {"column_3": "salary_max", "date_format": "mdy", "default_stage": "applied"},
    )
    fixed = [line for line in lines if not line.startswith(("Initech", "Hooli"))]
    import_file(seeker_client, csv_bytes(fixed))
    salaries = Application.objects.order_by("pk").values_list(
        "salary_min", "salary_max", "salary_currency"
    )
    assert list(salaries) == [(60000, 75000, "USD"), (None, 80000, "USD")]


# --- Uploads ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("apps.csv", b"", "The submitted file is empty."),
        ("apps.csv", b"  \n\n", "The file is empty."),
        ("apps.xlsx", b"Company,Role\nAcme,Dev\n", "Upload a CSV file"),
        ("apps.csv", b"PK\x03\x04\x14\x00\x06\x00", "This is an Excel workbook"),
        ("apps.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "holds binary data"),
        ("apps.csv", b"%PDF-1.7\n", "This is a PDF"),
        ("apps.csv", b"Company Role\nAcme Dev\n", "The first line has a single column"),
        ("apps.csv", b"\nCompany,Role\n", "The first line is empty"),
    ],
)
def test_a_file_that_is_not_csv_gets_a_form_error(seeker_client, name, data, message):
    response = upload(seeker_client, data, name=name)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors["file"])
    assert not ImportBatch.objects.exists()


def test_a_file_over_the_limit_gets_a_form_error(seeker_client):
    data = b"Company,Job Title\n" + b"Acme,Developer\n" * (importing.MAX_UPLOAD_BYTES // 15 + 1)
    assert len(data) > importing.MAX_UPLOAD_BYTES
    response = upload(seeker_client, data)
    assert response.status_code == 200
    assert "the most is 20 MB" in str(response.context["form"].errors["file"])
    assert not ImportBatch.objects.exists()


def test_the_upload_page_shows_the_limit_and_the_export(seeker_client, application):
    page = seeker_client.get(reverse("applications:import")).content.decode()
    assert "Up to 20 MB" in page
    assert "Download your 1 application as" in page
    assert reverse("applications:export") in page


def test_the_list_page_links_to_import_and_export(seeker_client):
    page = seeker_client.get(reverse("applications:list")).content.decode()
    assert f'href="{reverse("applications:import")}">Import / export</a>' in page


@pytest.mark.parametrize(
    ("data", "encoding", "delimiter", "note"),
    [
        (codecs.BOM_UTF8 + "Company;Job Title\nSociété Générale;Ingénieur\n".encode(),
         "utf-8-sig", ";", ""),
        ("Company\tJob Title\nSociété Générale\tIngénieur\n".encode(), "utf-8-sig", "\t", ""),
        ("Company;Job Title\nSociété Générale;Ingénieur – €\n".encode("cp1252"), "cp1252", ";",
         "Windows-1252"),
        ("Company,Job Title\nSociété Générale,Ingénieur\n".encode("utf-16"), "utf-16", ",", ""),
        ("Company|Job Title\nSociété Générale|Ingénieur\n".encode(), "utf-8-sig", "|", ""),
    ],
    ids=["semicolon-with-bom", "tab", "cp1252", "utf-16", "pipe"],
)  # fmt: skip
def test_encodings_and_delimiters(seeker_client, data, encoding, delimiter, note):
    batch = uploaded_batch(seeker_client, data)
    assert (batch.encoding, batch.delimiter) == (encoding, delimiter)
    assert batch.headers == ["Company", "Job Title"]
    page = seeker_client.get(reverse("applications:import_mapping", args=[batch.pk]))
    assert (note in page.content.decode()) if note else "not UTF-8" not in page.content.decode()
    import_file(seeker_client, data)
    application = Application.objects.get()
    assert application.company.name == "Société Générale"
    assert application.role_title.startswith("Ingénieur")


def test_a_file_the_sniffer_cannot_read_falls_back_to_the_heading_line(seeker_client):
    data = csv_bytes(["Company;Job Title;Notes", "Acme;Dev;x"])
    assert importing.sniff_delimiter("Company;Job Title;Notes") == ";"
    assert importing.sniff_delimiter("just one thing") == ","
    assert uploaded_batch(seeker_client, data).delimiter == ";"


# --- Bad rows -----------------------------------------------------------------------------------


def test_every_kind_of_bad_row_is_listed_with_its_line_number(seeker_client, seeker):
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    lines = [
        HEADINGS,  # line 1
        'Acme,Developer,,Applied,2026-01-05,,Berlin,"A note',  # lines 2 (a cell over two lines)
        'that goes on"',
        ",Analyst,,Applied,,,,",  # 3: no company
        "Globex,,,Applied,,,,",  # 4: no job title
        "Initech,QA,,Applied,2026-02-30,,,",  # 5: no such date
        f"Umbrella,QA,,Applied,{future},,,",  # 6: in the future
        "Hooli,QA,not a url,Applied,,,,",  # 7: bad URL
        "Pied Piper,QA,,Applied,,competitive,,",  # 8: salary not a number
        f"Vandelay,{'x' * 201},,Applied,,,,",  # 9: over-long job title
        "Wonka,QA,,Applied,,,,,extra",  # 10: too many cells
        "Stark,QA,,Applied",  # 11: too few cells
        "",  # 12: an empty line is skipped, but counted
        "Wayne,QA,,Applied,,,,",  # 13: good
        "Dunder Mifflin,QA,,Applied,1969-12-31,,,",  # 14: before 1970
    ]
    batch = uploaded_batch(seeker_client, csv_bytes(lines))
    response = dry_run(seeker_client, batch)
    outcome = response.context["outcome"]
    bad = problems(outcome)
    assert sorted(bad) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 14]
    assert bad[3] == "Company is empty (column “Company”)."
    assert bad[4] == "Job title is empty (column “Job Title”)."
    assert "Date applied “2026-02-30” is not a date" in bad[5]
    assert "is in the future" in bad[6]
    assert "URL “not a url” is not a web address" in bad[7]
    assert "Salary “competitive” is not a number" in bad[8]
    assert bad[9] == "Job title is 201 characters long; the most is 200."
    assert "It has 9 cells, more than the 8 columns" in bad[10]
    assert "It has 4 cells, fewer than the 8 columns" in bad[11]
    assert bad[14] == "Date applied 1969-12-31 is before 1970 (“1969-12-31”)."
    assert (outcome.good, outcome.bad, outcome.blank) == (2, 10, 1)
    page = response.content.decode()
    assert "Rows that cannot be imported" in page
    # The good rows may go in without the bad ones, but only when the seeker says so.
    assert 'id="mode-all" value="all" checked' in page and 'id="mode-good"' in page
    assert "Change the mapping" in page


def test_a_bad_row_blocks_the_whole_import(seeker_client, seeker):
    lines = [HEADINGS, "Acme,Developer,,,,,,", "Globex,Tester,,,,,,", ",Orphan,,,,,,"]
    batch = uploaded_batch(seeker_client, csv_bytes(lines))
    response = confirm(seeker_client, batch)
    assert response.status_code == 422
    assert "Nothing was imported: 1 row cannot be imported" in response.content.decode()
    assert not Application.objects.exists()
    assert not Company.objects.exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PENDING


def test_a_failure_in_the_middle_of_the_write_rolls_everything_back(seeker, monkeypatch):
    monkeypatch.setattr(importing.writing, "CHUNK_SIZE", 5)
    lines = [HEADINGS] + [f"Company {i},Role {i},,Interviewing,2026-01-01,,," for i in range(12)]
    batch = make_batch(seeker, csv_bytes(lines))
    real_bulk_create = StageChange.objects.bulk_create
    calls = []

    def failing_bulk_create(objs, *args, **kwargs):
        calls.append(len(objs))
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real_bulk_create(objs, *args, **kwargs)

    monkeypatch.setattr(StageChange.objects, "bulk_create", failing_bulk_create)
    with pytest.raises(RuntimeError):
        import_batch(batch=batch)
    assert calls == [10, 10]  # the first chunk was written before the failure
    assert not Application.objects.exists()
    assert not Company.objects.exists()
    assert not StageChange.objects.exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PENDING


# --- Stages, companies, timeline ---------------------------------------------------------------


def test_unknown_and_empty_statuses_get_the_chosen_default(seeker_client):
    lines = [
        HEADINGS,
        "Acme,Dev,,Thinking about it,,,,",
        "Globex,Dev,,,,,,",
        "Initech,Dev,,Interview,,,,",
        "Hooli,Dev,,thinking about it,,,,",
    ]
    batch = uploaded_batch(seeker_client, csv_bytes(lines), default_stage="wishlist")
    response = dry_run(seeker_client, batch)
    page = response.content.decode()
    assert response.context["outcome"].defaulted == 3
    assert "will be imported as <strong>Wishlist</strong>" in page
    assert "“Thinking about it” (1)" in page
    import_file(seeker_client, csv_bytes(lines), default_stage="wishlist")
    stages = dict(Application.objects.values_list("company__name", "stage"))
    assert stages == {
        "Acme": "wishlist",
        "Globex": "wishlist",
        "Initech": "interviewing",
        "Hooli": "wishlist",
    }


def test_the_default_stage_can_be_changed_on_the_mapping_page(seeker_client):
    batch = uploaded_batch(seeker_client, csv_bytes(["Company,Role,Status", "Acme,Dev,???"]))
    seeker_client.post(
        reverse("applications:import_mapping", args=[batch.pk]),
        {"column_0": "company", "column_1": "role_title", "column_2": "stage"}
        | {"date_format": "mdy", "default_stage": "ghosted"},
    )
    confirm(seeker_client, batch)
    assert Application.objects.get().stage == Stage.GHOSTED


def test_companies_are_matched_case_insensitively_and_created_once(seeker_client, seeker, company):
    lines = [
        HEADINGS,
        "NORTHWIND,Engineer,,,,,,",
        "Acme,Dev,,,,,,",
        "ACME,Tester,,,,,,",
        "acme,Designer,,,,,,",
    ]
    batch = uploaded_batch(seeker_client, csv_bytes(lines))
    assert dry_run(seeker_client, batch).context["outcome"].new_companies == 1
    batch = import_file(seeker_client, csv_bytes(lines))
    assert sorted(Company.objects.values_list("name", flat=True)) == ["Acme", "Northwind"]
    assert Application.objects.get(role_title="Engineer").company == company
    assert (batch.imported_count, batch.new_company_count) == (4, 1)


def test_imported_rows_get_a_timeline_and_no_follow_ups(seeker_client, seeker):
    lines = [
        HEADINGS,
        "Acme,Applied one,,Applied,2026-01-05,,,",
        "Globex,Interviewed one,,Interviewing,2026-01-06,,,",
        "Initech,Saved one,,Wishlist,,,,",
        "Hooli,Undated one,,Rejected,,,,",
    ]
    import_file(seeker_client, csv_bytes(lines))
    timelines = {
        app.role_title: [
            (c.from_stage, c.to_stage, timezone.localdate(c.changed_at, seeker.profile.tzinfo))
            for c in app.stage_changes.order_by("changed_at", "pk")
        ]
        for app in Application.objects.prefetch_related("stage_changes")
    }
    today = seeker.profile.today()
    assert timelines == {
        "Applied one": [("", "applied", date(2026, 1, 5))],
        "Interviewed one": [("", "applied", date(2026, 1, 6)), ("applied", "interviewing", today)],
        "Saved one": [("", "wishlist", today)],
        "Undated one": [("", "rejected", today)],
    }
    applied = Application.objects.get(role_title="Applied one")
    assert applied.stage_changed_at == applied.stage_changes.get().changed_at
    assert StageChange.objects.filter(note="Imported from applications.csv").count() == 5
    assert not FollowUp.objects.exists()


# --- Duplicates ---------------------------------------------------------------------------------


def test_duplicates_in_the_database_and_in_the_file_are_reported_and_not_doubled(
    seeker_client, seeker, application
):
    ApplicationFactory(
        owner=seeker,
        company=application.company,
        role_title="Old role",
        stage=Stage.REJECTED,
        applied_on=date(2025, 5, 1),
    )
    lines = [
        HEADINGS,
        "northwind,DATA ANALYST,,Applied,,,,",  # 2: the open application already there
        "Acme,Developer,,Applied,,,,",  # 3
        "ACME,developer,,Screening,,,,",  # 4: open, like line 3
        "Acme,Developer,,Rejected,2025-01-01,,,",  # 5: closed: not a duplicate of 3
        "Acme,Developer,,Ghosted,2025-01-01,,,",  # 6: same date as line 5
        "Northwind,Old role,,Rejected,2025-05-01,,,",  # 7: same date as the one already there
        "Northwind,Old role,,Rejected,2024-05-01,,,",  # 8: an earlier try: kept
    ]
    batch = uploaded_batch(seeker_client, csv_bytes(lines))
    outcome = dry_run(seeker_client, batch).context["outcome"]
    duplicates = problems(outcome, "duplicate")
    assert duplicates == {
        2: "You already have an open application for DATA ANALYST at northwind.",
        4: "Same company and job title as line 3, and both are open.",
        6: "Same company, job title and date applied as line 5.",
        7: "You already have Old role at Northwind with the same date applied.",
    }
    assert (outcome.good, outcome.duplicates, outcome.bad) == (3, 4, 0)
    assert outcome.can_import
    before = Application.objects.count()
    batch = import_file(seeker_client, csv_bytes(lines))
    assert Application.objects.count() == before + 3
    assert (batch.imported_count, batch.duplicate_count) == (3, 4)
    # The same file again: everything is a duplicate now, nothing is doubled.
    again = uploaded_batch(seeker_client, csv_bytes(lines))
    response = dry_run(seeker_client, again)
    assert response.context["outcome"].good == 0
    assert response.context["outcome"].duplicates == 7
    assert "there is nothing new to import" in response.content.decode()
    confirm(seeker_client, again)
    assert Application.objects.count() == before + 3


def test_duplicates_across_chunks_are_found(seeker_client, seeker, monkeypatch):
    monkeypatch.setattr(importing.writing, "CHUNK_SIZE", 3)
    lines = [HEADINGS] + [f"Acme,Role {i % 4},,Applied,,,," for i in range(10)]
    batch = import_file(seeker_client, csv_bytes(lines))
    assert (batch.imported_count, batch.duplicate_count) == (4, 6)
    assert Application.objects.count() == 4


def test_confirming_twice_imports_once(seeker_client):
    lines = [HEADINGS, "Acme,Dev,,,,,,"]
    batch = import_file(seeker_client, csv_bytes(lines))
    response = confirm(seeker_client, batch)
    assert response.url == reverse("applications:import_done", args=[batch.pk])
    assert Application.objects.count() == 1
    batch.refresh_from_db()
    assert bytes(batch.data) == b""  # the upload is not kept once imported


def test_the_done_page_shows_the_counts_and_links_to_the_list(seeker_client):
    lines = [HEADINGS, "Acme,Dev,,,,,,", "Acme,Dev,,,,,,"]
    batch = import_file(seeker_client, csv_bytes(lines))
    page = seeker_client.get(reverse("applications:import_done", args=[batch.pk]))
    text = page.content.decode()
    assert "Added 1 application and 1 new company." in text
    assert "Skipped 1 duplicate you already had." in text
    assert reverse("applications:list") in text


def test_the_problem_report_lists_every_problem(seeker_client, monkeypatch):
    monkeypatch.setattr(importing.writing, "LISTED_PROBLEMS", 2)
    lines = [HEADINGS] + [f",Role {i},,,,,," for i in range(5)] + ["Acme,Dev,,,,,,"] * 2
    batch = uploaded_batch(seeker_client, csv_bytes(lines))
    response = dry_run(seeker_client, batch)
    assert len(response.context["outcome"].bad_rows) == 2
    assert "…and 3 more." in response.content.decode()
    report = seeker_client.get(reverse("applications:import_report", args=[batch.pk]))
    rows = list(csv.reader(io.StringIO(b"".join(report.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["Line", "Problem", "Reason"]
    assert [row[0] for row in rows[1:]] == ["2", "3", "4", "5", "6", "8"]
    assert rows[-1][1] == "Duplicate (skipped)"


# --- Export and the round trip ------------------------------------------------------------------


def export(client):
    response = client.get(reverse("applications:export"))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="applications.csv"'
    # Personal data: neither the browser nor a proxy keeps a copy.
    assert {part.strip() for part in response["Cache-Control"].split(",")} == {
        "private",
        "no-store",
    }
    return b"".join(response.streaming_content)


def test_the_export_has_the_importers_headings_and_only_the_seekers_rows(
    seeker_client, application, other_seeker
):
    ApplicationFactory(owner=other_seeker, role_title="Secret role")
    data = export(seeker_client)
    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == list(importing.EXPORT_HEADINGS.values())
    assert [h for h in rows[0] if h in HEADINGS.split(",")] == HEADINGS.split(",")
    assert suggest_mapping(rows[0]) == list(importing.EXPORT_HEADINGS)
    assert [row[:2] for row in rows[1:]] == [["Northwind", "Data Analyst"]]


def test_the_export_defuses_formulas(seeker_client, seeker):
    company = CompanyFactory(owner=seeker, name="=HYPERLINK(1)")
    ApplicationFactory(owner=seeker, company=company, role_title="+Dev", notes="@mention")
    ApplicationFactory(owner=seeker, company=company, role_title="-Ops", location="\tTab")
    rows = list(csv.reader(io.StringIO(export(seeker_client).decode("utf-8-sig"))))
    assert rows[1][:2] == ["'=HYPERLINK(1)", "'+Dev"]
    headings = rows[0]
    assert rows[1][headings.index("Notes")] == "'@mention"
    assert rows[2][1] == "'-Ops"
    assert rows[2][headings.index("Location")] == "'\tTab"


def test_a_tags_column_tags_the_imported_applications(client, seeker):
    set_tags(application=ApplicationFactory(owner=seeker, role_title="Earlier"), names=["Remote"])
    client.force_login(seeker)
    data = 'Company,Job Title,Labels\nAcme,Engineer,"remote, fintech"\nGlobex,Tester,\n'
    batch = import_file(client, data.encode())
    assert batch.imported_count == 2
    assert tagged(seeker) == [
        ("Earlier", "Remote"),
        ("Engineer", "fintech, Remote"),
        ("Tester", ""),
    ]


def test_a_tag_too_long_is_a_bad_row(client, seeker):
    client.force_login(seeker)
    data = f"Company,Job Title,Tags\nAcme,Engineer,{'x' * 41}\n".encode()
    batch = uploaded_batch(client, data)
    outcome = dry_run(client, batch).context["outcome"]
    assert problems(outcome) == {2: f"Tag “{'x' * 20}…” is longer than 40 characters."}


def tagged(owner) -> list[tuple[str, str]]:
    """(role, its tags) for each of the seeker's applications, in order."""
    applications = Application.objects.owned_by(owner).prefetch_related("tags")
    return sorted(
        (app.role_title, ", ".join(tag.name for tag in app.tags.all())) for app in applications
    )


ROUND_TRIP_FIELDS = (
    "company__name",
    "role_title",
    "posting_url",
    "stage",
    "applied_on",
    "salary_min",
    "salary_max",
    "salary_currency",
    "location",
    "notes",
)


def test_round_trip_export_then_import_into_a_fresh_seeker_gives_the_same_data(client, seeker):
    acme = CompanyFactory(owner=seeker, name="Acme, Inc.")
    specs = [
        {"company": acme, "role_title": "Engineer", "stage": Stage.INTERVIEWING,
         "posting_url": "https://acme.example/jobs/1?ref=a,b", "applied_on": date(2026, 1, 5),
         "salary_min": 60000, "salary_max": 75000, "salary_currency": "EUR",
         "location": "Berlin", "notes": 'Line one\r\nLine "two", with a comma'},
        {"company": acme, "role_title": "Engineer", "stage": Stage.REJECTED,
         "applied_on": date(2025, 3, 1), "salary_min": 50000, "salary_max": 50000},
        {"company__name": "Société Générale", "role_title": "Ingénieur",
         "stage": Stage.WISHLIST, "salary_min": 90000, "salary_currency": "GBP",
         "notes": "- bullet\n= not a formula"},
        {"company__name": "Globex", "role_title": "+Analyst", "stage": Stage.OFFER,
         "salary_max": 120000, "location": "@home", "applied_on": date(2026, 2, 28)},
        {"company__name": "Hooli", "role_title": "QA", "stage": Stage.GHOSTED},
    ]  # fmt: skip
    tags = [["remote", "fintech"], [], ["REMOTE"], ["=formula"], ["via Sam"]]
    for spec, names in zip(specs, tags, strict=True):
        company = spec.pop("company", None)
        name = spec.pop("company__name", None)
        company = company or CompanyFactory(owner=seeker, name=name)
        set_tags(application=ApplicationFactory(owner=seeker, company=company, **spec), names=names)
    for stage in Stage.values:
        ApplicationFactory(owner=seeker, company=acme, role_title=f"Role {stage}", stage=stage)
    client.force_login(seeker)
    data = export(client)

    fresh = UserFactory(email="fresh@example.com")
    client.force_login(fresh)
    batch = import_file(client, data)
    assert batch.duplicate_count == 0

    def rows(owner):
        return sorted(
            Application.objects.owned_by(owner).values_list(*ROUND_TRIP_FIELDS),
            key=lambda row: tuple(str(value) for value in row),
        )

    assert rows(fresh) == rows(seeker)  # the currency too, with no salary (its own column)
    assert tagged(fresh) == tagged(seeker)
    assert sorted(Tag.objects.owned_by(fresh).values_list("name", flat=True)) == [
        "=formula",
        "fintech",
        "remote",
        "via Sam",
    ]
    assert len(rows(fresh)) == len(specs) + len(Stage.values)
    # And the fresh seeker's export is byte for byte the same file.
    assert export(client) == data


# --- Ownership ----------------------------------------------------------------------------------

BATCH_URLS = [
    ("import_mapping", "get"),
    ("import_mapping", "post"),
    ("import_check", "get"),
    ("import_confirm", "post"),
    ("import_report", "get"),
    ("import_done", "get"),
]


@pytest.mark.parametrize("imported", [False, True], ids=["pending", "imported"])
@pytest.mark.parametrize(("name", "method"), BATCH_URLS)
def test_another_seeker_gets_404_on_every_import_url(client, seeker, other_seeker, name, method,
                                                     imported):  # fmt: skip
    batch = make_batch(seeker, csv_bytes([HEADINGS, "Acme,Dev,,,,,,"]))
    if imported:
        import_batch(batch=batch)
    client.force_login(other_seeker)
    data = {"column_0": "company", "column_1": "role_title", "date_format": "mdy"}
    response = getattr(client, method)(reverse(f"applications:{name}", args=[batch.pk]), data)
    assert response.status_code == 404
    batch.refresh_from_db()
    assert batch.mapping == suggest_mapping(HEADINGS.split(","))
    assert Application.objects.count() == (1 if imported else 0)


def test_import_urls_need_a_login(client):
    for name in ("import", "export"):
        response = client.get(reverse(f"applications:{name}"))
        assert response.status_code == 302
        assert response.url.startswith("/login/")


def test_the_owner_can_open_every_import_page(seeker_client, seeker):
    batch = uploaded_batch(seeker_client, csv_bytes([HEADINGS, "Acme,Dev,,,,,,"]))
    for name in ("import_mapping", "import_check", "import_report"):
        response = seeker_client.get(reverse(f"applications:{name}", args=[batch.pk]))
        assert response.status_code == 200
    assert confirm(seeker_client, batch).status_code == 302
    done = seeker_client.get(reverse("applications:import_done", args=[batch.pk]))
    assert done.status_code == 200
    # Once imported, the other steps lead to the result instead of importing again.
    response = seeker_client.get(reverse("applications:import_check", args=[batch.pk]))
    assert response.url == reverse("applications:import_done", args=[batch.pk])


# --- Scale: queries per chunk, memory for 50,000 rows -------------------------------------------


def make_batch(owner, data, **kwargs):
    found = importing.inspect(data)
    return start_import(
        owner=owner, file_name="applications.csv", data=data, found=found,
        default_stage=kwargs.get("default_stage", Stage.APPLIED),
    )  # fmt: skip


def generated_csv(rows: int, companies: int = 200) -> bytes:
    """A realistic export-like file: repeated companies, every stage, dates, salaries, notes."""
    stages = ["Applied", "Interview", "Rejected", "Ghosted", "Phone screen", "Offer", "Saved"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADINGS.split(","))
    start = date(2020, 1, 1)
    for i in range(rows):
        writer.writerow(
            [
                f"Company {i % companies}",
                f"Role {i}",
                f"https://jobs.example.com/{i}",
                stages[i % len(stages)],
                (start + timedelta(days=i % 2000)).isoformat(),
                f"{50000 + i % 40 * 1000}-{70000 + i % 40 * 1000} USD",
                "Berlin" if i % 2 else "Remote",
                f"Note about role {i}",
            ]
        )
    return out.getvalue().encode()


def write_queries(owner, rows):
    batch = make_batch(owner, generated_csv(rows, companies=rows))
    with CaptureQueriesContext(connection) as ctx:
        outcome = import_batch(batch=batch)
    assert outcome.imported and outcome.good == rows
    return len(ctx.captured_queries)


def test_the_write_runs_a_constant_number_of_queries_per_chunk(seeker, other_seeker):
    one_chunk = write_queries(seeker, importing.CHUNK_SIZE)
    two_chunks = write_queries(other_seeker, 2 * importing.CHUNK_SIZE)
    assert one_chunk <= 15
    # The second chunk adds its company lookup, its duplicate lookup and three inserts.
    assert two_chunks - one_chunk <= 6, (one_chunk, two_chunks)


def traced_import_peak(owner, rows: int) -> int:
    batch = make_batch(owner, generated_csv(rows))
    batch = ImportBatch.objects.get(pk=batch.pk)  # as a view would load it
    tracemalloc.start()
    try:
        outcome = import_batch(batch=batch)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert outcome.imported and outcome.good == rows
    assert Application.objects.filter(owner=owner).count() == rows
    return peak


def test_import_memory_does_not_grow_with_the_number_of_rows(seeker, other_seeker):
    """Rows stream through in chunks, so four times the rows costs about the same memory
    (bench/import_100k.py measures 100,000 rows: 57–70 MB traced, docs/benchmarks.md)."""
    small = traced_import_peak(seeker, 1_000)
    large = traced_import_peak(other_seeker, 4_000)
    print(f"\nimport peak: {small / 2**20:.1f} MB for 1,000 rows, {large / 2**20:.1f} MB for 4,000")
    assert large < 1.5 * small + 1024 * 1024, (small, large)
