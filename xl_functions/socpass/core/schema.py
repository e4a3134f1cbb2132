"""The register's schema: the single source of truth for sheets, columns, headers and choices.

Every other module (the workbook builder, the reader, the validator, the custom functions and the
report) asks this module for names and allowed values; no header text is spelled anywhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Literal

Lang = Literal["kk", "ru"]
LANGS: tuple[Lang, ...] = ("kk", "ru")


@dataclass(frozen=True)
class Text:
    """A user-facing text in both languages."""

    kk: str
    ru: str

    def __call__(self, lang: Lang) -> str:
        return self.kk if lang == "kk" else self.ru


class ColType(Enum):
    """How a cell is parsed and validated."""

    TEXT = "text"
    ID = "id"  # an identifier typed by the user (pupil id, family id); compared as text
    INT = "int"  # a whole number >= 0
    MONEY = "money"  # an amount in tenge >= 0
    NUMBER = "number"  # any number (settings)
    DATE = "date"
    BOOL = "bool"  # yes/no
    CHOICE = "choice"  # one of `choices`
    CLASS = "class"  # a class name such as 5Ә
    IIN = "iin"  # 12-digit individual identification number
    SCHOOL_YEAR = "school_year"  # "2025-2026" (core.school_year reads it)
    SCHOOL_CODE = "school_code"  # the school's BIN (12 digits, check digit) or NEDB code


@dataclass(frozen=True)
class Choice:
    """One allowed value of a categorical column; `aliases` are other spellings the reader accepts."""

    key: str
    label: Text
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Column:
    key: str
    header: Text
    type: ColType
    help: Text
    width: int = 14
    required: bool = False  # the column must exist and every row must have a value
    choices: tuple[Choice, ...] = ()
    aliases: tuple[str, ...] = ()  # other header spellings seen in real registers
    references: str | None = None  # key of a sheet whose `id` column this column refers to


@dataclass(frozen=True)
class Lookup:
    """A column shown beside a pupil id: the pupil's value in one Pupils column (`source`), as a
    formula the workbook computes. Written for the eye; the reader recognises it and skips it."""

    key: str
    source: str  # the Pupils column key it shows
    width: int

    @property
    def header(self) -> Text:
        return sheet("pupils").column(self.source).header


@dataclass(frozen=True)
class Sheet:
    key: str
    name: Text
    table: str  # Excel table name (ASCII, language-independent)
    columns: tuple[Column, ...]
    help: Text
    required: bool = True  # the reader reports a missing sheet as an error
    written_by_socpass: bool = False  # filled by a button, not typed by the user
    tab_color: str = "#4F81BD"
    aliases: tuple[str, ...] = ()  # former names, still read
    #: Pupil name and class shown right after the `pupil_id` column (see `Lookup`).
    lookups: tuple[Lookup, ...] = ()

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(f"{self.key}.{key}")

    @property
    def column_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    def layout(self) -> tuple[Column | Lookup, ...]:
        """The columns as the workbook shows them: the lookups right after the pupil id."""
        if not self.lookups:
            return self.columns
        at = self.column_keys.index("pupil_id") + 1
        return (*self.columns[:at], *self.lookups, *self.columns[at:])

    @property
    def frozen_columns(self) -> int:
        """How many columns stay in view when scrolling right: up to the pupil's name."""
        keys = [c.key for c in self.layout()]
        for name in ("full_name", "pupil_name"):
            if name in keys:
                return keys.index(name) + 1
        return 0


# --------------------------------------------------------------------------- shared choices

YES = Text("иә", "да")
NO = Text("жоқ", "нет")
#: Cell values read as "yes" / "no" (compared after lower-casing and stripping).
YES_VALUES = frozenset({"иә", "ия", "да", "+", "1", "x", "х", "✓", "✔", "yes", "y", "true", "v"})
NO_VALUES = frozenset({"жоқ", "нет", "-", "−", "–", "0", "no", "n", "false", ""})

SEX = (
    Choice("m", Text("ер", "м"), ("е", "ер бала", "м", "муж", "мужской", "male")),
    Choice("f", Text("қыз", "ж"), ("қ", "қыз бала", "әйел", "ж", "жен", "женский", "female")),
)

#: Class letters used in Kazakhstan schools (Kazakh and Russian alphabets).
CLASS_LETTERS = ("А", "Ә", "Б", "В", "Г", "Д", "Е", "Ж", "З", "И", "К")
GRADES = tuple(range(0, 12))  # 0 = pre-school class (0 сынып / предшкольный класс)


@dataclass(frozen=True)
class Category:
    """A social category, counted as pupils and as families."""

    key: str
    label: Text
    families_counted: bool = True  # orphans and children without care are counted as pupils only
    header_aliases: tuple[str, ...] = ()
    short: Text | None = None  # a column head where the label is too long (summary --by class)

    def short_label(self, lang: Lang) -> str:
        return (self.short or self.label)(lang)


CATEGORIES: tuple[Category, ...] = (
    Category(
        "single_parent",
        Text("Толық емес отбасы", "Неполная семья"),
        header_aliases=(
            "толық емес",
            "толық емес отбасылар",
            "толымсыз отбасы",
            "неполная",
            "неполные семьи",
            "из неполной семьи",
        ),
        short=Text("Толық емес", "Неполная"),
    ),
    Category(
        "large_family",
        Text("Көпбалалы отбасы", "Многодетная семья"),
        header_aliases=(
            "көпбалалы",
            "көпбалалы отбасылар",
            "көпбалалы отбасыдан",
            "многодетная",
            "многодетные",
            "многодетные семьи",
            "из многодетной семьи",
        ),
        short=Text("Көпбалалы", "Многодетная"),
    ),
    Category(
        "half_orphan",
        Text("Жартылай жетім", "Полусирота"),
        header_aliases=("жартылай жетімдер", "полусироты"),
        short=Text("Жарт. жетім", "Полусирота"),
    ),
    Category(
        "orphan",
        Text("Жетім", "Сирота"),
        families_counted=False,
        header_aliases=("жетімдер", "жетім бала", "сироты", "ребенок-сирота", "дети-сироты"),
    ),
    Category(
        "no_parental_care",
        Text("Ата-анасының қамқорлығынсыз қалған", "Оставшийся без попечения родителей"),
        families_counted=False,
        header_aliases=(
            "АҚҚ",
            "ОБПР",
            "без попечения",
            "ата-ана қамқорлығынсыз қалған",
            "ата-анасының қамқорлығынсыз қалған балалар",
            "оставшиеся без попечения родителей",
            "дети, оставшиеся без попечения родителей",
        ),
        short=Text("АҚҚ", "ОБПР"),
    ),
    Category(
        "low_income",
        Text("Аз қамтылған отбасы", "Малообеспеченная семья"),
        header_aliases=(
            "аз қамтылған",
            "аз қамтылған отбасылар",
            "аз қамтамасыз етілген отбасы",
            "малообеспеченная",
            "малообеспеченные",
            "малообеспеченные семьи",
            "малоимущая",
            "малоимущие",
        ),
        short=Text("Аз қамт.", "Малообесп."),
    ),
    Category(
        "step_parent",
        Text("Өгей ата-анасымен тұратын", "Проживает с отчимом (мачехой)"),
        header_aliases=(
            "өгей",
            "өгей ата-анасы",
            "өгей ата-анасымен",
            "өгей әке (шеше)",
            "отчим",
            "с отчимом",
            "отчим (мачеха)",
            "с отчимом (мачехой)",
            "проживает с отчимом",
        ),
        short=Text("Өгей", "Отчим/мачеха"),
    ),
    Category(
        "disability",
        Text("Мүгедектігі бар бала", "Ребёнок с инвалидностью"),
        header_aliases=(
            "мүгедек",
            "мүгедек бала",
            "мүгедектігі бар",
            "мүгедектігі бар балалар",
            "инвалид",
            "инвалидность",
            "ребенок с инвалидностью",
            "дети с инвалидностью",
            "ребенок-инвалид",
            "дети-инвалиды",
        ),
        short=Text("Мүгедек.", "Инвалид."),
    ),
    Category(
        "special_needs",
        Text("ЕБҚ", "ООП"),
        header_aliases=(
            "ерекше білім беру қажеттілігі",
            "ерекше білім беру қажеттіліктері бар",
            "ЕБҚ бар балалар",
            "особые образовательные потребности",
            "дети с ООП",
        ),
    ),
)


def category(key: str) -> Category:
    for cat in CATEGORIES:
        if cat.key == key:
            return cat
    raise KeyError(key)


