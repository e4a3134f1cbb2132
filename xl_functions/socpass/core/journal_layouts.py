"""Read what electronic journals export (Kundelik, BilimClass, Mektep, eMaktab…): one sheet's cells
to per-pupil counts in the register's terms. No files here (`files.journal_file` reads them).

The layouts (documented with examples in docs/journal-imports.md):

- `totals`: per pupil, lessons missed in total and by illness, and late arrivals (Kundelik's
  «Посещаемость: Классы» / «Сабаққа қатысу»), or explicit reason columns (without a valid reason,
  by illness, with a valid reason, late; kk codes Ж/А/Д/К) — for one month;
- `grid`: one column per day of a month, the reason code of each absence in the cells;
- `months`: one column per month (possibly with reason sub-columns);
- `marks`: quarter marks, one column per subject (2–5, «н/а»), or ready counts of 2s and «н/а».

What an export does not say is not guessed: "total" and "by illness" alone do not tell how many
lessons were missed without a valid reason, and illness without the other valid reasons is not
all of `missed_excused`: such a column is left out, and said once (`JournalTable.problems`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from .findings import SocpassError
from .schema import MONTH_ORDER, Text, header_variants, normalize_header, sheet
from .values import CellError, display, is_blank, to_class, to_iin

UNEXCUSED, ILLNESS, VALID, LATE, TOTAL = "unexcused", "illness", "valid", "late", "total"
EXCUSED = "excused"  # illness and other valid reasons together: a column `--map`ped so
#: The register columns an import writes, by the reason they count.
ABSENCE_COLUMNS = ("missed_unexcused", "missed_excused", "late")
MARK_COLUMNS = ("failing_subjects", "not_attested")

# ------------------------------------------------------------------ the words journals use


def _folded(*texts: str) -> frozenset[str]:
    return frozenset(normalize_header(t) for t in texts)


NAME_HEADERS = _folded(
    "ФИО",
    "Ф.И.О.",
    "ФИО ученика",
    "ФИО учащегося",
    "Фамилия, имя",
    "Фамилия имя отчество",
    "Ученик",
    "Учащийся",
    "Обучающийся",
    "Аты-жөні",
    "Оқушының аты-жөні",
    "Оқушының Т.А.Ә.",
    "Т.А.Ә.",
    "Оқушы",
    "Білім алушы",
    "Білім алушының аты-жөні",
    "Тегі, аты",
)
IIN_HEADERS = _folded("ИИН", "ЖСН", "ИИН ученика", "Оқушының ЖСН", "IIN")
CLASS_HEADERS = _folded("Класс", "Сынып")
#: Reason words of column headers and title rows (folded), and the one-letter codes of the
#: cells of a daily grid and of headers: kk Ж/А/Д/К, ru н/б/у/п/о.
REASON_WORDS: dict[str, frozenset[str]] = {
    UNEXCUSED: _folded(
        "без уважительной причины",
        "без ув. причины",
        "без уважит. причины",
        "по неуважительной причине",
        "неуважительная",
        "прогул",
        "прогулы",
        "дәлелсіз",
        "дәлелсіз себеппен",
        "дәлелсіз себеппен жіберген",
        "себепсіз",
        "Ж",
        "Н",
        "П",
    ),
    ILLNESS: _folded(
        "по болезни",
        "болезнь",
        "болел",
        "ауруына байланысты",
        "ауруы бойынша",
        "ауырған",
        "ауру",
        "А",
        "Б",
    ),
    VALID: _folded(
        "по уважительной причине",
        "уважительная",
        "по ув. причине",
        "дәлелді",
        "дәлелді себеппен",
        "дәлелді себеппен жіберген",
        "Д",
        "У",
    ),
    LATE: _folded(
        "опоздания", "опоздание", "опозданий", "кол-во опозданий", "кешігу", "кешігулер", "К", "О"
    ),
    TOTAL: _folded("всего", "итого", "барлығы", "жалпы", "всего пропущено", "барлық"),
}
#: Codes of a daily grid's cells, per reason (lower case; a number may stand with one: «2н»).
GRID_CODES = {
    "ж": UNEXCUSED,
    "н": UNEXCUSED,
    "п": UNEXCUSED,
    "а": ILLNESS,
    "б": ILLNESS,
    "д": VALID,
    "у": VALID,
    "к": LATE,
    "о": LATE,
}
_GRID_CELL = re.compile(r"^(\d*)\s*([а-яәіңғүұқөһa-z]{1,2})\s*(\d*)$")
#: Group headers over "total / by illness" sub-columns: lessons (read), days (not: the register
#: counts lessons).
LESSON_GROUPS = _folded(
    "пропущено уроков", "уроков", "уроки", "жіберілген сабақтар", "сабақ", "сабақтар"
)
DAY_GROUPS = _folded("пропущено дней", "дней", "дни", "жіберілген күндер", "күн", "күндер")
#: A totals or average row's name begins with these words (lower case): «Итого по классу:»,
#: «Сынып бойынша барлығы», «Средний балл», «Орташа балл».
TOTALS_LABELS = (
    ("итого",),
    ("всего",),
    ("барлығы",),
    ("жиыны",),
    ("сынып", "бойынша"),
    ("средний", "балл"),
    ("орташа", "балл"),
)
MARK_VALUES = {"2", "3", "4", "5"}
NOT_ATTESTED = _folded(
    "н/а", "на", "не аттестован", "а/б", "аб", "аттестацияланбады", "аттестатталмады"
)

# ------------------------------------------------------------------------------- messages

NOT_RECOGNISED = Text(
    "«{file}»: журнал үлгісі танылмады. Күтілетіні: оқушының аты-жөні бағаны және "
    "{expected_kk}. Үлгілер мен мысалдар: docs/journal-imports.md; басқаша аталған бағанды "
    '--map "экспорттағы бағанның аты=тізілім бағаны" арқылы көрсетуге болады.',
    "«{file}»: формат журнала не распознан. Ожидается столбец с ФИО учащегося и "
    "{expected_ru}. Форматы и примеры: docs/journal-imports.md; иначе названный столбец можно "
    'указать через --map "столбец выгрузки=столбец реестра".',
)
EXPECTED_ATTENDANCE = Text(
    "не жіберілген сабақтар бағандары (барлығы / ауруына байланысты / дәлелсіз / дәлелді / "
    "кешігу немесе Ж, А, Д, К), не ай күндерінің бағандары (1…31), не айлар бағандары "
    "(Қыркүйек, Қазан…)",
    "либо столбцы пропусков (всего / по болезни / без уважительной причины / по уважительной "
    "причине / опоздания или н, б, у, п, о), либо столбцы дней месяца (1…31), либо столбцы месяцев "
    "(Сентябрь, Октябрь…)",
)
EXPECTED_MARKS = Text(
    "пәндер бағандары (бағалар 2–5, «н/а») немесе «2» саны бағаны",
    "столбцы предметов (оценки 2–5, «н/а») или столбец с числом «2» (двоек)",
)
LOOKS_LIKE_MARKS = Text(
    "«{file}»: бұл сабаққа қатысу емес, тоқсандық бағалар экспортына ұқсайды; оны «socpass "
    "import marks» командасымен импорттаңыз.",
    "«{file}»: это похоже не на посещаемость, а на выгрузку четвертных оценок; импортируйте её "
    "командой «socpass import marks».",
)
LOOKS_LIKE_ATTENDANCE = Text(
    "«{file}»: бұл тоқсандық бағалар емес, сабаққа қатысу экспортына ұқсайды; оны «socpass "
    "import attendance» командасымен импорттаңыз.",
    "«{file}»: это похоже не на четвертные оценки, а на выгрузку посещаемости; импортируйте её "
    "командой «socpass import attendance».",
)
NO_PERIOD = Text(
    "«{file}»: файлдың тақырыбында {what_kk} көрсетілмеген; оны {option} арқылы беріңіз.",
    "«{file}»: в заголовке файла не указан {what_ru}; задайте его через {option}.",
)
WHAT_MONTH = Text("айы", "месяц")
WHAT_QUARTER = Text("тоқсаны", "номер четверти")
WHAT_CLASS = Text("сыныбы", "класс")
PERIOD_DIFFERS = Text(
    "«{file}»: файлдың тақырыбында {what_kk} — {found}, ал {option} параметрінде — {given}; "
    "қайсысы дұрыс екенін тексеріңіз.",
    "«{file}»: в заголовке файла {what_ru} — {found}, а в параметре {option} — {given}; "
    "проверьте, какое значение верно.",
)
SEVERAL_MONTHS = Text(
    "«{file}»: кезең бірнеше айды қамтиды ({start}-ай – {end}-ай), ал тізілім әр айды бөлек сақтайды; "
    "журналдан әр айдың есебін бөлек шығарыңыз.",
    "«{file}»: период охватывает несколько месяцев (с {start}-го по {end}-й), а реестр хранит каждый "
    "месяц отдельно; выгрузите отчёт из журнала за каждый месяц отдельно.",
)
SUMMER_MONTH = Text(
    "«{file}»: {month}-ай оқу жылының айы емес (қыркүйек–мамыр).",
    "«{file}»: месяц {month} не входит в учебный год (сентябрь–май).",
)
NO_UNEXCUSED = Text(
    "«{file}»: экспортта тек «барлығы» мен «ауруына байланысты» бар, дәлелсіз себеппен "
    "жіберілген сабақ саны онда жоқ (айырмасында дәлелді де, дәлелсіз де себептер бар): «Дәлелсіз "
    "жіберді» бағаны импортталмайды. «Дәлелді жіберді» бағаны да импортталмайды: онда ауруына "
    "байланысты және басқа дәлелді себептермен жіберілгендер бірге саналады, ал соңғылары "
    "экспортта жоқ; тізілімдегі мәндер өзгермейді. Дәлелсіз себеппен жіберілген сабақтарды "
    "журналдың себептері көрсетілген есебінен (Ж, А, Д, К) алыңыз.",
    "«{file}»: в выгрузке есть только «всего» и «по болезни», а числа уроков, пропущенных без "
    "уважительной причины, в ней нет (в разнице — и уважительные, и неуважительные причины): "
    "столбец «Пропущено без уважительной причины» не импортируется. Столбец «Пропущено по "
    "уважительной причине» тоже не импортируется: в нём пропуски и по болезни, и по другим "
    "уважительным причинам вместе, а вторых в выгрузке нет; значения в реестре остаются "
    "прежними. Пропуски без уважительной причины возьмите из отчёта журнала с причинами "
    "(н, б, у, п, о).",
)
NO_EXCUSED = Text(
    "«{file}»: экспортта «{missing_kk}» бағаны жоқ, ал тізілімдегі «Дәлелді жіберді» — ауруына "
    "байланысты және басқа дәлелді себептермен жіберілген сабақтардың қосындысы: бұл баған "
    "импортталмайды, тізілімдегі мәндер өзгермейді.",
    "«{file}»: в выгрузке нет столбца «{missing_ru}», а «Пропущено по уважительной причине» в "
    "реестре — это пропуски и по болезни, и по другим уважительным причинам вместе: этот "
    "столбец не импортируется, значения в реестре остаются прежними.",
)
NO_REASON = Text(
    "«{file}»: айлар кестесінде жіберілген сабақтардың себебі көрсетілмеген (тақырыпта да, "
    "бағандарда да): дәлелсіз бе, дәлелді ме — белгісіз, сондықтан ештеңе импортталмайды. "
    "Тақырыпқа себебін жазыңыз (мысалы «дәлелсіз себеппен») немесе себептері бар есепті "
    "шығарыңыз.",
    "«{file}»: в таблице по месяцам не указана причина пропусков (ни в заголовке, ни в "
    "столбцах): неизвестно, уважительная она или нет, поэтому ничего не импортируется. Укажите "
    "причину в заголовке (например «без уважительной причины») или выгрузите отчёт с причинами.",
)
BAD_NUMBER = Text(
    "«{file}», {row}-жол, {header} бағаны: «{value}» — сан емес; жол импортталмайды.",
    "«{file}», строка {row}, столбец {header}: «{value}» — не число; строка не импортируется.",
)
UNKNOWN_CODE = Text(
    "«{file}», {row}-жол, {day}-күн: «{value}» белгісі танылмады (күтілетіні: {codes}); "
    "жол импортталмайды.",
    "«{file}», строка {row}, день {day}: отметка «{value}» не распознана (ожидается: {codes}); "
    "строка не импортируется.",
)
UNKNOWN_MARK = Text(
    "«{file}», {row}-жол, {header} бағаны: «{value}» — баға емес (2–5 немесе «н/а» күтілді); "
    "жол импортталмайды.",
    "«{file}», строка {row}, столбец {header}: «{value}» — не оценка (ожидается 2–5 или "
    "«н/а»); строка не импортируется.",
)
DO_NOT_ADD_UP = Text(
    "«{file}», {row}-жол: себептер бойынша сандардың қосындысы «барлығы» санынан көп; жол "
    "импортталмайды.",
    "«{file}», строка {row}: сумма по причинам больше, чем «всего»; строка не импортируется.",
)
BAD_MAP = Text(
    "--map {value}: «экспорттағы бағанның аты=тізілім бағаны» түрінде жазыңыз.",
    "--map {value}: пишите в виде «столбец выгрузки=столбец реестра».",
)
NOT_A_COLUMN = Text(
    "--map {value}: {column} — тізілім бағаны емес. Тізілім бағандары (атауы немесе кілті): "
    "{columns}.",
    "--map {value}: {column} — не столбец реестра. Столбцы реестра (название или ключ): {columns}.",
)
MAP_NOT_FOUND = Text(
    "«{file}»: --map параметріндегі {header} бағаны файлда табылмады. Файлдағы бағандар: "
    "{headers}.",
    "«{file}»: столбец {header} из параметра --map в файле не найден. Столбцы файла: {headers}.",
)

#: How a missing reason column is named in a message.
REASON_HEADERS = {
    ILLNESS: Text("ауруына байланысты", "по болезни"),
    VALID: Text("дәлелді себеппен", "по уважительной причине"),
}

LAYOUT_NAMES = {
    "totals": Text("себептер бойынша жиынтық", "итоги по причинам"),
    "grid": Text("ай күндері бойынша кесте", "сетка по дням месяца"),
    "months": Text("айлар бойынша кесте", "таблица по месяцам"),
    "marks": Text("тоқсандық бағалар", "четвертные оценки"),
    "mark_counts": Text("«2» мен «н/а» сандары", "число «2» и «н/а»"),
}

# --------------------------------------------------------------------------- the result


@dataclass(frozen=True)
class Problem:
    """A row of the export that cannot be read, or a column left out: said, never guessed."""

    text: Text
    params: Mapping[str, object]


@dataclass
class ExportRow:
    row: int  # the Excel row number
    name: str
    iin: str | None
    class_name: str | None  # the row's own class column, when the export has one
    #: (month or quarter key, register column) -> count
    counts: dict[tuple[str, str], int] = field(default_factory=dict)


@dataclass
class JournalTable:
    layout: str
    class_name: str | None
    periods: tuple[str, ...]  # month numbers ("10") or quarters ("2") as the register keys them
    rows: list[ExportRow]
    problems: list[Problem] = field(default_factory=list)
    left_out: int = 0  # rows not read at all, for a reason `problems` gives once for the file


class ColumnMap(dict[str, str]):
    """`--map`: folded export header -> register column key; `written` keeps each header as
    the user gave it, for a message."""

    def __init__(self) -> None:
        super().__init__()
        self.written: dict[str, str] = {}


@dataclass(frozen=True)
class Hints:
    """What the command line says about the export: class, month, quarter, header mapping."""

    class_name: str | None = None
    month: int | None = None
    quarter: int | None = None
    mapping: ColumnMap = field(default_factory=ColumnMap)


MAP_TARGETS = ("full_name", "iin", *ABSENCE_COLUMNS, *MARK_COLUMNS)


def in_quotes(text: str) -> str:
    """`text` quoted in a message: «…», or „…“ when it holds «» itself («2» пәндер)."""
    return f"„{text}“" if "«" in text or "»" in text else f"«{text}»"


def parse_map(values: Sequence[str]) -> ColumnMap:
    """`--map "export header=register column"` (the register column by its header in kk or ru,
    or its key) -> {folded export header: column key}."""
    mapping = ColumnMap()
    columns = {v: key for key in MAP_TARGETS for v in header_variants(_target_column(key))}
    shown = "; ".join(
        f"{key} ({in_quotes(_target_column(key).header.kk)} / "
        f"{in_quotes(_target_column(key).header.ru)})"
        for key in MAP_TARGETS
    )
    for value in values:
        left, sep, right = value.rpartition("=")
        if not sep or not left.strip() or not right.strip():
            raise SocpassError(BAD_MAP, exit_code=2, value=in_quotes(value))
        key = columns.get(normalize_header(right))
        if key is None:
            raise SocpassError(
                NOT_A_COLUMN,
                exit_code=2,
                value=in_quotes(value),
                column=in_quotes(right.strip()),
                columns=shown,
            )
        mapping[normalize_header(left)] = key
        mapping.written[normalize_header(left)] = left.strip()
    return mapping


def _target_column(key: str):  # noqa: ANN202 - a schema Column
    for sheet_key in ("pupils", "attendance", "academic"):
        if key in sheet(sheet_key).column_keys:
            return sheet(sheet_key).column(key)
    raise KeyError(key)


# --------------------------------------------------------------------------- the header


@dataclass
class _Header:
    row: int  # 0-based index of the header row
    data_from: int  # 0-based index of the first data row
    groups: list[str]  # folded top header per column (a merged group spreads right)
    subs: list[str]  # folded sub-header per column ("" without one)
    raw: list[object]  # the header cells as written, for a day's or month's number
    name_col: int
    iin_col: int | None
    class_col: int | None
    shown: list[str]  # group and sub-header per column as written, for messages

    def label(self, col: int) -> str:
        """The column's header as the export writes it («Пропущено уроков всего»)."""
        return self.shown[col] if col < len(self.shown) else ""

    def key(self, col: int) -> str:
        """The header folded, as `--map` names it."""
        return normalize_header(self.label(col))


