"""A district's folder consolidated on Dask, as a department would receive it: 10 demo registers
(different seeds and sizes, both languages), 5 returns of other schools, a corrupted file, an
encrypted one and a second return of a school already there. Exactly 15 schools are counted, the
three other files are listed with their reasons, the totals are the sums of the schools' own
`summary --json`, no pupil's name, IIN, birth date or address reaches any output, and a Dask
cluster of two workers gives the same outputs as the default run."""

from __future__ import annotations

import contextlib
import io
import json
import logging
from datetime import date
from pathlib import Path

import pytest
import python_calamine
from docx import Document
from socpass.cli import main
from socpass.core.schema import HISTORY_METRICS
from socpass.demo import generate_demo
from socpass.files.register_file import RegisterFile
from socpass.files.workbook_file import read_register
from socpass.jobs.job import Job, run
from socpass.jobs.return_ import school_return
from socpass.render.workbook import write_register
from support.cli import run_socpass

pytestmark = pytest.mark.slow

AS_OF = "2026-05-25"
TODAY = "2026-06-01"
#: (seed, pupils, language) of the ten registers in the folder and of the five schools that send
#: returns instead.
REGISTERS = [(101 + i, 60 + 15 * i, "kk" if i % 2 else "ru") for i in range(10)]
RETURNED = [(201 + i, 70 + 25 * i, "ru" if i % 2 else "kk") for i in range(5)]


def _register(folder: Path, seed: int, pupils: int, lang: str) -> tuple[Path, dict]:
    frames, settings = generate_demo(pupils=pupils, seed=seed, lang=lang)
    path = write_register(folder / f"school_{seed}_{lang}.xlsx", lang, frames, settings)
    return path, frames["pupils"]


def _summary_json(path: Path) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["summary", str(path), "--json"]) == 0
    return json.loads(out.getvalue())