@dataclass(frozen=True)
class Register:
    """A register a pupil can be on (intra-school, police, ...), with the date put on it.

    `standing` says a pupil is on it, as a flag reason reads ("мектепішілік есепте тұр");
    `header_aliases` are other spellings of the column header, former labels among them.
    """

    key: str
    label: Text
    short: Text
    standing: Text
    header_aliases: tuple[str, ...] = ()


REGISTERS: tuple[Register, ...] = (
    Register(
        "intra_school",
        Text("Мектепішілік есеп", "Внутришкольный учёт"),
        Text("Мектепішілік", "ВШУ"),
        Text("мектепішілік есепте тұр", "состоит на внутришкольном учёте"),
        (
            "ВШУ",
            "внутришкольный учет",
            "на внутришкольном учете",
            "мектепішілік",
            "мектепішілік есепте",
        ),
    ),
    # The register the school keeps by its own decision; not the early-warning list (ЕАЖ / СРП).
    Register(
        "risk_group",
        Text("Тәуекел тобы", "Группа риска"),
        Text("Тәуекел", "Риск"),
        Text("тәуекел тобында тұр", "состоит в группе риска"),
        ("тәуекел тобында", "в группе риска"),
    ),
    # ІІБ (ішкі істер басқармасы) / ОВД (органы внутренних дел): the same body in both languages.
    Register(
        "police",
        Text("ІІБ есебі", "Учёт в ОВД"),
        Text("ІІБ", "ОВД"),
        Text("ІІБ есебінде тұр", "состоит на учёте в ОВД"),
        (
            "ІІБ",
            "ІІБ есебінде",
            "полиция есебі",
            "ОВД",
            "учет в ОВД",
            "ОДП",
            "Учёт в полиции (ОДП)",
            "учет в полиции",
            "учет в ОДП",
            "учет в ПДН",
            "полиция",
        ),
    ),
    Register(
        "commission",
        Text("КІЖК есебі", "Учёт в КДН"),
        Text("КІЖК", "КДН"),
        Text("КІЖК есебінде тұр", "состоит на учёте в КДН"),
        (
            "КІЖК",
            "КІЖК есебінде",
            "КДН",
            "КДН и ЗП",
            "комиссия по делам несовершеннолетних",
            "КІЖК (кәмелетке толмағандар комиссиясы)",
            "КДН (комиссия по делам несовершеннолетних)",
        ),
    ),
    Register(
        "ped_support",
        Text("Педагогикалық сүйемелдеу", "Педагогическое сопровождение"),
        Text("Сүйемелдеу", "Сопровождение"),
        Text("педагогикалық сүйемелдеуде", "на педагогическом сопровождении"),
        ("педсопровождение",),
    ),
)

MEAL_SOURCES = (
    Choice("fund", Text("ЖББҚ", "Фонд всеобуча"), ("жббқ", "всеобуч", "фвс", "фонд всеобуча")),
    Choice("tenant", Text("Асхана жалгері", "Арендатор столовой"), ("жалгер", "арендатор")),
    Choice("other", Text("Басқа", "Другое"), ("басқа", "другое", "прочее")),
)

MONTHS = (  # school-year months in order; key = month number
    Choice("9", Text("Қыркүйек", "Сентябрь"), ("09", "сен", "қыр")),
    Choice("10", Text("Қазан", "Октябрь"), ("окт",)),
    Choice("11", Text("Қараша", "Ноябрь"), ("ноя",)),
    Choice("12", Text("Желтоқсан", "Декабрь"), ("дек", "жел")),
    Choice("1", Text("Қаңтар", "Январь"), ("01", "янв", "қаң")),
    Choice("2", Text("Ақпан", "Февраль"), ("02", "фев", "ақп")),
    Choice("3", Text("Наурыз", "Март"), ("03", "мар", "нау")),
    Choice("4", Text("Сәуір", "Апрель"), ("04", "апр", "сәу")),
    Choice("5", Text("Мамыр", "Май"), ("05", "мам")),
)
MONTH_ORDER = tuple(int(m.key) for m in MONTHS)

QUARTERS = tuple(
    Choice(str(q), Text(f"{q}-тоқсан", f"{q} четверть"), (str(q), f"{q} тоқсан", f"{q}-четверть"))
    for q in range(1, 5)
)

INCIDENT_TYPES = (
    Choice("violence", Text("Зорлық-зомбылық", "Насилие"), ("төбелес", "драка", "насилие")),
    Choice("bullying", Text("Буллинг", "Буллинг"), ("қорлау", "травля")),
    Choice("theft", Text("Ұрлық", "Кража")),
    Choice("offence", Text("Құқықбұзушылық", "Правонарушение"), ("правонарушения",)),
    Choice("truancy", Text("Сабақтан қашу", "Прогул"), ("прогулы",)),
    Choice("other", Text("Басқа", "Другое"), ("прочее",)),
)
#: Incident types that count as serious: one of them already meets the behaviour threshold.
SERIOUS_INCIDENTS = ("violence", "theft", "offence")

AID_KINDS = (
    Choice("money", Text("Қаржылай", "Денежная"), ("ақша", "деньги", "денежная помощь")),
    Choice("uniform", Text("Мектеп формасы", "Школьная форма"), ("форма",)),
    Choice("stationery", Text("Кеңсе тауарлары", "Канцтовары"), ("канцелярия", "кеңсе")),
    Choice("food", Text("Азық-түлік", "Продукты питания"), ("продукты", "азық")),
    Choice("other", Text("Басқа", "Другое"), ("прочее",)),
)

AID_SOURCES = (
    Choice("road_to_school", Text("Мектепке жол", "Дорога в школу"), ("мектепке жол акциясы",)),
    Choice(
        "resolution_64",
        Text("№64 қаулы (ЖББҚ)", "Постановление №64 (фонд всеобуча)"),
        ("64", "№64", "жббқ", "всеобуч"),
    ),
    Choice("sponsor", Text("Демеушілер", "Спонсоры"), ("демеуші", "спонсор")),
    Choice("other", Text("Басқа", "Другое"), ("прочее",)),
)

AID_STATUS = (
    Choice("granted", Text("Берілді", "Оказана"), ("берілді", "оказано", "выдано")),
    Choice("applied", Text("Өтініш берілді", "Заявление подано"), ("өтініш", "заявление")),
    Choice("refused", Text("Бас тартылды", "Отказано")),
)

DIRECTIONS = (
    Choice(
        "I",
        Text(
            "I. Сыныптарға, мектепке әлеуметтік паспорттауды жүргізу",
            "I. Социальная паспортизация классов и школы",
        ),
        ("1", "I. Сыныптарға, мектепке әлеуметтік паспорттау"),
    ),
    Choice(
        "II",
        Text("II. Балалық шақтың құқығын қорғау", "II. Защита прав детей"),
        ("2", "II. Защита прав детства"),
    ),
    Choice(
        "III",
        Text(
            "III. Әртүрлі есепте тұрған оқушылармен жеке-профилактикалық жұмыс",
            "III. Индивидуально-профилактическая работа с учащимися, состоящими на учёте",
        ),
        ("3",),
    ),
    Choice(
        "IV",
        Text(
            "IV. Педагогикалық ұжыммен және сыртқы ұйымдармен өзара іс-қимыл",
            "IV. Взаимодействие с педагогическим коллективом и внешними организациями",
        ),
        ("4",),
    ),
    Choice(
        "V",
        Text(
            "V. Ата-аналармен (отбасылармен) профилактикалық жұмыс",
            "V. Профилактическая работа с родителями (семьями)",
        ),
        ("5",),
    ),
    Choice(
        "VI",
        Text("VI. Диагностикалау-талдау қызметі", "VI. Диагностико-аналитическая деятельность"),
        ("6",),
    ),
)

QUADRANTS = (
    Choice("S", Text("S — Күшті жақтары", "S — Сильные стороны"), ("s", "күшті", "сильные")),
    Choice("W", Text("W — Әлсіз жақтары", "W — Слабые стороны"), ("w", "әлсіз", "слабые")),
    Choice(
        "O",
        Text("O — Мүмкіндіктері", "O — Возможности"),
        ("o", "мүмкіндік", "мүмкіндіктер", "O — Мүмкіндіктер", "возможности"),
    ),
    Choice(
        "T",
        Text("T — Қауіп-қатерлері", "T — Угрозы"),
        ("t", "қауіп", "қауіп-қатер", "қауіптер", "T — Қауіптер", "угрозы"),
    ),
)

#: The three tiers of prevention, in the words of the UNICEF Kazakhstan method (ЕАЖ / СРП);
#: the former labels stay readable.
TIERS = (
    Choice("universal", Text("Әмбебап", "Универсальный"), ("жалпы",)),
    Choice("targeted", Text("Нысаналы", "Целевой"), ("мақсатты",)),
    Choice("intensive", Text("Мамандырылған", "Специализированный"), ("қарқынды", "интенсивный")),
)

