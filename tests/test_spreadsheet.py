"""core.spreadsheet: the one rule for every CSV the app writes (the seeker's export, the import's
problem report, the coach's export) and for the cells the importer reads back."""

import codecs
import csv
import io

import pytest

from core.spreadsheet import (
    FORMULA_STARTS,
    ROWS_PER_WRITE,
    csv_response,
    csv_text,
    escape_formula,
    unescape_formula,
)


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_a_cell_a_spreadsheet_would_run_is_written_as_text_and_read_back_unchanged(start):
    cell = f"{start}HYPERLINK(1)"
    assert escape_formula(cell) == f"'{cell}"
    assert unescape_formula(escape_formula(cell)) == cell


@pytest.mark.parametrize("cell", ["plain", "'quoted by the seeker", "", "a=b", "1-2"])
def test_other_cells_are_left_alone(cell):
    assert escape_formula(cell) == cell
    assert unescape_formula(escape_formula(cell)) == cell


def test_every_cell_of_every_row_is_defused_and_none_is_empty():
    rows = [["heading", "=not a formula"], [None, 42, "@mention"]]
    text = "".join(csv_text(rows))
    assert text.startswith("\ufeff") and text.count("\ufeff") == 1
    assert list(csv.reader(io.StringIO(text[1:]))) == [
        ["heading", "'=not a formula"],
        ["", "42", "'@mention"],
    ]


def test_rows_leave_in_batches():
    pieces = list(csv_text([["x"]] * (ROWS_PER_WRITE * 2 + 1)))
    assert len(pieces) == 3


def test_a_download_streams_with_its_file_name():
    response = csv_response([["a"], ["=1+1"]], "some.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="some.csv"'
    data = b"".join(response.streaming_content)
    assert data.startswith(codecs.BOM_UTF8) and data.endswith(b"'=1+1\r\n")