def _find_header(cells: Sequence[Sequence[object]], mapping: Mapping[str, str]) -> _Header | None:
    names = NAME_HEADERS | {h for h, k in mapping.items() if k == "full_name"}
    for r, row in enumerate(cells[:30]):
        folded = [normalize_header(v) if not is_blank(v) else "" for v in row]
        if not any(f in names for f in folded):
            continue
        name_col = next(c for c, f in enumerate(folded) if f in names)
        iins = IIN_HEADERS | {h for h, k in mapping.items() if k == "iin"}
        iin_col = next((c for c, f in enumerate(folded) if f in iins), None)
        class_col = next((c for c, f in enumerate(folded) if f in CLASS_HEADERS), None)
        groups, shown, last = [], [], 0
        for c, f in enumerate(folded):
            last = c if f or c <= name_col else last  # a merged group spreads right
            groups.append(folded[last] if f or c > name_col else "")
            shown.append(display(row[last]) if f or c > name_col else "")
        nxt = cells[r + 1] if r + 1 < len(cells) else []
        has_sub = (
            len(nxt) > name_col
            and is_blank(nxt[name_col])
            and any(not is_blank(v) for v in nxt[name_col + 1 :])
        )
        subs = [normalize_header(v) if not is_blank(v) else "" for v in nxt] if has_sub else []
        subs += [""] * (len(folded) - len(subs))
        if has_sub:
            below = [display(v) for v in nxt] + [""] * (len(shown) - len(nxt))
            shown = [f"{g} {b}".strip() for g, b in zip(shown, below, strict=False)]
        return _Header(
            r, r + 1 + int(has_sub), groups, subs, list(row), name_col, iin_col, class_col, shown
        )
    return None