RISK_STATUS = (
    Choice("new", Text("Жаңа", "Новый")),
    Choice("continuing", Text("Жалғасуда", "Продолжается")),
    Choice("resolved", Text("Шешілді", "Снят")),
)

PLAN_OUTCOMES = (
    Choice("in_progress", Text("Жүргізілуде", "В работе")),
    Choice("improved", Text("Жақсарды", "Улучшение")),
    Choice("no_change", Text("Өзгеріс жоқ", "Без изменений")),
    Choice("closed", Text("Жабылды", "Закрыт")),
)


# --------------------------------------------------------------------------- columns


def _col(key: str, kk: str, ru: str, type_: ColType, help_kk: str, help_ru: str, **kw) -> Column:
    return Column(key, Text(kk, ru), type_, Text(help_kk, help_ru), **kw)


def _pupil_ref(required: bool = True) -> Column:
    return _col(
        "pupil_id",
        "Оқушы ID",
        "ID учащегося",
        ColType.ID,
        "Оқушылар парағындағы оқушының ID-і немесе ЖСН-і; тізімнен таңдауға болады",
        "ID учащегося с листа «Учащиеся» или его ИИН; можно выбрать из списка",
        required=required,
        references="pupils",
        width=12,
        aliases=(
            "ID",
            "оқушы",
            "оқушының ID-і",
            "оқушы коды",
            "учащийся",
            "id ученика",
            "код учащегося",
            "№ учащегося",
        ),
    )


def _yes_no(key: str, kk: str, ru: str, help_kk: str, help_ru: str, **kw) -> Column:
    return _col(key, kk, ru, ColType.BOOL, help_kk, help_ru, width=kw.pop("width", 11), **kw)


_CATEGORY_COLUMNS = tuple(
    _yes_no(
        f"cat_{c.key}",
        c.label.kk,
        c.label.ru,
        f"«{c.label.kk}» санатына жатса — иә",
        f"Отметьте «да», если «{c.label.ru}»",
        aliases=c.header_aliases,
    )
    for c in CATEGORIES
)

_REGISTER_COLUMNS = tuple(
    col
    for r in REGISTERS
    for col in (
        _yes_no(
            f"reg_{r.key}",
            r.label.kk,
            r.label.ru,
            f"{r.label.kk}: тұрса — иә",
            f"{r.label.ru}: состоит — да",
            aliases=r.header_aliases,
        ),
        _col(
            f"reg_{r.key}_date",
            f"{r.short.kk}: күні",
            f"{r.short.ru}: дата",
            ColType.DATE,
            "Есепке қойылған күні (кк.аа.жжжж)",
            "Дата постановки на учёт (дд.мм.гггг)",
            width=11,
            aliases=(
                f"{r.short.kk} есепке қойылған күні",
                f"{r.label.kk} күні",
                f"дата постановки на {r.short.ru}",
                f"{r.label.ru}: дата",
                *(f"{a}: {w}" for a in r.header_aliases for w in ("күні", "дата")),
            ),
        ),
    )
)

#: Why a pupil left the school (the Pupils sheet's `left_reason`).
LEAVING_REASONS = (
    Choice(
        "other_school",
        Text("Басқа мектепке ауысу", "Перевод в другую школу"),
        ("басқа мектепке", "басқа мектепке ауысты", "перевод", "в другую школу"),
    ),
    Choice(
        "other_town",
        Text("Басқа елді мекенге көшу", "Переезд в другой населённый пункт"),
        ("басқа қалаға көшу", "көшіп кетті", "переезд", "в другой город"),
    ),
    Choice("abroad", Text("Шетелге кету", "Выезд за рубеж"), ("шетелге", "за рубеж", "за границу")),
    Choice(
        "expelled",
        Text("Мектептен шығарылу", "Исключение из школы"),
        ("шығарылды", "исключен", "отчислен"),
    ),
    Choice("other", Text("Басқа", "Другое"), ("басқа себеп", "прочее")),
)

PUPIL_COLUMNS: tuple[Column, ...] = (
    _col(
        "id",
        "ID",
        "ID",
        ColType.ID,
        "Оқушының мектептегі бірегей нөмірі (қайталанбайды)",
        "Уникальный номер учащегося в школе (не повторяется)",
        required=True,
        width=10,
        aliases=(
            "№",
            "id оқушы",
            "оқушы коды",
            "оқушының коды",
            "id учащегося",
            "код учащегося",
            "код",
        ),
    ),
    _col(
        "iin",
        "ЖСН",
        "ИИН",
        ColType.IIN,
        "Жеке сәйкестендіру нөмірі, 12 цифр (міндетті емес)",
        "Индивидуальный идентификационный номер, 12 цифр (необязательно)",
        width=15,
        aliases=(
            "ИИН",
            "ЖСН",
            "IIN",
            "оқушының ЖСН-і",
            "баланың ЖСН-і",
            "ИИН учащегося",
            "ИИН ребенка",
        ),
    ),
    _col(
        "full_name",
        "Аты-жөні",
        "ФИО",
        ColType.TEXT,
        "Оқушының тегі, аты, әкесінің аты",
        "Фамилия, имя, отчество учащегося",
        required=True,
        width=32,
        aliases=(
            "Т.А.Ә.",
            "ТАӘ",
            "аты-жөні",
            "оқушының аты-жөні",
            "оқушының Т.А.Ә.",
            "баланың аты-жөні",
            "тегі, аты",
            "тегі, аты, әкесінің аты",
            "Ф.И.О.",
            "ФИО учащегося",
            "ФИО ученика",
            "ФИО ребенка",
            "Фамилия, имя",
            "фамилия, имя, отчество",
            "фамилия имя отчество",
        ),
    ),
    _col(
        "class",
        "Сынып",
        "Класс",
        ColType.CLASS,
        "Сынып пен литер, мысалы 5Ә",
        "Класс и литера, например 5А",
        required=True,
        width=8,
        aliases=("сыныбы", "сынып литері", "оқитын сыныбы", "класс, литер", "класс (литер)", "кл."),
    ),
    _col(
        "birth_date",
        "Туған күні",
        "Дата рождения",
        ColType.DATE,
        "кк.аа.жжжж",
        "дд.мм.гггг",
        width=12,
        aliases=(
            "туған күні",
            "туылған күні",
            "туған күні, айы, жылы",
            "д.р.",
            "д/р",
            "дата рожд.",
            "число, месяц, год рождения",
        ),
    ),
    _col(
        "sex",
        "Жынысы",
        "Пол",
        ColType.CHOICE,
        "ер / қыз",
        "м / ж",
        choices=SEX,
        width=8,
        aliases=("жыныс", "пол (м/ж)"),
    ),
    _col(
        "family_id",
        "Отбасы ID",
        "ID семьи",
        ColType.ID,
        "Бір отбасының балаларына бірдей ID жазыңыз",
        "Братьям и сёстрам — одинаковый ID семьи",
        required=True,
        width=11,
        aliases=(
            "отбасы",
            "отбасы коды",
            "отбасының ID-і",
            "отбасы №",
            "семья",
            "код семьи",
            "№ семьи",
        ),
    ),
    _col(
        "address",
        "Мекенжайы",
        "Адрес",
        ColType.TEXT,
        "Тұрғылықты мекенжайы",
        "Адрес проживания",
        width=34,
        aliases=(
            "мекенжай",
            "тұрғылықты мекенжайы",
            "тұратын мекенжайы",
            "үй мекенжайы",
            "адрес проживания",
            "домашний адрес",
            "место жительства",
            "фактический адрес",
        ),
    ),
    _col(
        "guardian",
        "Ата-анасы / қамқоршысы",
        "Родитель / опекун",
        ColType.TEXT,
        "Ата-анасының немесе қамқоршысының аты-жөні",
        "ФИО родителя или опекуна",
        width=32,
        aliases=(
            "ата-анасы",
            "ата-анасының аты-жөні",
            "ата-анасы (қамқоршысы)",
            "қамқоршысы",
            "родители",
            "ФИО родителей",
            "ФИО родителя",
            "родители (законные представители)",
            "ФИО родителей (законных представителей)",
            "законный представитель",
            "опекун",
        ),
    ),
    _col(
        "phone",
        "Телефон",
        "Телефон",
        ColType.TEXT,
        "Байланыс телефоны",
        "Контактный телефон",
        width=15,
        aliases=(
            "байланыс телефоны",
            "телефон нөмірі",
            "ата-анасының телефоны",
            "тел.",
            "контактный телефон",
            "номер телефона",
            "телефон родителей",
        ),
    ),
    *_CATEGORY_COLUMNS,
    *_REGISTER_COLUMNS,
    _yes_no(
        "home_schooled",
        "Үйде оқиды",
        "Надомное обучение",
        "Үйде оқытылатын оқушы — иә",
        "Обучается на дому — да",
        aliases=("үйде оқыту", "үйде оқитын", "надомник", "на дому", "обучение на дому"),
    ),
    _yes_no(
        "hot_meals",
        "Тегін ыстық тамақ",
        "Бесплатное горячее питание",
        "Тегін ыстық тамақ алады — иә",
        "Получает бесплатное горячее питание — да",
        aliases=("ыстық тамақ", "тегін тамақ", "горячее питание", "бесплатное питание"),
    ),
    _col(
        "meal_source",
        "Тамақ көзі",
        "Источник питания",
        ColType.CHOICE,
        "Тамақ кімнің есебінен: ЖББҚ, жалгер немесе басқа",
        "За чей счёт питание: фонд всеобуча, арендатор или другое",
        choices=MEAL_SOURCES,
        width=16,
        aliases=("тамақтандыру көзі", "источник финансирования питания"),
    ),
    _col(
        "coordinator",
        "Сынып жетекшісі",
        "Классный руководитель",
        ColType.TEXT,
        "Оқушының сынып жетекшісі (куратор)",
        "Классный руководитель (куратор) учащегося",
        width=22,
        aliases=(
            "куратор",
            "сынып жетекші",
            "сынып жетекшісінің аты-жөні",
            "кл. руководитель",
            "кл. рук.",
            "ФИО классного руководителя",
        ),
    ),
    _col(
        "arrived",
        "Келген күні",
        "Дата прибытия",
        ColType.DATE,
        "Оқу жылы ішінде мектепке келсе — келген күні (бос — жыл басынан бері оқиды)",
        "Если прибыл(а) в течение учебного года — дата прибытия (пусто — учится с начала года)",
        width=12,
        aliases=("келді", "қабылданған күні", "прибыл", "дата зачисления"),
    ),
    _col(
        "left",
        "Кеткен күні",
        "Дата выбытия",
        ColType.DATE,
        "Мектептен кетсе — кеткен күні; жолды өшірмеңіз, оның деректері сақталады",
        "Если выбыл(а) из школы — дата выбытия; строку не удаляйте, её данные сохраняются",
        width=12,
        aliases=("кетті", "шыққан күні", "выбыл", "дата отчисления"),
    ),
    _col(
        "left_reason",
        "Кету себебі",
        "Причина выбытия",
        ColType.CHOICE,
        "Неге кетті: тізімнен таңдаңыз",
        "Почему выбыл(а): выберите из списка",
        choices=LEAVING_REASONS,
        width=22,
        aliases=("кеткен себебі", "себебі", "причина"),
    ),
)

