"""Property tests of the application, company, contact and import forms, and the list's
filters: no input is a server error, no form with errors saves anything."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from applications import importing
from applications.models import (
    Application,
    Company,
    Contact,
    ImportBatch,
    ImportDateFormat,
    Source,
    Stage,
    WorkMode,
)

from .harness import FORMS, draws_page, field, pks, post_data, short_text, submit

pytestmark = pytest.mark.django_db


def application_fields(w):
    return {
        "company": field(*pks(w.company, w.hidden, w.other_company)),
        "new_company": field("Northwind", "northwind", "New Co"),
        "role_title": field("Data Analyst", "Analyst"),
        "stage": field(*Stage.values),
        "is_dream_job": field("on"),
        "excitement": field(1, 3, 5),
        "applied_on": field(timezone.localdate()),
        "source": field(*Source.values),
        "posting_url": field("https://example.com/job"),
        "location": field("Berlin"),
        "work_mode": field(*WorkMode.values),
        "salary_min": field(50_000, 2_147_483_647),
        "salary_max": field(40_000, 2_147_483_648),
        "salary_currency": field("USD", "EURO"),
        "description": field("Build dashboards."),
        "notes": field("Referred by Dana."),
        "allow_duplicate": field("on", "True"),
    }


@FORMS
@given(data=st.data())
def test_application_create(owner, world, data):
    body = data.draw(post_data(application_fields(world)))
    submit(owner, reverse("applications:create"), body, render=draws_page(data))


@FORMS
@given(data=st.data())
def test_application_edit(owner, world, data):
    """The company stays chosen: an edit without one is the bug below."""
    app = world.application
    body = data.draw(post_data(application_fields(world)))
    body["company"] = str(world.company.pk)
    submit(
        owner,
        reverse("applications:update", args=[app.pk]),
        body,
        watch=[(Application, app.pk)],
        render=draws_page(data),
    )


def test_editing_an_application_to_a_new_company_with_an_error_shows_the_form(owner, world):
    app = world.application
    body = {
        "company": "",
        "new_company": "Fresh Co",
        "role_title": "",  # the other error: a required field left empty
        "stage": app.stage,
        "excitement": "3",
        "source": app.source,
        "salary_currency": "USD",
    }
    submit(owner, reverse("applications:update", args=[app.pk]), body)


def company_fields():
    return {
        "name": field("Northwind", "NORTHWIND ", "Hidden Co", "Fresh Co"),
        "website": field("https://northwind.example"),
        "notes": field("Good people."),
    }


@FORMS
@given(data=st.data())
def test_company_create(owner, world, data):
    submit(
        owner,
        reverse("applications:company_create"),
        data.draw(post_data(company_fields())),
        render=draws_page(data),
    )


@FORMS
@given(data=st.data())
def test_company_edit(owner, world, data):
    company = world.company
    submit(
        owner,
        reverse("applications:company_update", args=[company.pk]),
        data.draw(post_data(company_fields())),
        watch=[(Company, company.pk)],
        render=draws_page(data),
    )


def contact_fields(w):
    return {
        "company": field(*pks(w.company, w.hidden, w.other_company)),
        "name": field("Dana"),
        "role": field("Recruiter"),
        "email": field("dana@example.com"),
        "phone": field("+1 555 0100"),
        "linkedin": field("https://linkedin.com/in/dana"),
        "notes": field("Met at a meetup."),
    }


@FORMS
@given(data=st.data())
def test_contact_create(owner, world, data):
    body = data.draw(post_data(contact_fields(world)))
    submit(owner, reverse("applications:contact_create"), body, render=draws_page(data))


@FORMS
@given(data=st.data())
def test_contact_edit(owner, world, data):
    contact = world.contact
    body = data.draw(post_data(contact_fields(world)))
    url = reverse("applications:contact_update", args=[contact.pk])
    submit(owner, url, body, watch=[(Contact, contact.pk)], render=draws_page(data))


upload_names = st.one_of(
    st.sampled_from(["jobs.csv", "jobs.TSV", "notes.txt", "jobs.xlsx", "x" * 300 + ".csv", ".csv"]),
    short_text.filter(lambda name: name.strip(" .") and "\x00" not in name and "/" not in name),
)
upload_bytes = st.one_of(
    st.binary(max_size=64),
    st.sampled_from(
        [
            b"",
            b"\x00\x00\x00",
            b"\xef\xbb\xbfCompany;Role\r\nAcme;Dev\r\n",
            b"Company,Role\nAcme",
            b'"unclosed,quote\n',
            "Firma\tStelle\nMüller\tEntwickler\n".encode("latin-1"),
            b"Company,Role\n" + b"a," * 200 + b"\n",
            b"\xff\xfe" + "Company,Role\n".encode("utf-16-le"),
        ]
    ),
    short_text.map(lambda text: ("Company,Role\n" + text).encode()),
)


@FORMS
@given(data=st.data())
def test_import_upload(owner, world, data):
    body = data.draw(post_data({"default_stage": field(*Stage.values)}))
    files = {}
    if data.draw(st.booleans()):
        upload = SimpleUploadedFile(data.draw(upload_names), data.draw(upload_bytes))
        files["file"] = upload
    submit(owner, reverse("applications:import"), body, files=files, render=draws_page(data))


@FORMS
@given(data=st.data())
def test_import_mapping(owner, world, data):
    batch = world.batch
    fields = {
        f"column_{i}": field(*[value for value, _ in importing.Target.CHOICES])
        for i in range(len(batch.headers) + 1)
    }
    fields["date_format"] = field(*ImportDateFormat.values)
    fields["default_stage"] = field(*Stage.values)
    url = reverse("applications:import_mapping", args=[batch.pk])
    submit(
        owner,
        url,
        data.draw(post_data(fields)),
        watch=[(ImportBatch, batch.pk)],
        render=draws_page(data),
    )


@FORMS
@given(data=st.data())
def test_application_list_filter(owner, world, data):
    fields = {
        "q": field("Analyst"),
        "stage": field("open", *Stage.values),
        "sort": field("recent", "excitement", "applied", "company"),
        "page": field(1, 2, "last"),
    }
    body = data.draw(post_data(fields))
    # A page number past the end (or not a number) is the list view's 404, as Django does.
    url = reverse("applications:list")
    submit(owner, url, body, method="get", render=draws_page(data), ok=(200, 404))