# --------------------------------------------------------------------------- the title


@dataclass(frozen=True)
class _Title:
    text: str
    class_name: str | None
    months: tuple[int, ...]  # every month named or dated, in order
    quarter: int | None


_MONTH_STEMS = {
    9: ("сентябр", "қыркүйек"),
    10: ("октябр", "қазан"),
    11: ("ноябр", "қараша"),
    12: ("декабр", "желтоқсан"),
    1: ("январ", "қаңтар"),
    2: ("феврал", "ақпан"),
    3: ("март", "наурыз"),
    4: ("апрел", "сәуір"),
    5: ("мая", "май", "мамыр"),
    6: ("июн", "маусым"),
    7: ("июл", "шілде"),
    8: ("август", "тамыз"),
}
_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{2,4})\b")
_QUARTER = re.compile(r"\b([1-4]|IV|I{1,3})\s*[-–]?\s*(?:четверт|тоқсан)", re.IGNORECASE)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_CLASS_IN_TITLE = re.compile(
    r"(?:класс|сыны)\w*\s*:?\s*(\d{1,2}\s*[-\s«\"']?\s*[А-ЯӘA-Z])(?![а-яәa-z])"
    r"|\b(\d{1,2}\s*[-\s«\"']?\s*[А-ЯӘA-Z])\s*[»\"']?\s*(?:класс|сыны)",
    re.IGNORECASE,
)