ATTENDANCE_COLUMNS = (
    _pupil_ref(),
    _col(
        "month",
        "Ай",
        "Месяц",
        ColType.CHOICE,
        "Оқу жылының айы",
        "Месяц учебного года",
        required=True,
        choices=MONTHS,
        width=12,
        aliases=("айы", "ай аты"),
    ),
    _col(
        "planned",
        "Жоспарланған сабақ",
        "Уроков по плану",
        ColType.INT,
        "Айдағы жоспарланған сабақ саны",
        "Количество уроков по плану за месяц",
        required=True,
        width=14,
        aliases=(
            "сабақ саны",
            "жоспар бойынша сабақ",
            "барлық сабақ",
            "всего уроков",
            "уроков всего",
            "количество уроков",
            "кол-во уроков по плану",
        ),
    ),
    _col(
        "missed_unexcused",
        "Дәлелсіз жіберді",
        "Пропущено без уважительной причины",
        ColType.INT,
        "Дәлелсіз себеппен жіберілген сабақ саны",
        "Уроков пропущено без уважительной причины",
        width=16,
        aliases=(
            "дәлелсіз",
            "дәлелсіз себеппен",
            "дәлелсіз себеппен жіберген",
            "себепсіз жіберген",
            "без уважительной",
            "без ув. причины",
            "без уважит. причины",
            "пропуски без уважительной причины",
        ),
    ),
    _col(
        "missed_excused",
        "Дәлелді жіберді",
        "Пропущено по уважительной причине",
        ColType.INT,
        "Дәлелді себеппен (ауру т.б.) жіберілген сабақ саны",
        "Уроков пропущено по уважительной причине (болезнь и т.п.)",
        width=16,
        aliases=(
            "дәлелді",
            "дәлелді себеппен",
            "дәлелді себеппен жіберген",
            "ауырып жіберген",
            "по уважительной",
            "по ув. причине",
            "по уважительной причине",
            "пропуски по уважительной причине",
            "по болезни",
        ),
    ),
    _col(
        "late",
        "Кешігу",
        "Опоздания",
        ColType.INT,
        "Кешігу саны",
        "Количество опозданий",
        width=10,
        aliases=("кешігулер", "кешігу саны", "опоздание", "кол-во опозданий"),
    ),
)

ACADEMIC_COLUMNS = (
    _pupil_ref(),
    _col(
        "quarter",
        "Тоқсан",
        "Четверть",
        ColType.CHOICE,
        "Тоқсан (1–4)",
        "Четверть (1–4)",
        required=True,
        choices=QUARTERS,
        width=12,
        aliases=("тоқсаны", "четв."),
    ),
    _col(
        "failing_subjects",
        "«2» пәндер саны",
        "Предметов с «2»",
        ColType.INT,
        "Тоқсанда «2» алған пәндер саны",
        "Число предметов с оценкой «2» за четверть",
        width=12,
        aliases=(
            "екілер",
            "«2» саны",
            "«2» алған пәндер",
            "двойки",
            "кол-во двоек",
            "предметы с «2»",
            "неуспевающий по предметам",
        ),
    ),
    _col(
        "not_attested",
        "Аттестатталмаған (н/а)",
        "Не аттестован (н/а)",
        ColType.INT,
        "Аттестатталмаған пәндер саны",
        "Число предметов «н/а»",
        width=14,
        aliases=(
            "н/а",
            "аттестатталмаған",
            "аттестацияланбаған",
            "аттестатталмаған пәндер",
            "не аттестован",
            "н/а саны",
        ),
    ),
    _yes_no(
        "repeating",
        "Қайта оқиды",
        "Оставлен на второй год",
        "Сыныпта қайта қалдырылған — иә",
        "Оставлен на повторное обучение — да",
        aliases=(
            "қайта оқу",
            "сыныпта қалдырылған",
            "второгодник",
            "повторное обучение",
            "оставлен на повторный курс",
        ),
    ),
)

BEHAVIOUR_COLUMNS = (
    _col(
        "date",
        "Күні",
        "Дата",
        ColType.DATE,
        "Оқиға күні",
        "Дата случая",
        required=True,
        width=12,
        aliases=("оқиға күні", "дата случая", "дата нарушения"),
    ),
    _pupil_ref(),
    _col(
        "type",
        "Түрі",
        "Вид",
        ColType.CHOICE,
        "Оқиғаның түрі",
        "Вид нарушения",
        required=True,
        choices=INCIDENT_TYPES,
        width=18,
        aliases=("оқиға түрі", "бұзушылық түрі", "вид нарушения", "тип"),
    ),
    _col(
        "description",
        "Сипаттамасы",
        "Описание",
        ColType.TEXT,
        "Не болды",
        "Что произошло",
        width=36,
        aliases=("сипаттама", "не болды", "суть нарушения", "описание случая"),
    ),
    _col(
        "action",
        "Қабылданған шара",
        "Принятые меры",
        ColType.TEXT,
        "Қандай шара қабылданды",
        "Какие меры приняты",
        width=30,
        aliases=("шаралар", "қабылданған шаралар", "меры", "принятая мера"),
    ),
)

