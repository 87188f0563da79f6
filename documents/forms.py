"""Upload and rename: the forms only validate (documents.services writes)."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from .filetypes import ACCEPTED, BY_EXTENSION, EXTENSIONS, NotADocument, detect, extension_of
from .models import Document


class DocumentUploadForm(forms.ModelForm):
    """A new version: what it is, its name, and the file, whose type is read from its bytes
    and must agree with its name's extension (a web page renamed .pdf is refused)."""

    file = forms.FileField(label="File")

    class Meta:
        model = Document
        fields = ("kind", "label", "file")

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.owner = owner
        self.max_bytes = settings.DOCUMENT_MAX_BYTES
        self.fields["file"].help_text = (
            f"{ACCEPTED}, up to {filesizeformat(self.max_bytes)}. Only you (and a coach you "
            "invite) can download it."
        )
        self.fields["file"].widget.attrs["accept"] = ",".join(f".{ext}" for ext in EXTENSIONS)

    def clean_label(self):
        return self.cleaned_data["label"].strip()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                f"This file is {filesizeformat(upload.size)}; the most is "
                f"{filesizeformat(self.max_bytes)}. Save it without embedded fonts or large "
                "images, or as a PDF."
            )
        extension = extension_of(upload.name)
        if extension not in EXTENSIONS:
            raise forms.ValidationError(f"Upload a {ACCEPTED} file.")
        try:
            found = detect(upload)
        except NotADocument as refused:
            raise forms.ValidationError(str(refused)) from None
        if found.extension != extension:
            raise forms.ValidationError(
                f"This file is named .{extension} but what is in it is {found.label}, not "
                f"{BY_EXTENSION[extension].label}. Save it again in the format its name says, "
                "or give it the right extension."
            )
        self.cleaned_data["file_type"] = found
        return upload


class DocumentRenameForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ("label",)

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)

    def clean_label(self):
        return self.cleaned_data["label"].strip()