def _title(rows: Sequence[Sequence[object]]) -> _Title:
    text = " ".join(display(v) for row in rows for v in row if not is_blank(v))
    if any(isinstance(v, datetime | date) for row in rows for v in row):
        dated = [v for row in rows for v in row if isinstance(v, datetime | date)]
        months = tuple(dict.fromkeys(d.month for d in dated))
    else:
        months = tuple(dict.fromkeys(int(m) for _, m, _ in _DATE.findall(text)))
    if not months:
        months = _named_months(text)
    quarter = None
    if found := _QUARTER.search(text):
        q = found.group(1).upper()
        quarter = _ROMAN.get(q) or int(q)
    class_name = None
    if found := _CLASS_IN_TITLE.search(text):
        try:
            class_name = to_class(found.group(1) or found.group(2))
        except CellError:
            class_name = None
    return _Title(text, class_name, months, quarter)


def _named_months(text: str) -> tuple[int, ...]:
    words = re.findall(r"\w+", text.lower())
    found = []
    for word in words:
        for month, stems in _MONTH_STEMS.items():
            if any(word.startswith(s) for s in stems) and (
                len(word) <= len(max(stems, key=len)) + 3
            ):
                found.append(month)
    return tuple(dict.fromkeys(found))


def _month_of_header(value: object) -> int | None:
    """A month column's header: a month's name in kk or ru («Қазан», «Октябрь») or a date."""
    if isinstance(value, datetime | date):
        return value.month
    months = _named_months(display(value))
    return months[0] if len(months) == 1 else None