AID_COLUMNS = (
    _col(
        "date",
        "Күні",
        "Дата",
        ColType.DATE,
        "Көмек берілген күн",
        "Дата оказания помощи",
        width=12,
        aliases=("берілген күні", "дата оказания помощи", "дата выдачи"),
    ),
    _pupil_ref(required=False),
    _col(
        "kind",
        "Көмек түрі",
        "Вид помощи",
        ColType.CHOICE,
        "Көмектің түрі",
        "Вид помощи",
        required=True,
        choices=AID_KINDS,
        width=18,
        aliases=("түрі", "көмектің түрі", "вид"),
    ),
    _col(
        "source",
        "Көзі",
        "Источник",
        ColType.CHOICE,
        "Көмек кімнің есебінен",
        "Источник помощи",
        required=True,
        choices=AID_SOURCES,
        width=22,
        aliases=("көмек көзі", "қаржы көзі", "источник помощи", "источник финансирования"),
    ),
    _col(
        "status",
        "Мәртебесі",
        "Статус",
        ColType.CHOICE,
        "Өтініш берілді / берілді / бас тартылды (бос болса — берілді)",
        "Заявление подано / оказана / отказано (пусто — оказана)",
        choices=AID_STATUS,
        width=16,
        aliases=("мәртебе", "жағдайы", "состояние"),
    ),
    _col(
        "amount",
        "Сомасы, ₸",
        "Сумма, ₸",
        ColType.MONEY,
        "Теңгемен",
        "В тенге",
        width=12,
        aliases=(
            "сомасы",
            "сома",
            "сомасы (тг)",
            "сомасы, теңге",
            "сумма",
            "сумма (тг)",
            "сумма, тенге",
        ),
    ),
    _col(
        "note",
        "Ескерту",
        "Примечание",
        ColType.TEXT,
        "",
        "",
        width=30,
        aliases=("ескертпе", "примечания", "прим."),
    ),
)

EVENT_COLUMNS = (
    _col(
        "date",
        "Күні",
        "Дата",
        ColType.DATE,
        "Іс-шара күні",
        "Дата мероприятия",
        width=12,
        aliases=("өткізілген күні", "дата проведения", "дата мероприятия"),
    ),
    _col(
        "direction",
        "Бағыты",
        "Направление",
        ColType.CHOICE,
        "Жылдық жоспардың бағыты (I–VI)",
        "Направление годового плана (I–VI)",
        required=True,
        choices=DIRECTIONS,
        width=20,
        aliases=("бағыт", "жұмыс бағыты", "направление работы"),
    ),
    _col(
        "title",
        "Атауы",
        "Название",
        ColType.TEXT,
        "Іс-шараның атауы",
        "Название мероприятия",
        required=True,
        width=36,
        aliases=("іс-шараның атауы", "іс-шара", "название мероприятия", "мероприятие"),
    ),
    _col(
        "partner",
        "Кіммен бірге",
        "Совместно с",
        ColType.TEXT,
        "Кіммен бірге өткізілді, есепке «бірге» сөзінің алдында кіретіндей: сынып "
        "жетекшілерімен, КІЖК-пен",
        "С кем проведено, как в отчёте после слов «совместно с»: классными руководителями, КДН",
        width=22,
        aliases=("Серіктес ұйым", "серіктес", "бірлескен ұйым", "Партнёр", "организация-партнер"),
    ),
    _col(
        "participants",
        "Қатысушылар саны",
        "Участников",
        ColType.INT,
        "Қанша адам қатысты",
        "Сколько человек участвовало",
        width=12,
        aliases=(
            "қатысушылар",
            "қатысқандар саны",
            "количество участников",
            "кол-во участников",
            "охват",
        ),
    ),
    _col(
        "summary",
        "Қысқаша мазмұны",
        "Краткое содержание",
        ColType.TEXT,
        "Есепке кіретін бір-екі сөйлем",
        "Одно-два предложения для отчёта",
        width=44,
        aliases=("мазмұны", "қысқаша сипаттамасы", "содержание", "краткое описание"),
    ),
)

SWOT_COLUMNS = (
    _col(
        "quadrant",
        "Бөлік",
        "Раздел",
        ColType.CHOICE,
        "S, W, O немесе T",
        "S, W, O или T",
        required=True,
        choices=QUADRANTS,
        width=22,
        aliases=("бөлім", "квадрант"),
    ),
    _col(
        "text",
        "Мәтін",
        "Текст",
        ColType.TEXT,
        "Бір тармақ",
        "Один пункт",
        required=True,
        width=70,
        aliases=("мазмұны", "тармақ", "пункт"),
    ),
)

RECOMMENDATION_COLUMNS = (
    _col(
        "text",
        "Ұсыныс",
        "Рекомендация",
        ColType.TEXT,
        "Келесі жылға бір ұсыныс",
        "Одна рекомендация на следующий год",
        required=True,
        width=90,
        aliases=("ұсыныстар", "рекомендации"),
    ),
)


@dataclass(frozen=True)
class Metric(Choice):
    """A number the passport counts each year (History's "metric"): pupils flagged in one Pupils
    column (`flag`), optionally only those whose `meal_source` is `source`; families too when
    `families_counted`. The one place that says which column a count comes from."""

    flag: str = ""
    source: str | None = None
    families_counted: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        """The Pupils columns the count reads (besides the family id, for families)."""
        return (self.flag, "meal_source") if self.source else (self.flag,)


#: What History stores per school year: every category, every register, and hot meals by source.
HISTORY_METRICS: tuple[Metric, ...] = (
    *(
        Metric(c.key, c.label, flag=f"cat_{c.key}", families_counted=c.families_counted)
        for c in CATEGORIES
    ),
    *(Metric(f"reg_{r.key}", r.label, r.header_aliases, flag=f"reg_{r.key}") for r in REGISTERS),
    *(
        Metric(
            f"meals_{s.key}",
            Text(f"Ыстық тамақ: {s.label.kk}", f"Горячее питание: {s.label.ru}"),
            flag="hot_meals",
            source=s.key,
        )
        for s in MEAL_SOURCES
    ),
)


def metric(key: str) -> Metric:
    for m in HISTORY_METRICS:
        if m.key == key:
            return m
    raise KeyError(key)


#: The change from 0 to more: the category is new this year (never shown as infinity).
NEW = Text("жаңа", "новое")


def year_change(previous: float | None, current: float | None) -> float | str | None:
    """The year-over-year change, as every table, chart and custom function shows it: the ratio
    (current − previous) / previous; "same" from 0 to 0; "new" from 0 to more; None when either
    count is unknown (a year not typed in History)."""
    if previous is None or current is None:
        return None
    if previous == 0:
        return "same" if current == 0 else "new"
    return (current - previous) / previous


HISTORY_COLUMNS = (
    _col(
        "school_year",
        "Оқу жылы",
        "Учебный год",
        ColType.SCHOOL_YEAR,
        "Мысалы 2023-2024",
        "Например 2023-2024",
        required=True,
        width=12,
        aliases=("жыл", "оқу жылдары", "год"),
    ),
    _col(
        "metric",
        "Санат",
        "Категория",
        ColType.CHOICE,
        "Санат немесе есеп",
        "Категория или учёт",
        required=True,
        choices=HISTORY_METRICS,
        width=40,
        aliases=("көрсеткіш", "санат / есеп", "показатель", "категория / учет"),
    ),
    _col(
        "pupils",
        "Оқушылар",
        "Учащихся",
        ColType.INT,
        "Оқушылар саны",
        "Число учащихся",
        width=12,
        aliases=("оқушылар саны", "оқушы саны", "число учащихся", "кол-во учащихся"),
    ),
    _col(
        "families",
        "Отбасылар",
        "Семей",
        ColType.INT,
        "Отбасылар саны (жетімдер үшін бос)",
        "Число семей (для сирот пусто)",
        width=12,
        aliases=("отбасылар саны", "отбасы саны", "число семей", "кол-во семей"),
    ),
)

COMMENT_COLUMNS = (
    _col(
        "section",
        "Бөлім",
        "Раздел",
        ColType.CHOICE,
        "Есептің бөлімі (I–VI): мәтін сол бөлімге енеді",
        "Раздел отчёта (I–VI): текст войдёт в этот раздел",
        required=True,
        choices=DIRECTIONS,
        width=24,
    ),
    _col(
        "metric",
        "Санат (себебін жазсаңыз)",
        "Категория (если пишете причину)",
        ColType.CHOICE,
        "Толтырсаңыз, мәтін осы санаттың өзгерісі туралы сөйлемнен кейін тұрады",
        "Если заполнено, текст встанет после фразы об изменении этой категории",
        choices=HISTORY_METRICS,
        width=30,
        aliases=("санат", "категория", "себебі", "причина"),
    ),
    _col(
        "text",
        "Мәтін",
        "Текст",
        ColType.TEXT,
        "Есепке сол күйінде енеді",
        "Войдёт в отчёт как есть",
        required=True,
        width=90,
    ),
)

