from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from core.validators import validate_date_in_range
from core.widgets import DatalistInput, DateInput
from documents.models import Document, DocumentKind

from .importing import (
    MAX_UPLOAD_BYTES,
    ImportFileError,
    Target,
    inspect,
    mapping_errors,
)
from .models import (
    LIST_SORTS,
    TAG_MAX_LENGTH,
    TAGS_PER_APPLICATION,
    Application,
    Company,
    Contact,
    Conversation,
    ImportDateFormat,
    ImportMode,
    Interview,
    Stage,
    Tag,
    split_tags,
)

if TYPE_CHECKING:
    # What OwnedFormMixin is mixed into, so mypy checks its super() call and attributes.
    _ModelForm = forms.ModelForm[Any]
else:
    _ModelForm = object


class OwnedFormMixin(_ModelForm):
    """Forms for a seeker's own objects: a new one is theirs, and choices for related objects
    list only theirs."""

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        if self.instance.pk is None:
            self.instance.owner = owner
        if "company" in self.fields:
            # Hidden companies are out of the picker, except the one already chosen.
            current = getattr(self.instance, "company_id", None)
            company = cast(forms.ModelChoiceField, self.fields["company"])
            company.queryset = Company.objects.owned_by(owner).filter(
                Q(is_hidden=False) | Q(pk=current)
            )


