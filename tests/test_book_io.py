"""Reading the register from an open workbook, under xlwings' remote engine (no Excel needed):
the frames and findings must be exactly those the file reader gives for the same workbook.
"""

from __future__ import annotations

import pandas as pd
import pytest
from socpass.excel.book_io import register_from_book
from socpass.files.workbook_file import read_register
from support.records import sample_records, to_values, write_register, write_xlsx
from support.remote_book import book_from_xlsx, payload_from_xlsx


def assert_same_register(path):
    from_file = read_register(path)
    book = book_from_xlsx(path)
    from_book = register_from_book(book)
    assert from_book.lang == from_file.lang
    assert from_book.settings == from_file.settings
    assert from_book.findings == from_file.findings
    assert from_book.frames.keys() == from_file.frames.keys()
    for key, frame in from_file.frames.items():
        pd.testing.assert_frame_equal(from_book.frames[key], frame, obj=key)
    assert book.json()["actions"] == []  # reading writes nothing back
    return from_book


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_remote_book_reads_like_the_file(tmp_path, lang):
    register = assert_same_register(write_register(tmp_path / "r.xlsx", lang))
    assert register.findings == []
    assert len(register.frames["pupils"]) == 3
    assert register.frames["behaviour"]["date"].iloc[0] == pd.Timestamp(2025, 10, 3)


def test_findings_point_at_the_same_cells_when_the_table_does_not_start_at_a1(tmp_path):
    records = sample_records("ru")
    records["pupils"][1]["class"] = "13Б"
    records["attendance"][0]["pupil_id"] = "404"
    values = to_values(records, "ru")
    # the pupils table moved to C4: the used range (and the client's payload) starts there
    values["Учащиеся"] = [[], [], [], *([None, None, *row] for row in values["Учащиеся"])]
    path = write_xlsx(tmp_path / "r.xlsx", values)
    sheet = next(s for s in payload_from_xlsx(path)["sheets"] if s["name"] == "Учащиеся")
    assert sheet["used_range_address"].startswith("C4:")
    register = assert_same_register(path)
    assert [(f.code, f.sheet, f.row, f.column_letter) for f in register.findings] == [
        ("bad_class", "Учащиеся", 6, "F"),
        ("unknown_pupil", "Посещаемость", 2, "A"),
    ]


def test_a_register_written_by_socpass_new_reads_the_same_remotely(tmp_path):
    workbook = pytest.importorskip("socpass.render.workbook")
    frames = {"pupils": read_register(write_register(tmp_path / "src.xlsx")).frames["pupils"]}
    path = workbook.write_register(tmp_path / "new.xlsx", "kk", frames)
    register = assert_same_register(path)
    assert register.frames["pupils"]["id"].tolist() == ["1", "2", "3"]