RISK_COLUMNS = (
    _pupil_ref(),
    _col("full_name", "Аты-жөні", "ФИО", ColType.TEXT, "", "", width=28),
    _col("class", "Сынып", "Класс", ColType.CLASS, "", "", width=8),
    _col("coordinator", "Куратор", "Куратор", ColType.TEXT, "", "", width=22),
    _col(
        "absence_pct",
        "Дәлелсіз жіберу, %",
        "Пропуски без ув. причины, %",
        ColType.NUMBER,
        "",
        "",
        width=12,
    ),
    _col("failing_subjects", "«2» пәндер", "Предметов с «2»", ColType.INT, "", "", width=10),
    _col("not_attested", "н/а", "н/а", ColType.INT, "", "", width=8),
    _col("incidents", "Оқиғалар", "Нарушений", ColType.INT, "", "", width=10),
    _col("tier", "Деңгей", "Уровень", ColType.CHOICE, "", "", choices=TIERS, width=14),
    _col("reasons", "Себептері", "Причины", ColType.TEXT, "", "", width=60),
    _col(
        "context",
        "Әлеуметтік санаттары",
        "Социальные категории",
        ColType.TEXT,
        "Тек мәлімет үшін, себеп емес",
        "Только для сведения, не причина",
        width=30,
    ),
    _col("status", "Мәртебесі", "Статус", ColType.CHOICE, "", "", choices=RISK_STATUS, width=14),
    _col("first_flagged", "Алғаш белгіленді", "Впервые отмечен", ColType.DATE, "", "", width=13),
    _col("next_review", "Келесі қарау", "Следующий пересмотр", ColType.DATE, "", "", width=13),
    _yes_no(
        "plan_overdue",
        "Жоспар мерзімі өтті",
        "План просрочен",
        "Жеке жоспарды қарау күні өтті, бірақ қаралмады",
        "Дата пересмотра плана прошла, а пересмотра не было",
    ),
    _col(
        "actions",
        "Жұмыс барысы (толтырыңыз)",
        "Ход работы (заполните)",
        ColType.TEXT,
        "Осы бағанды өзіңіз толтырасыз; қайта белгілегенде сақталады",
        "Этот столбец заполняете вы; сохраняется при повторной отметке",
        width=40,
    ),
)

PLAN_COLUMNS = (
    _pupil_ref(),
    _col(
        "coordinator",
        "Куратор",
        "Куратор",
        ColType.TEXT,
        "Жеке жоспарға жауапты (әдетте сынып жетекшісі)",
        "Ответственный за план (обычно классный руководитель)",
        width=22,
    ),
    _col(
        "needs",
        "Қажеттіліктері",
        "Потребности",
        ColType.TEXT,
        "Қандай қолдау керек",
        "Какая поддержка нужна",
        width=36,
    ),
    _col(
        "interventions",
        "Шаралар",
        "Меры поддержки",
        ColType.TEXT,
        "Қосымша сабақ, тәлімгерлік, ата-анамен жұмыс т.б.",
        "Доп. занятия, наставничество, работа с родителями и т.д.",
        width=40,
    ),
    _col("start", "Басталды", "Начало", ColType.DATE, "", "", width=12),
    _col(
        "review_date",
        "Қарау күні",
        "Дата пересмотра",
        ColType.DATE,
        "Жоспарды қайта қарау күні",
        "Дата пересмотра плана",
        width=12,
    ),
    _col(
        "reviewed_on",
        "Қаралды",
        "Пересмотрен",
        ColType.DATE,
        "Нақты қаралған күні",
        "Фактическая дата пересмотра",
        width=12,
    ),
    _col(
        "outcome", "Нәтижесі", "Результат", ColType.CHOICE, "", "", choices=PLAN_OUTCOMES, width=16
    ),
)

SETTINGS_COLUMNS = (
    _col(
        "name",
        "Баптау",
        "Настройка",
        ColType.TEXT,
        "",
        "",
        width=40,
        aliases=("атауы", "параметр", "название"),
    ),
    _col(
        "value",
        "Мәні",
        "Значение",
        ColType.TEXT,
        "Осы бағанды өзгертіңіз",
        "Изменяйте этот столбец",
        width=26,
    ),
    _col(
        "explanation",
        "Түсініктеме",
        "Пояснение",
        ColType.TEXT,
        "",
        "",
        width=70,
        aliases=("сипаттамасы", "описание"),
    ),
    _col(
        "key",
        "Кілт",
        "Ключ",
        ColType.TEXT,
        "Бағдарлама оқитын атау — өзгертпеңіз",
        "Имя для программы — не изменяйте",
        required=True,
        width=24,
    ),
)


TEACHING_LOAD_COLUMNS = (
    _col(
        "grade",
        "Параллель",
        "Параллель",
        ColType.INT,
        "Сынып нөмірі (1–11): осы параллельдің барлық сыныбына",
        "Номер класса (1–11): для всех классов этой параллели",
        width=11,
        aliases=("сынып нөмірі", "номер класса"),
    ),
    _col(
        "class",
        "Сынып",
        "Класс",
        ColType.CLASS,
        "Бір сыныпқа ғана (мысалы 5Ә): параллельдің мәнінің орнына алынады",
        "Только для одного класса (например 5А): заменяет значение параллели",
        width=9,
    ),
    _col(
        "month",
        "Ай",
        "Месяц",
        ColType.CHOICE,
        "Бір айға ғана; бос болса — барлық айға",
        "Только для одного месяца; пусто — для всех месяцев",
        choices=MONTHS,
        width=12,
    ),
    _col(
        "lessons_per_week",
        "Аптасына сабақ",
        "Уроков в неделю",
        ColType.INT,
        "Аптадағы сабақ саны (оқу жоспары бойынша)",
        "Уроков в неделю (по учебному плану)",
        width=12,
        aliases=("апталық жүктеме", "недельная нагрузка"),
    ),
    _col(
        "weeks",
        "Апта саны",
        "Недель",
        ColType.NUMBER,
        "Айдағы оқу апталарының саны (мектептің оқу күнтізбесі бойынша, демалыссыз)",
        "Учебных недель в месяце (по календарю школы, без каникул)",
        width=10,
        aliases=("оқу аптасы", "учебных недель", "недель в месяце"),
    ),
    _col(
        "lessons",
        "Айдағы сабақ",
        "Уроков за месяц",
        ColType.INT,
        "Айдағы сабақтың нақты саны: «Аптасына сабақ × Апта саны» орнына алынады",
        "Точное число уроков за месяц: берётся вместо «Уроков в неделю × Недель»",
        width=12,
    ),
)


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class Setting:
    key: str
    label: Text
    type: ColType
    default: object
    choices: tuple[Choice, ...] = ()
    #: What the setting does, for the pedagogue reading the Settings sheet.
    help: Text = Text("", "")
    #: (lowest, highest) a number setting may be: a threshold outside flags nobody or everybody.
    bounds: tuple[float, float] | None = None


#: Bounds of the number settings: percentages, counts of subjects or incidents, weeks, tenge.
PERCENT = (0, 100)
COUNT = (0, 1000)
WEEKS = (1, 52)