# --------------------------------------------------------------------------- parsing


def parse_export(
    cells: Sequence[Sequence[object]], file: str, kind: str, hints: Hints
) -> JournalTable:
    """One export sheet's cells as counts per pupil; `kind` is "attendance" or "marks".

    Raises `SocpassError` (exit 2) for a layout it does not know and for a class or period
    neither the file nor the hints give."""
    header = _find_header(cells, hints.mapping)
    expected = EXPECTED_ATTENDANCE if kind == "attendance" else EXPECTED_MARKS
    _check_mapped(cells, header, hints.mapping, file)
    if header is None:
        raise _not_recognised(file, expected)
    title = _title(cells[: header.row])
    data = [(r + 1, row) for r, row in enumerate(cells) if r >= header.data_from]
    class_name = _class(title, hints, header, file)
    _check_kind(header, data, file, kind, hints)
    if kind == "marks":
        table = _marks(header, data, file, hints)
        quarter = _period(title.quarter, hints.quarter, WHAT_QUARTER, "--quarter", file)
        table.periods = (str(quarter),)
        for row in table.rows:
            row.counts = {(str(quarter), col): n for (_, col), n in row.counts.items()}
    else:
        table = _attendance(header, data, file, hints, title)
    table.class_name = class_name
    return table


def _check_kind(
    header: _Header, data: list[tuple[int, Sequence[object]]], file: str, kind: str, hints: Hints
) -> None:
    """An export of the other kind than the command's is named so, with the command to use."""
    if kind == "attendance" and not _looks_like_attendance(header, hints):
        if _subject_columns(header, data):
            raise SocpassError(LOOKS_LIKE_MARKS, exit_code=2, file=file)
    elif kind == "marks" and _looks_like_attendance(header, hints):
        try:
            _marks(header, data, file, hints)
        except SocpassError:
            raise SocpassError(LOOKS_LIKE_ATTENDANCE, exit_code=2, file=file) from None


def _check_mapped(
    cells: Sequence[Sequence[object]], header: _Header | None, mapping: ColumnMap, file: str
) -> None:
    """Every `--map` header must be in the file: else say so, listing the file's headers."""
    if header is not None:
        labels = [label for label in header.shown if label]
        present = {header.key(c) for c in range(len(header.shown))}
        present |= set(header.groups) | set(header.subs)
    else:  # no name header: the fullest of the first rows
        row = max(cells[:30], key=lambda r: sum(not is_blank(v) for v in r), default=[])
        labels = [display(v) for v in row if not is_blank(v)]
        present = {normalize_header(v) for r in cells[:30] for v in r if not is_blank(v)}
    for folded in mapping:
        if folded not in present:
            raise SocpassError(
                MAP_NOT_FOUND,
                exit_code=2,
                file=file,
                header=in_quotes(mapping.written.get(folded, folded)),
                headers=", ".join(in_quotes(label) for label in labels),
            )


def _not_recognised(file: str, expected: Text) -> SocpassError:
    return SocpassError(
        NOT_RECOGNISED, exit_code=2, file=file, expected_kk=expected.kk, expected_ru=expected.ru
    )