class CompanyForm(OwnedFormMixin, forms.ModelForm):
    class Meta:
        model = Company
        fields = ("name", "website", "notes")
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Company.objects.owned_by(self.owner).filter(name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("You already have a company with this name.")
        return name


class ContactForm(OwnedFormMixin, forms.ModelForm):
    class Meta:
        model = Contact
        fields = ("company", "name", "role", "email", "phone", "linkedin", "notes")
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class ApplicationForm(OwnedFormMixin, forms.ModelForm):
    new_company = forms.CharField(
        label="…or a new company",
        max_length=200,
        required=False,
        help_text="Type a name to add a company you have not saved yet.",
    )
    tags = forms.CharField(
        label="Tags",
        max_length=1000,
        required=False,
        help_text="Your own labels, separated by commas: remote, fintech, via Sam.",
        widget=DatalistInput(attrs={"data-separator": ",", "autocomplete": "off"}),
    )
    allow_duplicate = forms.BooleanField(
        label="Add it anyway: this is a different opening",
        required=False,
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Application
        fields = (
            "company",
            "new_company",
            "role_title",
            "stage",
            "is_dream_job",
            "excitement",
            "applied_on",
            "source",
            "posting_url",
            "location",
            "work_mode",
            "salary_min",
            "salary_max",
            "salary_currency",
            "resume",
            "cover_letter",
            "description",
            "notes",
            "allow_duplicate",
        )
        widgets = {
            "applied_on": DateInput(),
            "excitement": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tags = Tag.objects.owned_by(self.owner)
        cast(DatalistInput, self.fields["tags"].widget).options = list(
            tags.in_use().values_list("name", flat=True)
        )
        if self.instance.pk:
            self.initial.setdefault("tags", ", ".join(t.name for t in self.instance.tags.all()))
        company = cast(forms.ModelChoiceField, self.fields["company"])
        company.required = False
        company.empty_label = "Choose a company"
        self.today = self.owner.profile.today()
        for name, kind in (
            ("resume", DocumentKind.RESUME),
            ("cover_letter", DocumentKind.COVER_LETTER),
        ):
            field = cast(forms.ModelChoiceField, self.fields[name])
            field.queryset = Document.objects.owned_by(self.owner).of_kind(kind)
            field.empty_label = "None noted"
        self.fields["resume"].help_text = format_html(
            'Which version you sent: Insights compares how each one does. <a href="{}">Upload '
            "a version</a>.",
            reverse("documents:list"),
        )
        if not self.instance.pk:
            self.initial.setdefault("applied_on", self.today)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("company", css_class="col-md-6"), Column("new_company", css_class="col-md-6")
            ),
            Row(Column("role_title", css_class="col-md-8"), Column("stage", css_class="col-md-4")),
            Row(
                Column("excitement", css_class="col-md-3"),
                Column("applied_on", css_class="col-md-3"),
                Column("source", css_class="col-md-3"),
                Column("is_dream_job", css_class="col-md-3 pt-md-4"),
            ),
            "posting_url",
            Row(
                Column("location", css_class="col-md-8"), Column("work_mode", css_class="col-md-4")
            ),
            Row(
                Column("salary_min", css_class="col-md-5"),
                Column("salary_max", css_class="col-md-5"),
                Column("salary_currency", css_class="col-md-2"),
            ),
            Row(
                Column("resume", css_class="col-md-6"),
                Column("cover_letter", css_class="col-md-6"),
            ),
            "tags",
            "description",
            "notes",
            "allow_duplicate",
        )

    def clean_tags(self) -> list[str]:
        names = split_tags(self.cleaned_data["tags"])
        for name in names:
            if len(name) > TAG_MAX_LENGTH:
                raise forms.ValidationError(
                    f"“{name[:20]}…” is longer than {TAG_MAX_LENGTH} characters: keep tags short."
                )
        if len(names) > TAGS_PER_APPLICATION:
            raise forms.ValidationError(
                f"That is {len(names)} tags; an application takes at most {TAGS_PER_APPLICATION}."
            )
        return names

    def clean_applied_on(self):
        applied_on = self.cleaned_data.get("applied_on")
        if applied_on and applied_on > self.today:
            raise forms.ValidationError("The date you applied cannot be in the future.")
        return applied_on

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        company, new_name = cleaned.get("company"), cleaned.get("new_company", "").strip()
        if not company and not new_name:
            self.add_error("company", "Choose a company or type the name of a new one.")
        elif company and new_name:
            self.add_error("new_company", "Choose an existing company or type a new one, not both.")
        elif new_name:
            # A typed name the seeker already has is that company; only a new one is created.
            company = Company.objects.owned_by(self.owner).filter(name__iexact=new_name).first()
            if company:
                cleaned["company"], cleaned["new_company"] = company, ""
            else:
                cleaned["new_company"] = new_name
        if cleaned.get("stage") == Stage.WISHLIST:
            # Not applied yet: the date comes when it moves on (Application.fill_applied_on).
            cleaned["applied_on"] = None
        self._check_duplicate(cleaned, company)
        return cleaned

    def _check_duplicate(self, cleaned, company):
        role = cleaned.get("role_title")
        if not (company and role) or cleaned.get("stage") not in Stage.open():
            return
        duplicate = (
            Application.objects.duplicates_of(
                owner=self.owner, company=company, role_title=role, exclude_pk=self.instance.pk
            )
            .order_by("pk")
            .first()
        )
        if duplicate and not cleaned.get("allow_duplicate"):
            self.fields["allow_duplicate"].widget = forms.CheckboxInput()
            raise forms.ValidationError(
                format_html(
                    'You already have a live application for <a href="{}">{}</a>. '
                    "Tick the box below if this is a different opening.",
                    reverse("applications:detail", args=[duplicate.pk]),
                    duplicate,
                )
            )


class PostingLinkForm(forms.Form):
    """ "Add from a link": the address of a job posting, read by applications.postings."""

    link = forms.URLField(
        label="Job posting link",
        max_length=1000,
        assume_scheme="https",
        help_text="Paste the address of the job ad: we read its details for you to check.",
        error_messages={"invalid": "Paste a web address, like https://example.com/jobs/123."},
    )

    def clean_link(self):
        link = self.cleaned_data["link"]
        if not link.lower().startswith(("http://", "https://")):
            raise forms.ValidationError("Only http and https links can be read.")
        return link


class InterviewForm(forms.ModelForm):
    """An interview's date and time as the seeker reads them on their own clock (their profile's
    time zone), stored as one aware datetime; the interviewers from their contacts at the
    application's company. Saved by applications.interviews, which tells followups."""

    day = forms.DateField(label="Date", widget=DateInput(), validators=[validate_date_in_range])
    time = forms.TimeField(
        label="Time", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    class Meta:
        model = Interview
        fields = ("day", "time", "kind", "interviewers", "preparation")
        widgets = {
            "interviewers": forms.CheckboxSelectMultiple,
            "preparation": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, owner, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = owner.profile.tzinfo
        self.instance.owner = owner
        self.instance.application = application
        self.fields["time"].help_text = f"In your time zone, {owner.profile.time_zone}."
        interviewers = cast(forms.ModelMultipleChoiceField, self.fields["interviewers"])
        interviewers.queryset = Contact.objects.owned_by(owner).filter(company=application.company)
        if not interviewers.queryset.exists():
            interviewers.help_text = (
                f"Add your contacts at {application.company} to pick them here."
            )
        if self.instance.starts_at:
            local = timezone.localtime(self.instance.starts_at, self.zone)
            self.initial.update(day=local.date(), time=local.time())

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        day, time = cleaned.get("day"), cleaned.get("time")
        if day is None or time is None:
            return cleaned
        wall_clock = datetime.combine(day, time)
        starts_at = wall_clock.replace(tzinfo=self.zone)
        if starts_at.astimezone(UTC).astimezone(self.zone).replace(tzinfo=None) != wall_clock:
            self.add_error("time", "The clocks go forward then: that time does not exist.")
            return cleaned
        clash = Interview.objects.filter(
            application=self.instance.application, starts_at=starts_at
        ).exclude(pk=self.instance.pk)
        if clash.exists():
            self.add_error("time", "This application already has an interview then.")
        self.instance.starts_at = starts_at
        return cleaned


class ConversationForm(forms.ModelForm):
    """A conversation with one contact: when (not in the future), how, about which of the
    seeker's applications at the contact's company (if any), and a note. Saved by
    applications.services.log_conversation; an edit keeps form.save()."""

    class Meta:
        model = Conversation
        fields = ("happened_on", "kind", "application", "note")
        widgets = {"happened_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, owner, contact=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.contact = contact or self.instance.contact
        self.instance.contact = self.contact
        self.today = owner.profile.today()
        self.initial.setdefault("happened_on", self.today)
        application = cast(forms.ModelChoiceField, self.fields["application"])
        application.queryset = (
            Application.objects.owned_by(owner)
            .filter(company=self.contact.company_id)
            .with_company()  # each choice reads "role at company"
        )
        application.empty_label = "None in particular"

    def clean_happened_on(self):
        happened_on = self.cleaned_data["happened_on"]
        if happened_on > self.today:
            raise forms.ValidationError(
                "Log a conversation once it has happened: not in the future."
            )
        return happened_on


class StageMoveForm(forms.Form):
    stage = forms.ChoiceField(choices=Stage.choices, label="Move to")


class ApplicationFilterForm(forms.Form):
    """The list's filters (ApplicationQuerySet.listed), from its querystring."""

    q = forms.CharField(label="Search", required=False, max_length=200)
    stage = forms.ChoiceField(
        label="Stage",
        required=False,
        choices=[("", "All stages"), ("open", "Open (wishlist and live)"), *Stage.choices],
    )
    tag = forms.CharField(label="Tag", required=False, max_length=TAG_MAX_LENGTH)
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(key, label) for key, (label, _) in LIST_SORTS.items()],
    )

    def filters(self) -> dict[str, str]:
        """The filters chosen, for listed(); none when they were not understood."""
        return self.cleaned_data if self.is_valid() else {}

    def filter(self, queryset):
        return queryset.listed(**self.filters())


class ImportUploadForm(forms.Form):
    """Step 1 of an import: the file, and the stage for status values the app does not know."""

    file = forms.FileField(
        label="CSV file",
        help_text="Up to 20 MB. Comma, semicolon or tab separated, with the column headings on "
        "the first line. From Excel: File → Save As → “CSV UTF-8”. From Google Sheets: File → "
        "Download → CSV.",
    )
    default_stage = forms.ChoiceField(
        label="Stage for unknown status values",
        choices=Stage.choices,
        initial=Stage.APPLIED,
        help_text="Rows whose status the app does not recognise, or leave empty, get this stage.",
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["file"].widget.attrs["accept"] = ".csv,.tsv,.txt,text/csv"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB; the most is "
                f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB. Split it into smaller files."
            )
        if not upload.name.lower().endswith((".csv", ".tsv", ".txt")):
            raise forms.ValidationError(
                "Upload a CSV file (ending in .csv). From a spreadsheet, save or download it "
                "as CSV first."
            )
        self.data_bytes = upload.read()
        try:
            self.inspected = inspect(self.data_bytes)
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


class ImportMappingForm(forms.Form):
    """Step 2: the field each column goes to, the date order and the stage for unknown values."""

    date_format = forms.ChoiceField(label="Dates like 03/04/2026 are")
    default_stage = forms.ChoiceField(
        label="Stage for unknown status values", choices=Stage.choices
    )

    def __init__(self, *args, batch, preview, **kwargs):
        super().__init__(*args, **kwargs)
        self.batch = batch
        cast(forms.ChoiceField, self.fields["date_format"]).choices = ImportDateFormat.choices
        self.fields["date_format"].help_text = batch.date_format_note
        self.initial.update(date_format=batch.date_format, default_stage=batch.default_stage)
        names = []
        for index, heading in enumerate(batch.headers):
            name = f"column_{index}"
            samples = preview.samples(index)
            self.fields[name] = forms.ChoiceField(
                label=f"Column {index + 1}: “{heading}”",
                choices=Target.CHOICES,
                required=False,
                help_text=(
                    "e.g. " + " · ".join(s[:40] for s in samples) if samples else "Empty so far"
                ),
            )
            self.initial[name] = batch.mapping[index] if index < len(batch.mapping) else ""
            names.append(name)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(*[Column(name, css_class="col-md-6 col-xl-4") for name in names]),
            Row(
                Column("date_format", css_class="col-md-6"),
                Column("default_stage", css_class="col-md-6"),
            ),
        )

    def mapping(self) -> list[str]:
        return [self.cleaned_data.get(f"column_{i}", "") for i in range(len(self.batch.headers))]

    def clean(self):
        cleaned = super().clean()
        for error in mapping_errors(self.mapping(), self.batch.headers):
            self.add_error(None, error)
        return cleaned


class ImportConfirmForm(forms.Form):
    """Step 3: what to do with rows that cannot be imported (all or nothing unless chosen:
    the page offers the choice only when some rows are bad)."""

    mode = forms.ChoiceField(
        label="If some rows cannot be imported",
        choices=ImportMode.choices,
        initial=ImportMode.ALL_OR_NOTHING,
        required=False,
        widget=forms.RadioSelect,
    )

    def clean_mode(self) -> str:
        return self.cleaned_data["mode"] or ImportMode.ALL_OR_NOTHING