LANGUAGE_CHOICES = (Choice("kk", Text("kk", "kk")), Choice("ru", Text("ru", "ru")))

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "school_name",
        Text("Мектептің атауы", "Название школы"),
        ColType.TEXT,
        "",
        help=Text(
            "Есептің титул парағында және «Басқару» парағында шығады. Мектептің толық ресми "
            "атауын жазыңыз.",
            "Печатается на титульном листе отчёта и на листе «Управление». Впишите полное "
            "официальное название школы.",
        ),
    ),
    Setting(
        "school_code",
        Text(
            "Мектептің коды: БСН (12 цифр) немесе ҰБДҚ коды",
            "Код школы: БИН (12 цифр) или код НОБД",
        ),
        ColType.SCHOOL_CODE,
        "",
        help=Text(
            "Білім бөліміне жіберілетін жиынтықта мектепті осы код бойынша ажыратады: мектептің "
            "БСН-і (12 цифр) немесе Ұлттық білім беру деректер қорындағы (ҰБДҚ) коды.",
            "По этому коду отдел образования различает школы в сводках: БИН школы (12 цифр) "
            "или её код в Национальной образовательной базе данных (НОБД).",
        ),
    ),
    Setting(
        "district",
        Text("Аудан (қала)", "Район (город)"),
        ColType.TEXT,
        "",
        help=Text(
            "Мектеп орналасқан аудан немесе қала; білім бөліміне жіберілетін жиынтыққа жазылады.",
            "Район или город, где находится школа; записывается в сводку для отдела образования.",
        ),
    ),
    Setting(
        "region",
        Text("Облыс (республикалық маңызы бар қала)", "Область (город республиканского значения)"),
        ColType.TEXT,
        "",
        help=Text(
            "Мектеп орналасқан облыс немесе республикалық маңызы бар қала; жиынтыққа жазылады.",
            "Область или город республиканского значения, где находится школа; записывается в "
            "сводку.",
        ),
    ),
    Setting(
        "school_year",
        Text("Оқу жылы", "Учебный год"),
        ColType.SCHOOL_YEAR,
        "2025-2026",
        help=Text(
            "Тізілім жүргізілетін оқу жылы, мысалы 2025-2026. Сандар осы жылға есептеліп, "
            "«Жылдар» парағындағы өткен жылмен салыстырылады. «Жылды жабу» батырмасы оны келесі "
            "жылға өзі ауыстырады.",
            "Учебный год, за который ведётся реестр, например 2025-2026. Числа считаются за этот "
            "год и сравниваются с прошлым годом с листа «По годам». Кнопка «Закрыть год» сама "
            "переводит его на следующий год.",
        ),
    ),
    Setting(
        "pedagogue",
        Text("Әлеуметтік педагог", "Социальный педагог"),
        ColType.TEXT,
        "",
        help=Text(
            "Есептің соңында қолтаңба жанында шығады: тегі мен аты-жөнін жазыңыз.",
            "Печатается в конце отчёта рядом с подписью: впишите фамилию и инициалы.",
        ),
    ),
    Setting(
        "director",
        Text("Директор", "Директор"),
        ColType.TEXT,
        "",
        help=Text(
            "Есептің басындағы «Бекітемін» бөлігінде шығады.",
            "Печатается в грифе «Утверждаю» в начале отчёта.",
        ),
    ),
    Setting(
        "language",
        Text("Тілі (kk / ru)", "Язык (kk / ru)"),
        ColType.CHOICE,
        "kk",
        LANGUAGE_CHOICES,
        help=Text(
            "Хабарламалар мен есептің тілі: kk — қазақ тілі, ru — орыс тілі.",
            "Язык сообщений и отчёта: kk — казахский, ru — русский.",
        ),
    ),
    Setting(
        "attendance_threshold_pct",
        Text(
            "Сабаққа қатысу: дәлелсіз жіберу шегі, %",
            "Посещаемость: порог пропусков без ув. причины, %",
        ),
        ColType.NUMBER,
        10,
        help=Text(
            "Айдағы немесе оқу жылының басынан бергі дәлелсіз жіберілген сабақтың үлесі осы "
            "пайызға жетсе, оқушы сабаққа қатысу көрсеткіші бойынша ЕАЖ тізіміне енеді. ЮНИСЕФ "
            "әдісі бойынша — 10 %.",
            "Если доля уроков, пропущенных без уважительной причины за месяц или с начала "
            "учебного года, достигает этого процента, учащийся включается в список СРП по "
            "индикатору посещаемости. По методике ЮНИСЕФ — 10 %.",
        ),
        bounds=PERCENT,
    ),
    Setting(
        "attendance_caution_pct",
        Text("Сабаққа қатысу: ескерту деңгейі, %", "Посещаемость: уровень внимания, %"),
        ColType.NUMBER,
        5,
        help=Text(
            "Дәлелсіз жіберу осы пайыздан бастап шекке жетпесе, оқушы белгіленбейді, бірақ "
            "назарға алынады: есепте бөлек саналады.",
            "Если пропуски без уважительной причины не ниже этого процента, но не достигают "
            "порога, учащийся не отмечается, но берётся на заметку: в отчёте он считается "
            "отдельно.",
        ),
        bounds=PERCENT,
    ),
    Setting(
        "attendance_threshold_home_pct",
        Text("Үйде оқитындар: шегі, % (одан жоғары)", "Надомное обучение: порог, % (выше него)"),
        ColType.NUMBER,
        10,
        help=Text(
            "Үйде оқитын оқушылардың өз шегі: дәлелсіз жіберу осы пайыздан асқанда ғана "
            "белгіленеді.",
            "Свой порог для учащихся на надомном обучении: они отмечаются, только когда "
            "пропуски без уважительной причины превышают этот процент.",
        ),
        bounds=PERCENT,
    ),
    Setting(
        "attendance_threshold_disability_pct",
        Text("Мүгедектігі бар балалар: шегі, %", "Дети с инвалидностью: порог, %"),
        ColType.NUMBER,
        10,
        help=Text(
            "Мүгедектігі бар балалардың өз шегі; оны мектептің ерте ескерту тобы белгілейді.",
            "Свой порог для детей с инвалидностью; его устанавливает школьная команда раннего "
            "предупреждения.",
        ),
        bounds=PERCENT,
    ),
    Setting(
        "academic_failing_min",
        Text("Үлгерім: «2» пәндер саны (кемінде)", "Успеваемость: предметов с «2» (не менее)"),
        ColType.NUMBER,
        1,
        help=Text(
            "Соңғы тоқсанда «2» алған пәндері осы саннан кем болмаса, оқушы үлгерім бойынша "
            "белгіленеді.",
            "Учащийся отмечается по успеваемости, если в последней четверти у него не меньше "
            "стольких предметов с «2».",
        ),
        bounds=COUNT,
    ),
    Setting(
        "academic_not_attested_min",
        Text("Үлгерім: н/а пәндер саны (кемінде)", "Успеваемость: предметов н/а (не менее)"),
        ColType.NUMBER,
        1,
        help=Text(
            "Соңғы тоқсанда аттестатталмаған (н/а) пәндері осы саннан кем болмаса, оқушы үлгерім "
            "бойынша белгіленеді.",
            "Учащийся отмечается по успеваемости, если в последней четверти у него не меньше "
            "стольких предметов «н/а».",
        ),
        bounds=COUNT,
    ),
    Setting(
        "behaviour_serious_min",
        Text(
            "Мінез-құлық: ауыр оқиғалар (зорлық, ұрлық, құқықбұзушылық), кемінде",
            "Поведение: серьёзных случаев (насилие, кража, правонарушение), не менее",
        ),
        ColType.NUMBER,
        1,
        help=Text(
            "Зорлық-зомбылық, ұрлық немесе құқықбұзушылық оқиғалары осы саннан кем болмаса, "
            "оқушы мінез-құлық бойынша белгіленеді.",
            "Учащийся отмечается по поведению, если случаев насилия, кражи или правонарушения "
            "не меньше этого числа.",
        ),
        bounds=COUNT,
    ),
    Setting(
        "behaviour_any_min",
        Text("Мінез-құлық: кез келген оқиғалар, кемінде", "Поведение: любых случаев, не менее"),
        ColType.NUMBER,
        2,
        help=Text(
            "Кез келген түрдегі оқиғалар осы саннан кем болмаса, оқушы мінез-құлық бойынша "
            "белгіленеді.",
            "Учащийся отмечается по поведению, если случаев любого вида не меньше этого числа.",
        ),
        bounds=COUNT,
    ),
    Setting(
        "intensive_min_indicators",
        Text(
            "Мамандырылған деңгей: көрсеткіштер саны (кемінде)",
            "Специализированный уровень: число индикаторов (не менее)",
        ),
        ColType.NUMBER,
        2,
        help=Text(
            "Оқушы осынша көрсеткіш бойынша белгіленсе, оған мамандырылған деңгей беріледі; бір "
            "көрсеткіш — нысаналы деңгей. ІІБ және КІЖК есебіндегі оқушылар әрқашан мамандырылған "
            "деңгейде.",
            "Учащемуся, отмеченному по стольким индикаторам, присваивается специализированный "
            "уровень; по одному индикатору — целевой. Учащиеся на учёте в ОВД и в КДН всегда на "
            "специализированном уровне.",
        ),
        bounds=COUNT,
    ),
    Setting(
        "review_weeks",
        Text("Жеке жоспарды қарау мерзімі, апта", "Срок пересмотра плана, недель"),
        ColType.NUMBER,
        6,
        help=Text(
            "Жаңа жеке жоспарды неше аптадан кейін қайта қарау керек. Қарау күні өтіп кеткен "
            "жоспарлар «ЕАЖ тізімі» және «Жоспарлар» парақтарында түспен белгіленеді.",
            "Через сколько недель пересматривать новый индивидуальный план. Планы с прошедшей "
            "датой пересмотра выделяются цветом на листах «Список СРП» и «Планы».",
        ),
        bounds=WEEKS,
    ),
    Setting(
        "meal_cost",
        Text("Бір ыстық тамақтың құны, ₸", "Стоимость одного горячего обеда, ₸"),
        ColType.NUMBER,
        603,
        help=Text(
            "Бір ыстық тамақтың теңгемен құны; есептің тегін ыстық тамақ туралы бөлімінде шығады.",
            "Стоимость одного горячего питания в тенге; указывается в разделе отчёта о "
            "бесплатном горячем питании.",
        ),
        bounds=(0, 1_000_000),
    ),
    Setting(
        "report_template",
        Text(
            "Есеп үлгісі (docx файлының жолы, бос — кірістірілген)",
            "Шаблон отчёта (путь к docx, пусто — встроенный)",
        ),
        ColType.TEXT,
        "",
        help=Text(
            "Әдетте бос қалдырыңыз. Мектептің өз Word үлгісі болса, docx файлының жолын "
            "жазыңыз; тізілімнің қасындағы файлға атауы жеткілікті.",
            "Обычно оставьте пустым. Если у школы свой шаблон Word, впишите путь к файлу docx; "
            "для файла рядом с реестром достаточно его имени.",
        ),
    ),
)