def _said(what: Text) -> dict[str, str]:
    return {"what_kk": what.kk, "what_ru": what.ru}


def _class(title: _Title, hints: Hints, header: _Header, file: str) -> str | None:
    if header.class_col is not None:
        return hints.class_name  # each row says its own class
    if title.class_name and hints.class_name and title.class_name != hints.class_name:
        raise SocpassError(
            PERIOD_DIFFERS,
            file=file,
            found=title.class_name,
            option="--class",
            given=hints.class_name,
            **_said(WHAT_CLASS),
        )
    found = title.class_name or hints.class_name
    if found is None:
        raise SocpassError(NO_PERIOD, file=file, option="--class", **_said(WHAT_CLASS))
    return found


def _period(found: int | None, given: int | None, what: Text, option: str, file: str) -> int:
    if found is not None and given is not None and found != given:
        raise SocpassError(
            PERIOD_DIFFERS, file=file, found=found, option=option, given=given, **_said(what)
        )
    period = found if found is not None else given
    if period is None:
        raise SocpassError(NO_PERIOD, file=file, option=option, **_said(what))
    return period


def _one_month(title: _Title, hints: Hints, file: str) -> int:
    if len(title.months) > 1:
        raise SocpassError(SEVERAL_MONTHS, file=file, start=title.months[0], end=title.months[-1])
    month = _period(
        title.months[0] if title.months else None, hints.month, WHAT_MONTH, "--month", file
    )
    if month not in MONTH_ORDER:
        raise SocpassError(SUMMER_MONTH, file=file, month=month)
    return month


def _reason(text: str) -> str | None:
    for reason, words in REASON_WORDS.items():
        if text in words:
            return reason
    return None


def _reason_in(text: str) -> str | None:
    """The reason a longer text (a title, a group header) names, if exactly one."""
    folded = normalize_header(text)
    found = {
        reason
        for reason, words in REASON_WORDS.items()
        if reason != TOTAL
        for w in words
        if len(w) > 2 and w in folded
    }
    return found.pop() if len(found) == 1 else None


def _attendance(
    header: _Header,
    data: list[tuple[int, Sequence[object]]],
    file: str,
    hints: Hints,
    title: _Title,
) -> JournalTable:
    dated, days = _day_columns(header)
    if len(days) >= 5:
        if dated and not title.months:  # days written as dates: they say the month
            title = replace(title, months=tuple(dict.fromkeys(v.month for v in dated.values())))
        month = _one_month(title, hints, file)
        return _grid(header, data, file, days, str(month))
    months = _month_columns(header)
    if len(months) >= 2:
        return _months(header, data, file, hints, title, months)
    columns = _reason_columns(header, hints)
    if columns:
        month = _one_month(title, hints, file)
        return _totals(header, data, file, columns, str(month))
    raise _not_recognised(file, EXPECTED_ATTENDANCE)


def _day_columns(header: _Header) -> tuple[dict[int, date], dict[int, int]]:
    """The columns headed by dates, and by days of a month (from the dates, else numbers)."""
    raw = header.raw
    dated = {c: v for c, v in enumerate(raw) if c > header.name_col and isinstance(v, date)}
    days = {c: v.day for c, v in dated.items()} or {
        c: int(display(v))
        for c, v in enumerate(raw)
        if c > header.name_col and display(v).isdigit() and 1 <= int(display(v)) <= 31
    }
    return dated, days


def _month_columns(header: _Header) -> dict[int, int]:
    raw = header.raw
    return {c: m for c, v in enumerate(raw) if c > header.name_col and (m := _month_of_header(v))}


def _looks_like_attendance(header: _Header, hints: Hints) -> bool:
    return (
        len(_day_columns(header)[1]) >= 5
        or len(_month_columns(header)) >= 2
        or bool(_reason_columns(header, hints))
    )


def _reason_columns(header: _Header, hints: Hints) -> dict[int, str]:
    """Column -> reason of a totals export: by `--map`, by its header, or by its sub-header under
    a lessons group («Пропущено уроков: всего / по болезни»); days missed are not read (the
    register counts lessons)."""
    found: dict[int, str] = {}
    mapped_reasons = {"missed_unexcused": UNEXCUSED, "missed_excused": EXCUSED, "late": LATE}
    for c in range(header.name_col + 1, len(header.groups)):
        group, sub = header.groups[c], header.subs[c]
        mapped = hints.mapping.get(header.key(c)) or hints.mapping.get(sub)
        if mapped in mapped_reasons:
            found[c] = mapped_reasons[mapped]
        elif sub and group in LESSON_GROUPS:
            if reason := _reason(sub) or _reason_in(sub):
                found[c] = reason
        elif group in DAY_GROUPS or sub:
            continue
        elif reason := _reason(group) or _reason_in(group):
            found[c] = reason
    return found


def _number(value: object, row: int, label: str, file: str) -> int | Problem:
    if is_blank(value):
        return 0
    text = display(value)
    if text.isdigit():
        return int(text)
    return Problem(
        BAD_NUMBER, {"file": file, "row": row, "header": in_quotes(label), "value": text}
    )


