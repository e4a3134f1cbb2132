"""Consolidate: a district's schools rolled up from their returns and full registers, on Dask.

The files are read in parallel by `dask.distributed` workers: local worker processes by default
(`workers`, one per core), or the workers of a Dask cluster (`scheduler`, "tcp://host:8786") when a
region outgrows one machine; the cluster's workers must see the files at the same paths and run
the same socpass. Each worker reduces a file to the school's figures or to a refusal saying why
(`files.school_file`), so one school's corrupted, encrypted or erroneous file, or a second return
of a school, is listed and skipped, and the run goes on. Results are taken in input order, so
the district's outputs do not depend on which worker finished first.

Outputs: the district workbook (`render.district_workbook`) and, asked for, the district report
(docx). Nothing pupil-level reaches them: full registers are reduced to aggregates on the
workers. Dask is imported here only, when a district is consolidated, never for other commands.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..core.aggregates import SchoolFigures
from ..core.district import District, Refusal, roll_up
from ..core.findings import SocpassError
from ..core.schema import Text
from ..core.school_year import NOT_A_SCHOOL_YEAR, SchoolYear
from ..files.district_inputs import expand, read_expected
from .job import Job

NOT_XLSX = Text("-o: .xlsx файлы болуы керек ({path}).", "-o: нужен файл .xlsx ({path}).")
NOT_DOCX = Text(
    "--report: .docx файлы болуы керек ({path}).", "--report: нужен файл .docx ({path})."
)
BAD_JOBS = Text(
    "--jobs: жұмыс процестерінің саны 1-ден кем болмауы керек, ал берілгені: {value}.",
    "--jobs: число рабочих процессов должно быть не меньше 1, а указано: {value}.",
)
NO_FILES = Text(
    "Жиынтыққа бірде-бір Excel файлы табылмады ({inputs}).",
    "Не найдено ни одного файла Excel для сводки ({inputs}).",
)
NOTHING_USABLE = Text(
    "Бірде-бір мектептің деректерін пайдалану мүмкін болмады: себептері жоғарыда.",
    "Данные ни одной школы использовать не удалось: причины перечислены выше.",
)
NO_SCHEDULER = Text(
    "Dask кластеріне ({address}) қосылу мүмкін болмады: {error}.",
    "Не удалось подключиться к кластеру Dask ({address}): {error}.",
)
STARTING = Text(
    "Dask: жергілікті жұмыс процестері іске қосылуда ({workers})…",
    "Dask: запускаются локальные рабочие процессы ({workers})…",
)
CONNECTING = Text("Dask кластеріне қосылу: {address}…", "Подключение к кластеру Dask: {address}…")
READING = Text("Мектептердің файлдары", "Файлы школ")
READ_ON = Text(
    "Файлдарды {address} Dask кластері оқыды.", "Файлы прочитаны на кластере Dask {address}."
)
WORKER_FAILED = Text(
    "Dask жұмыс процесі бұл файлды өңдей алмады ({error})",
    "рабочий процесс Dask не смог обработать этот файл ({error})",
)
DONE = Text(
    "Ауданның жиынтығы, {year} оқу жылы: мектептер – {schools} (жиынтықтан – {returns}, толық "
    "тізілімнен – {registers}).",
    "Сводка района за {year} учебный год: школ – {schools} (из сводок – {returns}, из полных "
    "реестров – {registers}).",
)
REFUSED = Text("Есепке алынбаған файлдар – {count}:", "Не учтено файлов – {count}:")
MISSING = Text(
    "Файлы келмеген мектептер – {count}: {schools}",
    "Школы, от которых нет файла – {count}: {schools}",
)
WRITTEN = Text("Аудан бойынша кітап жазылды: {path}", "Сводная книга района записана: {path}")
REPORT_WRITTEN = Text("Аудан бойынша есеп жазылды: {path}", "Отчёт района записан: {path}")
BACKUP = Text("Бұрынғы файлдың көшірмесі: {path}", "Копия прежнего файла: {path}")
#: Seconds to wait for a Dask scheduler given by address.
CONNECT_TIMEOUT = 20


def consolidate(
    job: Job,
    inputs: Sequence[str],
    out: Path,
    report: Path | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    as_of: date | None = None,
    school_year: str | None = None,
    expected: Path | None = None,
    today: date | None = None,
) -> District:
    """Roll up the schools `inputs` name into the district workbook `out` (and `report`)."""
    if out.suffix.lower() != ".xlsx":
        raise SocpassError(NOT_XLSX, path=out)
    if report is not None and report.suffix.lower() != ".docx":
        raise SocpassError(NOT_DOCX, path=report)
    if workers is not None and workers < 1:
        raise SocpassError(BAD_JOBS, value=workers)
    year = _school_year(school_year)
    schools = read_expected(expected) if expected is not None else []
    outputs = [out, *([report] if report is not None else [])]
    files, unmatched = expand(inputs, leave_out=outputs)
    if not files:
        for refusal in unmatched:
            job.warn(f"  {refusal.file}: {refusal.reason(job.lang)}")
        raise SocpassError(NO_FILES, inputs=", ".join(inputs))
    results = _read_on_dask(job, files, as_of, workers, scheduler)
    district = roll_up([*results, *unmatched], year, schools)
    _tell(job, district)
    if not district.schools:
        raise SocpassError(NOTHING_USABLE, exit_code=1)
    _write(job, district, out, report, today or date.today())
    job.outcome.result = district
    return district


def _school_year(text: str | None) -> SchoolYear | None:
    if text is None:
        return None
    year = SchoolYear.read(text)
    if year is None:
        raise SocpassError(NOT_A_SCHOOL_YEAR, value=text)
    return year


def _read_on_dask(
    job: Job, files: list[Path], as_of: date | None, workers: int | None, scheduler: str | None
) -> list[SchoolFigures | Refusal]:
    """Every file read by a Dask worker, the results in the files' order."""
    from dask.distributed import Client, LocalCluster, as_completed

    from ..files.school_file import read_school_or_refusal

    logging.getLogger("distributed").setLevel(logging.ERROR)  # no log lines among ours
    if scheduler:
        job.progress(CONNECTING, address=scheduler)
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as exc:
            raise SocpassError(NO_SCHEDULER, address=scheduler, error=exc) from None
        cluster = None
    else:
        count = min(workers or os.cpu_count() or 1, len(files))
        job.progress(STARTING, workers=count)
        cluster = LocalCluster(
            n_workers=count,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        client = Client(cluster)
    try:
        futures = client.map(
            read_school_or_refusal, [str(f) for f in files], as_of=as_of, pure=False
        )
        for done, _ in enumerate(as_completed(futures), start=1):
            job.advance(done, len(futures), READING)
        if scheduler:  # said once done, for the log too: the files went to that cluster
            job.say(READ_ON, address=scheduler)
        results: list[SchoolFigures | Refusal] = []
        for file, future in zip(files, futures, strict=True):
            try:
                results.append(future.result())
            except Exception as exc:  # a worker lost (killed, out of memory): that file only
                error = f"{type(exc).__name__}: {exc}"
                reason = Text(
                    WORKER_FAILED.kk.format(error=error), WORKER_FAILED.ru.format(error=error)
                )
                results.append(Refusal(str(file), reason))
        return results
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _tell(job: Job, district: District) -> None:
    if district.schools:
        job.say(
            DONE,
            year=str(district.school_year),
            schools=len(district.schools),
            returns=district.count("return"),
            registers=district.count("register"),
        )
    if district.refused:
        job.warn(REFUSED, count=len(district.refused))
        for refusal in district.refused:
            job.warn(f"  {refusal.file}: {refusal.reason(job.lang)}")
    if district.missing:
        names = ", ".join(f"{s.code} {s.name}".strip() for s in district.missing)
        job.warn(MISSING, count=len(district.missing), schools=names)


def _write(job: Job, district: District, out: Path, report: Path | None, today: date) -> None:
    from ..render.district_workbook import write_district_workbook

    written = write_district_workbook(out, district, job.lang, today, backup=out.exists())
    _wrote(job, WRITTEN, out, written.backup)
    if report is not None:
        from ..render.district_report import render_district_report

        written = render_district_report(district, report, job.lang, today, report.exists())
        _wrote(job, REPORT_WRITTEN, report, written.backup)


def _wrote(job: Job, text: Text, path: Path, backup: Path | None) -> None:
    job.wrote(path)
    job.say(text, path=path)
    if backup is not None:
        job.say(BACKUP, path=backup)
