"""What an uploaded document really is, read from its bytes, never from its name or from the
Content-Type the browser sent: a PDF starts with `%PDF-`; a DOCX is a zip holding
`[Content_Types].xml` and a `word/` folder; an ODT is a zip whose first entry, `mimetype`, says
`application/vnd.oasis.opendocument.text`; a text file decodes as UTF-8 or Windows-1252 and has
no NUL byte. Anything else (a script or a web page renamed .pdf, a zip of something else, a
program) is refused with a message that says what it is not."""

import codecs
import zipfile
from dataclasses import dataclass
from typing import IO

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# How much of a text file is decoded to judge it (a cover letter is far shorter).
TEXT_SAMPLE = 64 * 1024


class NotADocument(ValueError):
    """The file is not one of the accepted kinds; the message says so to the seeker."""


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    label: str


PDF = FileType("pdf", "application/pdf", "PDF")
DOCX = FileType(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word document (DOCX)",
)
ODT = FileType("odt", ODT_MIMETYPE.decode(), "OpenDocument text (ODT)")
TXT_UTF8 = FileType("txt", "text/plain; charset=utf-8", "plain text")
TXT_CP1252 = FileType("txt", "text/plain; charset=windows-1252", "plain text")

# The type each accepted extension promises (a text file may be in either encoding).
BY_EXTENSION = {kind.extension: kind for kind in (PDF, DOCX, ODT, TXT_UTF8)}
EXTENSIONS = tuple(BY_EXTENSION)
ACCEPTED = "PDF, Word (.docx), OpenDocument (.odt) or plain text (.txt)"


def extension_of(name: str) -> str:
    return name.rpartition(".")[2].lower() if "." in name else ""


def detect(file: IO[bytes]) -> FileType:
    """The type of `file` (read from its start, left at its start), or NotADocument."""
    file.seek(0)
    head = file.read(TEXT_SAMPLE)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return _zipped(file)
    return _text(head)


def _zipped(file: IO[bytes]) -> FileType:
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            first = entries[0] if entries else None
            if (
                first
                and first.filename == "mimetype"
                and first.file_size <= len(ODT_MIMETYPE)
                and archive.read(first).strip() == ODT_MIMETYPE
            ):
                return ODT
            if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
                if "word/vbaProject.bin" in names:
                    raise NotADocument(
                        "This Word document contains macros. Save it as a plain .docx "
                        "(File → Save As → Word Document) and upload that."
                    )
                return DOCX
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError):
        raise NotADocument(
            "This file looks like a zip archive but cannot be opened: it may be damaged."
        ) from None
    finally:
        file.seek(0)
    raise NotADocument(
        f"This is a zip archive, not a Word (.docx) or OpenDocument (.odt) document. "
        f"Upload a {ACCEPTED} file."
    )


def _text(head: bytes) -> FileType:
    complete = len(head) < TEXT_SAMPLE
    kind = _text_encoding(head, complete=complete) if b"\x00" not in head else None
    if kind is None:
        raise NotADocument(
            f"This file is not a document we accept (a {ACCEPTED} file). "
            "If it is one, save it again from your word processor."
        )
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"<", b"#!")):
        raise NotADocument(
            "This file is a web page or a script, not a resume or a cover letter. "
            f"Upload a {ACCEPTED} file."
        )
    return kind


def _text_encoding(head: bytes, *, complete: bool) -> FileType | None:
    """UTF-8 when it decodes as such (the sample may end inside a character: no error unless
    it is the whole file), else Windows-1252 when that decodes (a few bytes are undefined)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=complete)
    except UnicodeDecodeError:
        pass
    else:
        return TXT_UTF8
    try:
        head.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return TXT_CP1252