def _new_row(header: _Header, excel_row: int, row: Sequence[object]) -> ExportRow | None:
    def cell(c: int | None) -> object:
        return row[c] if c is not None and c < len(row) else None

    name = display(cell(header.name_col))
    if not name or _is_totals_label(name):
        return None
    iin = None
    if not is_blank(cell(header.iin_col)):
        try:
            iin = to_iin(cell(header.iin_col))
        except CellError:
            iin = None
    class_name = None
    if not is_blank(cell(header.class_col)):
        try:
            class_name = to_class(cell(header.class_col))
        except CellError:
            class_name = display(cell(header.class_col))
    return ExportRow(excel_row, name, iin, class_name)


def _is_totals_label(name: str) -> bool:
    """A totals or average row («Итого по классу:», «Средний балл»), not a pupil."""
    words = tuple(re.findall(r"\w+", name.lower()))
    return any(words[: len(label)] == label for label in TOTALS_LABELS)


def _totals(
    header: _Header,
    data: list[tuple[int, Sequence[object]]],
    file: str,
    columns: dict[int, str],
    month: str,
) -> JournalTable:
    given = set(columns.values())
    table = JournalTable("totals", None, (month,), [])
    _note_unknown(table, given, file)
    for excel_row, row in data:
        record = _new_row(header, excel_row, row)
        if record is None:
            continue
        counts: dict[str, int] = {}
        bad = None
        for c, reason in columns.items():
            value = _number(row[c] if c < len(row) else None, excel_row, header.label(c), file)
            if isinstance(value, Problem):
                bad = value
                break
            counts[reason] = counts.get(reason, 0) + value
        if bad is not None:
            table.problems.append(bad)
            continue
        record.counts = {(month, col): n for col, n in _register_counts(counts, given).items()}
        _add_row(table, record, file)
    return table


def _unexcused_unknown(given: set[str]) -> bool:
    """A total without the lessons missed for no valid reason, nor every other reason to take
    from it: the difference cannot be split (Kundelik's «всего / по болезни»)."""
    return TOTAL in given and UNEXCUSED not in given and not {ILLNESS, VALID} <= given


def _note_unknown(table: JournalTable, given: set[str], file: str) -> None:
    """Say which register column the reasons `given` do not determine, and so leave out."""
    if _unexcused_unknown(given):
        table.problems.append(Problem(NO_UNEXCUSED, {"file": file}))
    elif missing := _excused_missing(given):
        words = REASON_HEADERS[missing]
        table.problems.append(
            Problem(NO_EXCUSED, {"file": file, "missing_kk": words.kk, "missing_ru": words.ru})
        )


def _excused_missing(given: set[str]) -> str | None:
    """The part (illness or other valid reason) of `missed_excused` an export lacks while giving
    the other part, when no total tells the sum."""
    parts = given & {ILLNESS, VALID}
    if not parts or len(parts) == 2 or EXCUSED in given:
        return None
    if TOTAL in given and UNEXCUSED in given:
        return None
    return VALID if ILLNESS in parts else ILLNESS


def _add_row(table: JournalTable, record: ExportRow, file: str) -> None:
    """Keep `record`, unless its parts exceed its total (a negative remainder)."""
    if any(n < 0 for n in record.counts.values()):
        table.problems.append(Problem(DO_NOT_ADD_UP, {"file": file, "row": record.row}))
    else:
        table.rows.append(record)


def _register_counts(counts: Mapping[str, int], given: set[str]) -> dict[str, int]:
    """Reason counts to the register's columns, only what the reasons given determine."""
    out: dict[str, int] = {}
    unexcused = counts.get(UNEXCUSED)
    if unexcused is None and {TOTAL, ILLNESS, VALID} <= given:
        unexcused = counts[TOTAL] - counts[ILLNESS] - counts[VALID]
    if unexcused is not None:
        out["missed_unexcused"] = unexcused
    if EXCUSED in given:
        out["missed_excused"] = counts[EXCUSED]
    elif TOTAL in given and unexcused is not None:
        out["missed_excused"] = counts[TOTAL] - unexcused
    elif {ILLNESS, VALID} <= given:  # one part alone would lower the register's sum
        out["missed_excused"] = counts[ILLNESS] + counts[VALID]
    if LATE in given:
        out["late"] = counts[LATE]
    return out


def _grid(
    header: _Header,
    data: list[tuple[int, Sequence[object]]],
    file: str,
    days: dict[int, int],
    month: str,
) -> JournalTable:
    table = JournalTable("grid", None, (month,), [])
    codes = "Ж, А, Д, К; н, б, у, п, о"
    for excel_row, row in data:
        record = _new_row(header, excel_row, row)
        if record is None:
            continue
        counts = {UNEXCUSED: 0, ILLNESS: 0, VALID: 0, LATE: 0}
        bad = None
        for c, day in days.items():
            value = row[c] if c < len(row) else None
            if is_blank(value):
                continue
            text = display(value).lower().replace(" ", "")
            match = _GRID_CELL.match(text)
            reason = GRID_CODES.get(match.group(2)) if match else None
            if match is None or reason is None:
                bad = Problem(
                    UNKNOWN_CODE,
                    {
                        "file": file,
                        "row": excel_row,
                        "day": day,
                        "value": display(value),
                        "codes": codes,
                    },
                )
                break
            counts[reason] += int(match.group(1) or match.group(3) or 1)
        if bad is not None:
            table.problems.append(bad)
            continue
        record.counts = {
            (month, col): n
            for col, n in _register_counts(counts, {UNEXCUSED, ILLNESS, VALID, LATE}).items()
        }
        table.rows.append(record)
    return table