@pytest.fixture(scope="session")
def district(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("district")
    inbox, schools = root / "inbox", root / "schools"
    inbox.mkdir()
    schools.mkdir()
    pupils, summaries, returns = [], [], []
    for seed, size, lang in REGISTERS:
        path, frame = _register(inbox, seed, size, lang)
        pupils.append(frame)
        summaries.append(_summary_json(path))
    for seed, size, lang in RETURNED:
        path, frame = _register(schools, seed, size, lang)
        pupils.append(frame)
        summaries.append(_summary_json(path))
        job = Job()
        run(
            job, school_return, RegisterFile(path), inbox / f"return_{seed}.xlsx", date(2026, 5, 25)
        )
        assert job.outcome.exit_code == 0, job.outcome.text
        returns.append(inbox / f"return_{seed}.xlsx")
    # a second return of a school already in the folder, under a name sorted after its register
    again = inbox / "zz_return_again.xlsx"
    job = Job()
    run(job, school_return, RegisterFile(inbox / "school_101_ru.xlsx"), again, date(2026, 5, 25))
    returns.append(again)
    corrupted, frame = _register(schools, 301, 80, "kk")
    pupils.append(frame)
    data = corrupted.read_bytes()
    (inbox / "corrupted.xlsx").write_bytes(data[: len(data) // 2])
    locked, frame = _register(schools, 302, 80, "ru")
    pupils.append(frame)
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    with locked.open("rb") as source, (inbox / "encrypted.xlsx").open("wb") as target:
        ooxml.OOXMLFile(source).encrypt("secret", target)

    out = root / "default"
    done = run_socpass(
        "consolidate", inbox, "-o", out / "district.xlsx", "--report", out / "district.docx",
        "--jobs", "2", "--as-of", AS_OF, "--today", TODAY, "--lang", "ru",
    )  # fmt: skip
    return {
        "root": root,
        "inbox": inbox,
        "out": out,
        "done": done,
        "pupils": pupils,
        "summaries": summaries,
        "returns": returns,
    }


def _cells(path: Path) -> dict[str, list[list[object]]]:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def _paragraphs(path: Path) -> list[str]:
    document = Document(str(path))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        texts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return texts


def test_fifteen_schools_are_counted_and_three_files_are_listed_with_their_reasons(district):
    done = district["done"]
    assert done.returncode == 0, done.stderr
    assert "школ – 15 (из сводок – 5, из полных реестров – 10)" in done.stdout
    sheets = _cells(district["out"] / "district.xlsx")
    codes = {row[0] for row in sheets["Школы"][1:]}
    assert len(codes) == 15
    expected = {
        s["school_code"] for s in (_settings(p) for p in district["inbox"].glob("school_*"))
    }
    expected |= {str(_cells(p)["about"][3][1]) for p in district["returns"][:5]}
    assert codes == expected
    risk_rows = [r for r in sheets["Раннее предупреждение"][4:] if r[0]]
    assert {r[0] for r in risk_rows} == codes
    refused = {Path(r[0]).name: r[2] for r in sheets["Не учтено"][1:]}
    assert set(refused) == {"corrupted.xlsx", "encrypted.xlsx", "zz_return_again.xlsx"}
    assert "повреждён" in refused["corrupted.xlsx"]
    assert "защищён паролем" in refused["encrypted.xlsx"]
    assert "уже есть" in refused["zz_return_again.xlsx"]
    assert "school_101_ru.xlsx" in refused["zz_return_again.xlsx"]
    for name in refused:
        assert name in done.stderr
    report = "\n".join(_paragraphs(district["out"] / "district.docx"))
    assert "по данным 15 школ: школ, приславших сводку, – 5; школ, чей полный реестр" in report
    assert "Не учтено файлов – 3" in report
    for name in refused:
        assert name in report


def _settings(path: Path) -> dict[str, object]:
    """The typed settings of a school's register."""
    return read_register(path).settings


def test_district_totals_are_the_sums_of_the_schools_summaries(district):
    totals = {row[7]: row for row in _cells(district["out"] / "district.xlsx")["Район"] if row[7:8]}
    checked = 0
    for metric in HISTORY_METRICS:
        rows = [
            next(r for r in s["rows"] if r["metric"] == metric.key) for s in district["summaries"]
        ]
        for kind in ("pupils", "families"):
            key = f"passport.{metric.key}.{kind}"
            if key not in totals:
                continue
            previous, current = totals[key][2], totals[key][3]
            assert current == sum(r[f"current_{kind}"] for r in rows), key
            assert previous == sum(r[f"previous_{kind}"] for r in rows), key
            checked += 1
    assert checked == 24  # 9 categories, 7 of them with families, 5 registers, 3 meal sources
    assert {s["previous_year"] for s in district["summaries"]} == {"2024-2025"}


def test_no_pupil_detail_reaches_any_output(district):
    needles = set()
    for frame in district["pupils"]:
        for row in frame.itertuples():
            needles |= {row.full_name, " ".join(row.full_name.split()[:2]), row.iin, row.address}
            needles |= {row.birth_date.strftime("%d.%m.%Y"), row.birth_date.date().isoformat()}
            needles |= {row.phone, row.guardian}
    needles.discard("")
    assert len(needles) > 2000
    texts = [t for path in district["returns"] for t in _texts(path)]
    texts += _texts(district["out"] / "district.xlsx")
    texts += _paragraphs(district["out"] / "district.docx")
    assert len(texts) > 10_000
    assert not {n for n in needles for t in texts if n in t}
    # the same scan does find them in a register: it would see a leak
    register = _texts(district["inbox"] / "school_101_ru.xlsx")
    assert len({n for n in needles for t in register if n in t}) > 200


def _texts(path: Path) -> list[str]:
    """Every non-empty cell of every sheet (and the sheet names) as text."""
    texts = []
    for sheet, rows in _cells(path).items():
        texts.append(sheet)
        texts += [_text(cell) for row in rows for cell in row if cell not in ("", None)]
    return texts


def _text(cell: object) -> str:
    if isinstance(cell, date):
        return f"{cell:%d.%m.%Y} {cell.isoformat()}"
    return str(cell)


def test_a_dask_cluster_of_two_workers_gives_the_same_outputs(district):
    from dask.distributed import LocalCluster

    out = district["root"] / "cluster"
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster:  # fmt: skip
        done = run_socpass(
            "consolidate", district["inbox"], "-o", out / "district.xlsx",
            "--report", out / "district.docx", "--scheduler", cluster.scheduler_address,
            "--as-of", AS_OF, "--today", TODAY, "--lang", "ru",
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"на кластере Dask {cluster.scheduler_address}" in done.stdout  # not its own
    for name in ("district.xlsx", "district.docx"):
        assert (out / name).read_bytes() == (district["out"] / name).read_bytes(), name
