"""Write the synthetic journal exports of docs/journal-imports.md, one per layout in Kazakh and
Russian, and the roll of the register they are imported into (`ROLL`).

Run from the repository: `python tests/data/journal/make_examples.py` (rewrites the .xlsx files
beside this script). The names are invented; each export spells some of them the way journals
do: Latin look-alike letters, «е» for «ё», Kazakh letters as Russian ones, the given name first,
double spaces, the patronymic left out. Every export also has one row for two same-named pupils
(ambiguous) and one for a child the register does not know.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import xlsxwriter

CREATED = datetime(2025, 11, 1)

HERE = Path(__file__).parent

#: (id, full name, class, IIN) of the register's pupils; 5А is Russian-speaking, 5Ә Kazakh.
ROLL = (
    ("R1", "Иванов Пётр Сергеевич", "5А", "140315500013"),
    ("R2", "Смирнова Алёна Викторовна", "5А", ""),
    ("R3", "Петров Илья Андреевич", "5А", ""),
    ("R4", "Ким Денис Олегович", "5А", ""),
    ("R5", "Ким Денис Олегович", "5А", ""),
    ("R6", "Соколова Мария", "5А", ""),
    ("K1", "Әбілқасымова Аружан Серікқызы", "5Ә", ""),
    ("K2", "Жұмабаев Дәулет Асқарұлы", "5Ә", ""),
    ("K3", "Омаров Тимур Ерланұлы", "5Ә", ""),
    ("K4", "Сейітов Нұрлан Маратұлы", "5Ә", ""),
    ("K5", "Сейітов Нұрлан Маратұлы", "5Ә", ""),
    ("K6", "Нұрланова Айгерім", "5Ә", ""),
)

#: How each export writes the pupils, in order: (spelling, the pupil id it is, or None).
RU_NAMES = (
    ("Ивaнов Пётp", "R1"),  # Latin «a» and «p»
    ("Смирнова Алена Викторовна", "R2"),  # «е» for «ё»
    ("Илья Петров", "R3"),  # given name first
    ("Ким Денис", None),  # two pupils of that name: ambiguous
    ("Соколова  Мария", "R6"),  # double space
    ("Сидоров Олег", None),  # not in the register
)
KK_NAMES = (
    ("Абилкасымова Аружан", "K1"),  # Kazakh letters as Russian ones, no patronymic
    ("Дәулет Жұмабаев", "K2"),  # given name first
    ("Oмаров Tимур Ерланұлы", "K3"),  # Latin «O» and «T»
    ("Сейітов Нұрлан", None),  # two pupils of that name: ambiguous
    ("Нұрланова   Айгерім", "K6"),  # several spaces
    ("Қасымов Ержан", None),  # not in the register
)

#: Per pupil of an export (in order): (unexcused, illness, other valid reason, late) lessons.
COUNTS = ((3, 4, 2, 1), (0, 6, 0, 2), (5, 0, 1, 0), (1, 1, 1, 1), (0, 0, 0, 3), (2, 2, 2, 2))
#: Quarter marks per pupil of an export: one column per subject.
MARKS = (
    (2, 3, "н/а", 4, 5),
    (5, 5, 4, 5, 5),
    (2, 2, 3, 3, "н/а"),
    (3, 3, 3, 3, 3),
    (4, "н/а", "н/а", 4, 4),
    (3, 4, 5, 4, 3),
)
SUBJECTS = {
    "ru": ("Русский язык", "Математика", "История Казахстана", "Физика", "Английский язык"),
    "kk": ("Қазақ тілі", "Математика", "Қазақстан тарихы", "Физика", "Ағылшын тілі"),
}
#: The days a pupil's absences fall on in the daily grid (October has lessons on these days).
DAYS = (1, 2, 3, 6, 7, 8, 9, 10, 13, 14, 15, 16, 17, 20, 21, 22, 23, 24, 27, 28, 29, 30, 31)
CODES = {"ru": ("н", "б", "у", "о"), "kk": ("Ж", "А", "Д", "К")}


def names(lang: str) -> tuple[tuple[str, str | None], ...]:
    return RU_NAMES if lang == "ru" else KK_NAMES


def class_name(lang: str) -> str:
    return "5А" if lang == "ru" else "5Ә"


def _book(path: Path):  # noqa: ANN202 - (workbook, worksheet)
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"created": CREATED})  # the same bytes every time it is regenerated
    return book, book.add_worksheet("Sheet1")


def kundelik_totals(path: Path, lang: str) -> None:
    """Layout (a): lessons missed «всего / по болезни», days likewise, late arrivals."""
    book, ws = _book(path)
    if lang == "ru":
        ws.write_string(0, 0, "Посещаемость: Классы")
        ws.write_string(1, 0, f"Класс: {class_name(lang)}")
        ws.write_string(2, 0, "Период: 01.10.2025 - 31.10.2025")
        top = ("№", "ФИО ученика", "Пропущено дней", "", "Пропущено уроков", "", "Опоздания")
        sub = ("", "", "всего", "по болезни", "всего", "по болезни", "")
    else:
        ws.write_string(0, 0, "Сабаққа қатысу: Сыныптар")
        ws.write_string(1, 0, f"Сынып: {class_name(lang)}")
        ws.write_string(2, 0, "Кезең: 01.10.2025 - 31.10.2025")
        top = (
            "№",
            "Оқушының аты-жөні",
            "Жіберілген күндер",
            "",
            "Жіберілген сабақтар",
            "",
            "Кешігу",
        )
        sub = ("", "", "барлығы", "ауруына байланысты", "барлығы", "ауруына байланысты", "")
    ws.write_row(4, 0, top)
    ws.write_row(5, 0, sub)
    for i, ((name, _), (unexcused, ill, valid, late)) in enumerate(
        zip(names(lang), COUNTS, strict=True)
    ):
        total = unexcused + ill + valid
        ws.write_row(6 + i, 0, (i + 1, name, total // 6, ill // 6, total, ill, late))
    book.close()


def reason_totals(path: Path, lang: str) -> None:
    """Layout (a) with explicit reasons: without a valid reason, illness, valid reason, late."""
    book, ws = _book(path)
    if lang == "ru":
        ws.write_string(
            0, 0, f"Пропуски уроков по причинам, {class_name(lang)} класс, октябрь 2025"
        )
        head = (
            "№",
            "ФИО",
            "ИИН",
            "Без уважительной причины",
            "По болезни",
            "По уважительной причине",
            "Опоздания",
        )
    else:
        ws.write_string(0, 0, f"Сабаққа қатысу: Жалпы. {class_name(lang)} сыныбы, қазан 2025")
        head = ("№", "Аты-жөні", "Ж", "А", "Д", "К")
    ws.write_row(2, 0, head)
    iins = {pid: iin for pid, _, _, iin in ROLL}
    for i, ((name, pid), counts) in enumerate(zip(names(lang), COUNTS, strict=True)):
        iin = (
            (iins.get(pid or "", ""),) if lang == "ru" else ()
        )  # the IIN as text: it has 12 digits
        ws.write_row(3 + i, 0, (i + 1, name, *iin, *counts))
    book.close()


def daily_grid(path: Path, lang: str) -> None:
    """Layout (b): one column per day of October, a reason code per absent lesson, totals."""
    book, ws = _book(path)
    title = (
        f"Табель посещаемости, класс {class_name(lang)}, октябрь 2025"
        if lang == "ru"
        else f"Сабаққа қатысу табелі, {class_name(lang)} сыныбы, қазан 2025"
    )
    ws.write_string(0, 0, title)
    name_head = "ФИО учащегося" if lang == "ru" else "Оқушының аты-жөні"
    total_head = "Всего" if lang == "ru" else "Барлығы"
    ws.write_row(2, 0, ("№", name_head, *range(1, 32), total_head))
    for i, ((name, _), counts) in enumerate(zip(names(lang), COUNTS, strict=True)):
        ws.write_row(3 + i, 0, (i + 1, name))
        marks = [code for code, n in zip(CODES[lang], counts, strict=True) for _ in range(n)]
        for day, code in zip(DAYS, marks, strict=False):
            ws.write_string(3 + i, 1 + day, code)
        ws.write_number(3 + i, 33, sum(counts[:3]))
    book.close()


def month_table(path: Path, lang: str) -> None:
    """Layout (c): months across, each with «без ув. / по болезни / по ув.» sub-columns."""
    book, ws = _book(path)
    if lang == "ru":
        ws.write_string(0, 0, f"Пропуски уроков по месяцам, {class_name(lang)} класс")
        months, subs, name_head = (
            ("Сентябрь", "Октябрь"),
            ("без ув. причины", "по болезни", "по ув. причине"),
            "ФИО",
        )
    else:
        ws.write_string(0, 0, f"Жіберілген сабақтар айлар бойынша, {class_name(lang)} сыныбы")
        months, subs, name_head = ("Қыркүйек", "Қазан"), ("Ж", "А", "Д"), "Аты-жөні"
    ws.write_row(2, 0, ("№", name_head))
    for m, month in enumerate(months):
        ws.merge_range(2, 2 + 3 * m, 2, 4 + 3 * m, month)
        ws.write_row(3, 2 + 3 * m, subs)
    for i, ((name, _), counts) in enumerate(zip(names(lang), COUNTS, strict=True)):
        september = tuple(n + 1 for n in counts[:3])  # another month, other numbers
        ws.write_row(4 + i, 0, (i + 1, name, *september, *counts[:3]))
    book.close()


def quarter_marks(path: Path, lang: str) -> None:
    """Layout (d): one column per subject, quarter marks 2–5 and «н/а» (kk «а/б»)."""
    book, ws = _book(path)
    if lang == "ru":
        ws.write_string(0, 0, f"Итоги 2 четверти, класс {class_name(lang)}")
        head = ("№", "ФИО ученика", *SUBJECTS[lang])
    else:
        ws.write_string(0, 0, f"2-тоқсан қорытындысы, {class_name(lang)} сыныбы")
        head = ("№", "Оқушының аты-жөні", *SUBJECTS[lang])
    ws.write_row(2, 0, head)
    for i, ((name, _), marks) in enumerate(zip(names(lang), MARKS, strict=True)):
        shown = [("а/б" if m == "н/а" and lang == "kk" else m) for m in marks]
        ws.write_row(3 + i, 0, (i + 1, name, *shown))
    book.close()


LAYOUTS = {
    "kundelik_totals": kundelik_totals,
    "reason_totals": reason_totals,
    "daily_grid": daily_grid,
    "month_table": month_table,
    "quarter_marks": quarter_marks,
}


def write_all(folder: Path = HERE) -> list[Path]:
    written = []
    for name, write in LAYOUTS.items():
        for lang in ("kk", "ru"):
            path = folder / f"{name}_{lang}.xlsx"
            write(path, lang)
            written.append(path)
    return written


if __name__ == "__main__":
    for path in write_all(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(path)