def _months(
    header: _Header,
    data: list[tuple[int, Sequence[object]]],
    file: str,
    hints: Hints,
    title: _Title,
    months: dict[int, int],
) -> JournalTable:
    """Months across; a month's own columns (its header merged over reason sub-columns) follow
    it up to the next month."""
    bad_month = next((m for m in months.values() if m not in MONTH_ORDER), None)
    if bad_month is not None:
        raise SocpassError(SUMMER_MONTH, file=file, month=bad_month)
    starts = sorted(months)
    columns: dict[int, tuple[str, str]] = {}  # column -> (month, reason)
    plain_reason = _reason_in(title.text)
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(header.groups)
        month = str(months[start])
        subs = {
            c: _reason(header.subs[c]) or _reason_in(header.subs[c])
            for c in range(start, end)
            if header.subs[c]
        }
        if subs:
            columns |= {c: (month, r) for c, r in subs.items() if r is not None}
        else:
            columns[start] = (month, plain_reason or "")
    table = JournalTable("months", None, tuple(str(months[s]) for s in starts), [])
    reasons_given = {r for _, r in columns.values()}
    if reasons_given == {""}:
        table.problems.append(Problem(NO_REASON, {"file": file}))
        table.left_out = sum(_new_row(header, r, row) is not None for r, row in data)
        return table
    _note_unknown(table, reasons_given, file)
    for excel_row, row in data:
        record = _new_row(header, excel_row, row)
        if record is None:
            continue
        per_month: dict[str, dict[str, int]] = {}
        bad = None
        for c, (month, reason) in columns.items():
            value = _number(
                row[c] if c < len(row) else None,
                excel_row,
                header.label(c),
                file,
            )
            if isinstance(value, Problem):
                bad = value
                break
            bucket = per_month.setdefault(month, {})
            bucket[reason] = bucket.get(reason, 0) + value
        if bad is not None:
            table.problems.append(bad)
            continue
        for month, counts in per_month.items():
            for col, n in _register_counts(counts, set(counts)).items():
                record.counts[(month, col)] = n
        _add_row(table, record, file)
    return table


def _marks(
    header: _Header, data: list[tuple[int, Sequence[object]]], file: str, hints: Hints
) -> JournalTable:
    """Quarter marks: ready counts (columns named like the register's «2» / «н/а» columns, or
    mapped) if the export has them, else one column per subject, counted."""
    ready = {
        c: key
        for c in range(header.name_col + 1, len(header.groups))
        for key in MARK_COLUMNS
        if header.key(c) in header_variants(sheet("academic").column(key))
        or hints.mapping.get(header.key(c)) == key
    }
    subjects = [c for c in _subject_columns(header, data) if c not in ready]
    if not ready and not subjects:
        raise _not_recognised(file, EXPECTED_MARKS)
    table = JournalTable("mark_counts" if ready else "marks", None, (), [])
    for excel_row, row in data:
        record = _new_row(header, excel_row, row)
        if record is None:
            continue
        counts = {key: 0 for key in MARK_COLUMNS}
        bad = None
        if ready:
            for c, key in ready.items():
                value = _number(row[c] if c < len(row) else None, excel_row, header.label(c), file)
                if isinstance(value, Problem):
                    bad = value
                    break
                counts[key] = value
        else:
            for c in subjects:
                value = row[c] if c < len(row) else None
                mark = _mark(value)
                if mark is None:
                    bad = Problem(
                        UNKNOWN_MARK,
                        {
                            "file": file,
                            "row": excel_row,
                            "header": in_quotes(header.label(c)),
                            "value": display(value),
                        },
                    )
                    break
                if mark == "2":
                    counts["failing_subjects"] += 1
                elif mark == "n/a":
                    counts["not_attested"] += 1
        if bad is not None:
            table.problems.append(bad)
            continue
        record.counts = {
            ("", key): n for key, n in counts.items() if not ready or key in ready.values()
        }
        table.rows.append(record)
    return table


def _subject_columns(header: _Header, data: list[tuple[int, Sequence[object]]]) -> list[int]:
    """The columns at least 80 % of whose filled cells are quarter marks."""
    skip = {header.name_col, header.iin_col, header.class_col}
    return [
        c
        for c in range(header.name_col + 1, len(header.groups))
        if c not in skip and header.groups[c] and _is_subject(data, c)
    ]


def _mark(value: object) -> str | None:
    """ "2".."5", "n/a" for not attested, "" for a blank cell; None for anything else."""
    if is_blank(value):
        return ""
    text = display(value).strip()
    if text in MARK_VALUES:
        return text
    if normalize_header(text) in NOT_ATTESTED:
        return "n/a"
    return None


def _is_subject(data: list[tuple[int, Sequence[object]]], c: int) -> bool:
    values = [row[c] for _, row in data if c < len(row) and not is_blank(row[c])]
    return bool(values) and sum(_mark(v) not in (None, "") for v in values) >= 0.8 * len(values)