def setting(key: str) -> Setting:
    for s in SETTINGS:
        if s.key == key:
            return s
    raise KeyError(key)


# --------------------------------------------------------------------------- sheets

#: The pupil's name and class beside a pupil id (`Sheet.lookups`).
PUPIL_LOOKUPS = (Lookup("pupil_name", "full_name", 34), Lookup("pupil_class", "class", 8))

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "control",
        Text("Басқару", "Управление"),
        "",
        (),
        Text("Батырмалар, көрсеткіштер және нұсқаулық", "Кнопки, показатели и инструкция"),
        required=False,
        tab_color="#1F4E79",
    ),
    Sheet(
        "pupils",
        Text("Оқушылар", "Учащиеся"),
        "Pupils",
        PUPIL_COLUMNS,
        Text("Бір жол — бір оқушы", "Одна строка — один учащийся"),
    ),
    Sheet(
        "attendance",
        Text("Сабаққа қатысу", "Посещаемость"),
        "Attendance",
        ATTENDANCE_COLUMNS,
        Text("Бір жол — бір оқушының бір айы", "Одна строка — один учащийся за один месяц"),
        lookups=PUPIL_LOOKUPS,
    ),
    Sheet(
        "academic",
        Text("Үлгерім", "Успеваемость"),
        "Academic",
        ACADEMIC_COLUMNS,
        Text("Бір жол — бір оқушының бір тоқсаны", "Одна строка — один учащийся за одну четверть"),
        lookups=PUPIL_LOOKUPS,
    ),
    Sheet(
        "behaviour",
        Text("Мінез-құлық", "Поведение"),
        "Behaviour",
        BEHAVIOUR_COLUMNS,
        Text("Бір жол — бір оқиға", "Одна строка — один случай"),
        lookups=PUPIL_LOOKUPS,
    ),
    Sheet(
        "aid",
        Text("Көмек", "Помощь"),
        "Aid",
        AID_COLUMNS,
        Text("Бір жол — бір көмек немесе өтініш", "Одна строка — одна помощь или заявление"),
        lookups=PUPIL_LOOKUPS,
    ),
    Sheet(
        "events",
        Text("Іс-шаралар", "Мероприятия"),
        "Events",
        EVENT_COLUMNS,
        Text("Бір жол — бір іс-шара", "Одна строка — одно мероприятие"),
    ),
    Sheet(
        "swot",
        Text("SWOT", "SWOT"),
        "SWOT",
        SWOT_COLUMNS,
        Text("Бір жол — SWOT талдауының бір тармағы", "Одна строка — один пункт SWOT-анализа"),
    ),
    Sheet(
        "recommendations",
        Text("Ұсыныстар", "Рекомендации"),
        "Recommendations",
        RECOMMENDATION_COLUMNS,
        Text("Бір жол — бір ұсыныс", "Одна строка — одна рекомендация"),
    ),
    Sheet(
        "comments",
        Text("Түсініктемелер", "Комментарии"),
        "Comments",
        COMMENT_COLUMNS,
        Text(
            "Есепке сол күйінде енетін өз сөзіңіз: бір жол — бір бөлімнің түсініктемесі немесе "
            "бір санаттың өзгеру себебі",
            "Ваши слова, которые войдут в отчёт как есть: одна строка — комментарий к разделу "
            "или причина изменения одной категории",
        ),
        required=False,
    ),
    Sheet(
        "history",
        Text("Жылдар", "По годам"),
        "History",
        HISTORY_COLUMNS,
        Text("Өткен жылдардың көрсеткіштері", "Показатели прошлых лет"),
    ),
    # The early-warning list (ЕАЖ / СРП): never called "risk group", the name of a typed register.
    Sheet(
        "risk",
        Text("ЕАЖ тізімі", "Список СРП"),
        "Risk",
        RISK_COLUMNS,
        Text(
            "«ЕАЖ тізімін жаңарту» батырмасы толтырады",
            "Заполняется кнопкой «Обновить список СРП»",
        ),
        required=False,
        written_by_socpass=True,
        tab_color="#C00000",
        aliases=("Тәуекел", "Риск"),
    ),
    Sheet(
        "plans",
        Text("Жоспарлар", "Планы"),
        "Plans",
        PLAN_COLUMNS,
        Text(
            "ЕАЖ тізіміндегі оқушылардың жеке қолдау жоспарлары",
            "Индивидуальные планы поддержки учащихся из списка СРП",
        ),
        required=False,
        lookups=PUPIL_LOOKUPS,
        tab_color="#C00000",
    ),
    Sheet(
        "teaching_load",
        Text("Оқу жүктемесі", "Учебная нагрузка"),
        "TeachingLoad",
        TEACHING_LOAD_COLUMNS,
        Text(
            "Жоспарланған сабақ саны журналдан импортталғанда осы парақ бойынша есептеледі: "
            "аптасына сабақ (параллель немесе сынып бойынша) × айдағы апта саны",
            "По этому листу при импорте из журнала рассчитывается число уроков по плану: уроков "
            "в неделю (по параллели или классу) × недель в месяце",
        ),
        required=False,
        tab_color="#7F7F7F",
    ),
    Sheet(
        "settings",
        Text("Баптаулар", "Настройки"),
        "Settings",
        SETTINGS_COLUMNS,
        Text("Мектеп туралы мәлімет және шектер", "Сведения о школе и пороги"),
        tab_color="#7F7F7F",
    ),
)
DATA_SHEETS = tuple(s for s in SHEETS if s.columns)
#: Hidden helper sheet holding dropdown lists too long for an inline list (the reader skips it).
LISTS_SHEET = "_lists"


def sheet(key: str) -> Sheet:
    for s in SHEETS:
        if s.key == key:
            return s
    raise KeyError(key)


def normalize_label(text: object) -> str:
    """Fold a header, sheet name or choice label for matching: case, spaces, ё/е, quotes."""
    s = str(text or "").strip().lower().replace("ё", "е")
    for ch in "«»\"'“”":
        s = s.replace(ch, "")
    return " ".join(s.replace("\n", " ").split())


#: Latin letters typed for their Cyrillic look-alikes (after lower-casing): "Kласс", "Сынып ID".
LATIN_LOOKALIKES = dict(zip("abcehikmoptxy", "авсенікмортху", strict=True))
_LATIN_LOOKALIKES = str.maketrans(LATIN_LOOKALIKES)
#: What people put between the words of a header, or leave out: spaces, hyphens, dots, commas.
_HEADER_GAPS = re.compile(r"[\s\-‐‑–—.,:;_]+")


def normalize_header(text: object) -> str:
    """Fold a header or sheet name harder than `normalize_label`: also without spaces, hyphens
    and dots, and with Latin look-alike letters read as Cyrillic, so «Мекен-жайы», «Мекенжайы»
    and «МЕКЕНЖАЙЫ» are one header, and so are «Т.А.Ә.» and «ТАӘ»."""
    return _HEADER_GAPS.sub("", normalize_label(text)).translate(_LATIN_LOOKALIKES)


def sheet_for_name(name: str) -> Sheet | None:
    """The schema sheet whose Kazakh or Russian name (or table name) matches `name`."""
    wanted = normalize_header(name)
    for s in SHEETS:
        if wanted in {
            normalize_header(s.name.kk),
            normalize_header(s.name.ru),
            normalize_header(s.table or s.key),
            *(normalize_header(a) for a in s.aliases),
        }:
            return s
    return None


@cache
def header_variants(col: Column | Lookup) -> frozenset[str]:
    """Every folded header text (`normalize_header`) that names `col`: its headers, its key and
    its known variants; a lookup is named like the Pupils column it shows."""
    if isinstance(col, Lookup):
        col = sheet("pupils").column(col.source)
    texts = (col.header.kk, col.header.ru, col.key, *col.aliases)
    return frozenset(normalize_header(v) for v in texts) - {""}


def choice_for(col: Column, value: object) -> Choice | None:
    """The choice of `col` that `value` names (key, label in either language, or alias)."""
    wanted = normalize_label(value)
    if wanted.endswith(".0") and wanted[:-2].isdigit():
        wanted = wanted[:-2]
    for c in col.choices:
        names = {c.key, c.label.kk, c.label.ru, *c.aliases}
        if wanted in {normalize_label(n) for n in names}:
            return c
    return None
