"""The annual report's content: every number and generated sentence, from a `RegisterData`.

The docx template only places these values; nothing is computed there. Counts come from
`passport` (section I, registers, hot meals) and `risk` (early-warning summary); this module adds
the aid, events, SWOT and recommendations, words the sentences with `language` (case endings,
plural agreement) and lists the figures with the data each chart needs. Pure: no files, no
matplotlib; `render.report` draws the charts and fills the template. Aggregates only: no pupil's
name or id reaches the context.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

import pandas as pd

from .aid import amount, granted, pupils_helped
from .formatting import NO_DATA, format_number, format_percent
from .language import count_phrase, kk_number, kk_ordinal
from .passport import SummaryRow, metric_flags, register_summary, uncounted_notes
from .register import RegisterData
from .risk import flag, tier_summary
from .risk_rules import INDICATOR_LABELS, INDICATORS
from .risk_status import PlanReviews, plan_reviews
from .roll import NO_REASON, NO_REASON_TEXT, Movement, movement, register_pupils
from .schema import (
    AID_KINDS,
    AID_SOURCES,
    CATEGORIES,
    DIRECTIONS,
    LANGS,
    LEAVING_REASONS,
    MEAL_SOURCES,
    NEW,
    QUADRANTS,
    REGISTERS,
    TIERS,
    Lang,
    Text,
    setting,
    sheet,
)

ChartKind = Literal["grouped", "change", "bars", "two_panel"]

# --------------------------------------------------------------------------- texts

CHANGE_FORMULA = Text(
    "Өзгеріс бір формуламен есептелді: (биылғы сан − өткен жылғы сан) / өткен жылғы сан × 100 %, "
    "бір ондық таңбаға дейін; өткен жылы 0 болса – «{new}».",
    "Изменение рассчитано по одной формуле: (число в этом году − число в прошлом году) / число в "
    "прошлом году × 100 %, с одним знаком после запятой; если в прошлом году было 0 – «{new}».",
)
LARGEST_RISE = Text(
    "Өткен оқу жылымен салыстырғанда ең көп өсу «{label}» санатында байқалды: {before} {after} "
    "дейін ({change}).",
    "По сравнению с прошлым учебным годом наибольший рост – в категории «{label}»: с {before} "
    "до {after} ({change}).",
)
LARGEST_FALL = Text(
    "Ең көп кему «{label}» санатында: {before} {after} дейін ({change}).",
    "Наибольшее снижение – в категории «{label}»: с {before} до {after} ({change}).",
)
NO_RISE = Text("Ешбір санатта өсу байқалған жоқ.", "Роста ни в одной категории нет.")
NO_FALL = Text("Ешбір санатта кему байқалған жоқ.", "Снижения ни в одной категории нет.")
NO_PREVIOUS = Text(
    "Өткен оқу жылының көрсеткіштері «{sheet}» парағында жоқ, сондықтан өзгеріс есептелмеді.",
    "Показателей прошлого учебного года на листе «{sheet}» нет, поэтому изменение не рассчитано.",
)
MOVEMENT = Text(
    "{first} – {as_of} аралығында мектепке келген оқушылар саны – {arrived}, мектептен "
    "кеткендері – {left}{reasons}.",
    "С {first} по {as_of} в школу прибыло учащихся: {arrived}, выбыло: {left}{reasons}.",
)
NO_MOVEMENT = Text(
    "{first} – {as_of} аралығында мектепке келген және мектептен кеткен оқушылар тіркелмеген.",
    "С {first} по {as_of} прибывших и выбывших учащихся не отмечено.",
)
MAIN_REASON = Text(" Кетудің негізгі себебі – {reason}.", " Основная причина выбытия – {reason}.")
ORPHANS = Text(
    "Жетім және ата-анасының қамқорлығынсыз қалған білім алушылар саны – {total} (жетім – "
    "{orphans}, ата-анасының қамқорлығынсыз қалған – {no_care}).",
    "Число детей-сирот и детей, оставшихся без попечения родителей, – {total} (сироты – "
    "{orphans}, оставшиеся без попечения родителей – {no_care}).",
)
ROAD = Text(
    "«Мектепке жол» республикалық акциясы аясында {applications} қабылданды, {helped} көмек "
    "көрсетілді. Көмектің жалпы сомасы – {amount} теңге.",
    "В рамках республиканской акции «Дорога в школу» принято {applications}; число учащихся, "
    "получивших помощь, – {helped}. Общая сумма помощи – {amount} тенге.",
)
SPONSORS = Text(
    "Демеушілер есебінен көрсетілген көмек – {amount} теңге.",
    "Помощь за счёт спонсоров – {amount} тенге.",
)
RESOLUTION_64 = Text(
    "№64 қаулыға сәйкес {helped} көмек көрсетілді, жалпы сомасы – {amount} теңге.",
    "По постановлению №64 оказана помощь: учащихся – {helped}, общая сумма – {amount} тенге.",
)
MEALS_BOTH = Text(
    "{source} есебінен тегін ыстық тамақпен қамтылған оқушылар саны {prev_year} оқу жылында {before} "
    "болса, {year} оқу жылында {after} болды: {diff}.",
    "Число учащихся, получающих бесплатное горячее питание (источник: {source}), в {prev_year} "
    "учебном году составляло {before}, в {year} учебном году – {after}: {diff}.",
)
MEALS_NOW = Text(
    "{year} оқу жылында {source} есебінен {after} тегін ыстық тамақпен қамтылды.",
    "Число учащихся, получающих бесплатное горячее питание (источник: {source}), в {year} "
    "учебном году – {after}.",
)
MEALS_LESS = Text("{diff} кеміді ({change})", "меньше на {diff} ({change})")
MEALS_MORE = Text("{diff} артты ({change})", "больше на {diff} ({change})")
MEALS_SAME = Text("өзгеріс жоқ", "без изменений")
MEAL_COST = Text(
    "Бір ыстық тамақтың құны – {cost} теңге.", "Стоимость одного горячего обеда – {cost} тенге."
)
RISK_TEXT = Text(
    "Ерте ескерту жүйесі бойынша қолдауды қажет ететін оқушылар саны – {flagged} (барлық "
    "оқушылардың {share}): {targeted_label} деңгей – {targeted}, {intensive_label} деңгей – {intensive}.",
    "Число учащихся, которым по системе раннего предупреждения нужна поддержка, – {flagged} "
    "({share} от всех учащихся): {targeted_label} уровень – {targeted}, {intensive_label} "
    "уровень – {intensive}.",
)
RISK_INDICATORS = Text("Көрсеткіштер бойынша: {items}.", "По индикаторам: {items}.")
PLANS_TEXT = Text(
    "Жеке қолдау жоспарларының саны – {total}. Қарау мерзімі келген жоспарлар – {due}, оның "
    "ішінде уақытында қаралғаны – {on_time} ({share}).",
    "Индивидуальных планов поддержки – {total}. Планов с наступившим сроком пересмотра – {due}, "
    "из них пересмотрены вовремя – {on_time} ({share}).",
)
PLANS_NONE_DUE = Text(
    "Жеке қолдау жоспарларының саны – {total}. Қарау мерзімі келген жоспар жоқ.",
    "Индивидуальных планов поддержки – {total}. Планов с наступившим сроком пересмотра нет.",
)
EVENT_PARTNER = Text("серіктес: {partner}", "партнёр: {partner}")
EVENT_PARTICIPANTS = Text("қатысушылар саны – {n}", "участников – {n}")
NO_RECOMMENDATIONS = Text(
    "«{sheet}» парағында ұсыныс жазылмаған.", "На листе «{sheet}» рекомендации не записаны."
)
NO_EVENTS = Text(
    "Бұл бағыт бойынша «{sheet}» парағында жазба жоқ.",
    "На листе «{sheet}» нет записей по этому направлению.",
)
FIGURE_WORD = Text("сурет", "Рисунок")
CAPTIONS = {
    "categories": Text(
        "{year} оқу жылындағы әлеуметтік мәртебеге ие отбасылардан шыққан оқушылар саны{vs}",
        "Учащиеся из семей с социальным статусом в {year} учебном году{vs}",
    ),
    "changes": Text("Санаттар бойынша өзгеріс, %", "Изменение по категориям, %"),
    "aid": Text(
        "«Мектепке жол» акциясы және №64 қаулы бойынша көмек",
        "Помощь по акции «Дорога в школу» и постановлению №64",
    ),
    "meals": Text(
        "Тегін ыстық тамақпен қамтылған оқушылар, қаржыландыру көзі бойынша",
        "Учащиеся, получающие бесплатное горячее питание, по источникам",
    ),
    "risk": Text(
        "Ерте ескерту: деңгейлер мен көрсеткіштер бойынша оқушылар саны",
        "Раннее предупреждение: учащиеся по уровням и индикаторам",
    ),
    "swot": Text(
        "{year} оқу жылында атқарылған жұмыстардың SWOT талдауы",
        "SWOT-анализ работы за {year} учебный год",
    ),
}
COMPARED_WITH = Text(" ({year} оқу жылымен салыстыру)", " (в сравнении с {year} учебным годом)")
AID_LABELS = {
    "applications": Text("Өтініштер", "Заявления"),
    "helped": Text("Көмек алған оқушылар", "Получили помощь (учащихся)"),
    "resolution_64": Text(
        "№64 қаулы бойынша көмек алғандар", "Получили помощь по постановлению №64 (учащихся)"
    ),
}
FIGURE_ORDER = ("categories", "changes", "aid", "meals", "risk", "swot")
#: Column headers and chart legends for the previous year when the History sheet has none.
PREVIOUS_YEAR = Text("Өткен жыл", "Прошлый год")
NOT_SET = Text(
    "(«{setting}» «{sheet}» парағында көрсетілмеген)", "(«{setting}» не указано на листе «{sheet}»)"
)
BLANK_SETTINGS = Text(
    "Ескерту: «{sheet}» парағында толтырылмаған: {names}. Есепке енуі үшін оларды толтырыңыз.",
    "Внимание: на листе «{sheet}» не заполнено: {names}. Заполните, чтобы они вошли в отчёт.",
)
TYPED_TEXT_LANGUAGE = Text(
    "Ескерту: тізілімге жазылған мәтін ({sheets} парақтары, мектеп атауы) тізілімнің тілінде – "
    "орыс тілінде – қалды; есептің қалғаны қазақ тілінде.",
    "Примечание: текст, введённый в реестр (листы {sheets}, название школы), остался на языке "
    "реестра – казахском; остальной отчёт – на русском.",
)
#: Settings a signed report names: a blank one leaves a gap the user should know about.
SIGNED_SETTINGS = ("school_name", "pedagogue", "director")

# Characters XML 1.0 forbids, plus \a and \f, which docxtpl would turn into paragraph and page breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Chart:
    """One figure's data: which chart function draws it (`render.charts`) and its arguments."""

    kind: ChartKind
    args: dict[str, object]


@dataclass
class ReportContext:
    """The template's variables and the charts to draw; `values["fig"][key]` gets the image."""

    lang: Lang
    values: dict[str, object]
    charts: dict[str, Chart] = field(default_factory=dict)


def user_text(value: object) -> str:
    """Free text typed by the user, made safe for a docx: control characters dropped, no "nan"."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def _frame(register: RegisterData, key: str) -> pd.DataFrame:
    frame = register.frames.get(key)
    if frame is None:
        return pd.DataFrame(columns=list(sheet(key).column_keys))
    return frame


def number_or_dash(value: int | float | None, lang: Lang) -> str:
    return NO_DATA if value is None else format_number(value, lang)


def share_text(part: int, whole: int, lang: Lang) -> str:
    return format_percent(100 * part / whole if whole else 0.0, lang, 1)


def caption(number: int, text: str, lang: Lang) -> str:
    if lang == "kk":
        return f"{kk_ordinal(number, FIGURE_WORD.kk)}. {text}"
    return f"{FIGURE_WORD.ru} {number}. {text}"


def lower_first(label: str) -> str:
    """A label inside a sentence: "Мақсатты" -> "мақсатты" (abbreviations such as ЕБҚ kept)."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _date(value: object) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%d.%m.%Y")


def report_notes(register: RegisterData, lang: Lang) -> list[str]:
    """Warnings a user should read before signing: blank settings, typed text in another language.

    Pure, so the command line and the Report button say the same thing.
    """
    notes = []
    blank = [k for k in SIGNED_SETTINGS if not user_text(register.settings.get(k))]
    if blank:
        names = ", ".join(f"«{setting(k).label(lang)}»" for k in blank)
        notes.append(BLANK_SETTINGS(lang).format(sheet=sheet("settings").name(lang), names=names))
    typed = user_text(register.settings.get("school_name")) or any(
        len(_frame(register, k)) for k in ("events", "swot", "recommendations")
    )
    if typed and register.lang != lang and register.lang in LANGS:
        sheets = ", ".join(
            f"«{sheet(k).name(lang)}»" for k in ("events", "swot", "recommendations")
        )
        notes.append(TYPED_TEXT_LANGUAGE(lang).format(sheets=sheets))
    return notes


# --------------------------------------------------------------------------- section I


def category_rows(rows: list[SummaryRow], lang: Lang) -> list[dict[str, str]]:
    return [
        {
            "label": r.label + ("" if r.counted else " *"),
            "prev_pupils": number_or_dash(r.previous_pupils, lang),
            "prev_families": number_or_dash(r.previous_families, lang),
            "cur_pupils": number_or_dash(r.current_pupils, lang),
            "cur_families": number_or_dash(r.current_families, lang),
            "change_pupils": r.change_pupils_text,
            "change_families": r.change_families_text,
        }
        for r in rows
    ]


def _movement_text(moved: Movement, first: date, lang: Lang) -> str:
    """Arrivals and departures of the year up to the as-of date, with the reasons for leaving."""
    dates = {"first": first.strftime("%d.%m.%Y"), "as_of": moved.as_of.strftime("%d.%m.%Y")}
    if not moved.arrived and not moved.left:
        return NO_MOVEMENT(lang).format(**dates)
    labels = {c.key: lower_first(c.label(lang)) for c in LEAVING_REASONS}
    labels[NO_REASON] = NO_REASON_TEXT(lang)
    parts = [f"{labels[k]} – {format_number(n, lang)}" for k, n in moved.reasons.items()]
    text = MOVEMENT(lang).format(
        arrived=format_number(moved.arrived, lang),
        left=format_number(moved.left, lang),
        reasons=f" ({', '.join(parts)})" if parts else "",
        **dates,
    )
    known = {k: n for k, n in moved.reasons.items() if k != NO_REASON}
    if len(known) > 1 and sorted(known.values())[-1] > sorted(known.values())[-2]:
        text += MAIN_REASON(lang).format(reason=labels[max(known, key=known.__getitem__)])
    return text


def rise_and_fall(rows: list[SummaryRow], lang: Lang, history_known: bool) -> str:
    """The sentence naming the category with the largest rise and the one with the largest fall."""
    if not history_known:
        return NO_PREVIOUS(lang).format(sheet=sheet("history").name(lang))
    known = [r for r in rows if r.change_pupils is not None]
    rise = max(known, key=lambda r: r.change_pupils or 0.0, default=None)
    fall = min(known, key=lambda r: r.change_pupils or 0.0, default=None)
    parts = []
    for row, template, empty, positive in (
        (rise, LARGEST_RISE, NO_RISE, True),
        (fall, LARGEST_FALL, NO_FALL, False),
    ):
        ratio = row.change_pupils if row else None
        if row is None or ratio is None or ratio == 0 or (ratio > 0) != positive:
            parts.append(empty(lang))
            continue
        before = row.previous_pupils or 0
        parts.append(
            template(lang).format(
                label=row.label,
                before=count_phrase(before, "pupil", lang, "abl", shown=format_number(before, lang))
                if lang == "kk"
                else format_number(before, lang),
                after=count_phrase(
                    row.current_pupils,
                    "pupil",
                    lang,
                    "dat" if lang == "kk" else "gen",
                    shown=format_number(row.current_pupils, lang),
                ),
                change=row.change_pupils_text,
            )
        )
    return " ".join(parts)


def category_charts(rows: list[SummaryRow], years: tuple[str, str], lang: Lang) -> dict[str, Chart]:
    """The two figures of section I: pupils per category in both years, and the change."""
    return {
        "categories": Chart(
            "grouped",
            {
                "labels": [r.label for r in rows],
                "previous": [r.previous_pupils for r in rows],
                "current": [r.current_pupils for r in rows],
                "years": years,
                "lang": lang,
            },
        ),
        "changes": Chart(
            "change",
            {
                "labels": [r.label for r in rows],
                "ratios": [r.change_pupils for r in rows],
                "texts": [r.change_pupils_text for r in rows],
            },
        ),
    }


# --------------------------------------------------------------------------- section II


def _aid_section(register: RegisterData, lang: Lang) -> tuple[dict[str, object], Chart]:
    aid = _frame(register, "aid")
    road = aid[aid["source"] == "road_to_school"]
    road_given = granted(road)
    res64 = granted(aid[aid["source"] == "resolution_64"])
    sponsors = granted(aid[aid["source"] == "sponsor"])
    helped = pupils_helped(road_given)
    rows = [
        {"label": AID_LABELS["applications"](lang), "value": len(road)},
        {"label": AID_LABELS["helped"](lang), "value": helped},
        *(
            {
                "label": k.label(lang),
                "value": pupils_helped(road_given[road_given["kind"] == k.key]),
            }
            for k in AID_KINDS
        ),
        {"label": AID_LABELS["resolution_64"](lang), "value": pupils_helped(res64)},
    ]
    texts = [
        ROAD(lang).format(
            applications=count_phrase(len(road), "application", lang),
            helped=count_phrase(helped, "pupil", lang, "dat") if lang == "kk" else helped,
            amount=format_number(amount(road_given), lang),
        )
    ]
    if len(sponsors):
        texts.append(SPONSORS(lang).format(amount=format_number(amount(sponsors), lang)))
    n64 = pupils_helped(res64)
    texts.append(
        RESOLUTION_64(lang).format(
            helped=count_phrase(n64, "pupil", lang, "dat") if lang == "kk" else n64,
            amount=format_number(amount(res64), lang),
        )
    )
    source_label = {s.key: s.label(lang) for s in AID_SOURCES}
    chart = Chart(
        "bars",
        {"labels": [r["label"] for r in rows], "values": [r["value"] for r in rows], "lang": lang},
    )
    section = {
        "road_label": source_label["road_to_school"],
        "rows": [{"label": r["label"], "value": format_number(r["value"], lang)} for r in rows],
        "text": " ".join(texts),
    }
    return section, chart


def _meal_sentence(row: SummaryRow, source: str, years: tuple[str, str], lang: Lang) -> str:
    now = row.current_pupils
    if row.previous_pupils is None:
        after = count_phrase(now, "pupil", lang) if lang == "kk" else format_number(now, lang)
        return MEALS_NOW(lang).format(year=years[1], source=source, after=after)
    before = row.previous_pupils
    diff = abs(now - before)
    if diff == 0:
        diff_text = MEALS_SAME(lang)
    else:
        phrase = count_phrase(diff, "pupil", lang, "dat" if lang == "kk" else "acc")
        diff_text = (MEALS_LESS if now < before else MEALS_MORE)(lang).format(
            diff=phrase, change=row.change_pupils_text
        )
    return MEALS_BOTH(lang).format(
        source=source,
        prev_year=years[0],
        year=years[1],
        before=count_phrase(before, "pupil", lang) if lang == "kk" else format_number(before, lang),
        after=count_phrase(now, "pupil", lang) if lang == "kk" else format_number(now, lang),
        diff=diff_text,
    )


def _meals_section(
    rows: dict[str, SummaryRow], years: tuple[str, str], register: RegisterData, lang: Lang
) -> tuple[dict[str, object], Chart]:
    meal_rows = [(s, rows[f"meals_{s.key}"]) for s in MEAL_SOURCES]
    sentences = [
        _meal_sentence(r, s.label(lang), years, lang)
        for s, r in meal_rows
        if r.current_pupils or r.previous_pupils
    ]
    cost = register.settings.get("meal_cost")
    if cost:
        sentences.append(MEAL_COST(lang).format(cost=format_number(float(cost), lang)))  # type: ignore[arg-type]
    section = {
        "rows": [
            {
                "label": s.label(lang),
                "prev": number_or_dash(r.previous_pupils, lang),
                "cur": number_or_dash(r.current_pupils, lang),
                "change": r.change_pupils_text,
            }
            for s, r in meal_rows
        ],
        "text": " ".join(sentences),
        "cost": format_number(float(cost), lang) if cost else NO_DATA,  # type: ignore[arg-type]
    }
    chart = Chart(
        "grouped",
        {
            "labels": [s.label(lang) for s, _ in meal_rows],
            "previous": [r.previous_pupils for _, r in meal_rows],
            "current": [r.current_pupils for _, r in meal_rows],
            "years": years,
            "lang": lang,
        },
    )
    return section, chart


# --------------------------------------------------------------------------- section III


def _risk_section(
    register: RegisterData, lang: Lang, today: date
) -> tuple[dict[str, object], Chart]:
    summary = tier_summary(flag(register, today))
    return risk_section(
        summary["tiers"],  # type: ignore[arg-type]
        summary["indicators"],  # type: ignore[arg-type]
        plan_reviews(_frame(register, "plans"), today),
        int(summary["plans_overdue"]),  # type: ignore[call-overload]
        lang,
    )


def risk_section(
    tiers: Mapping[str, int],
    indicators: Mapping[str, int],
    reviews: PlanReviews,
    overdue: int,
    lang: Lang,
) -> tuple[dict[str, object], Chart]:
    """The early-warning part of a report from its counts (a school's or a district's): pupils
    per tier and indicator, the sentences, the plans' reviews, and the chart."""
    total = sum(tiers.values())
    flagged = tiers.get("targeted", 0) + tiers.get("intensive", 0)
    tier_label = {t.key: t.label(lang) for t in TIERS}
    share = share_text(flagged, total, lang)
    text = RISK_TEXT(lang).format(
        flagged=format_number(flagged, lang),
        share=kk_number(share, "poss") if lang == "kk" else share,  # оқушылардың 7,6%-ы
        targeted_label=lower_first(tier_label["targeted"]),
        targeted=format_number(tiers.get("targeted", 0), lang),
        intensive_label=lower_first(tier_label["intensive"]),
        intensive=format_number(tiers.get("intensive", 0), lang),
    )
    items = ", ".join(
        f"{lower_first(INDICATOR_LABELS[k](lang))} – {format_number(indicators.get(k, 0), lang)}"
        for k in INDICATORS
    )
    if reviews.due:
        plans_text = PLANS_TEXT(lang).format(
            total=format_number(reviews.total, lang),
            due=format_number(reviews.due, lang),
            on_time=format_number(reviews.on_time, lang),
            share=share_text(reviews.on_time, reviews.due, lang),
        )
    else:
        plans_text = PLANS_NONE_DUE(lang).format(total=format_number(reviews.total, lang))
    section = {
        "tiers": [
            {"label": tier_label[t.key], "value": format_number(tiers.get(t.key, 0), lang)}
            for t in TIERS
        ],
        "indicators": [
            {"label": INDICATOR_LABELS[k](lang), "value": format_number(indicators.get(k, 0), lang)}
            for k in INDICATORS
        ],
        "text": f"{text} {RISK_INDICATORS(lang).format(items=items)}",
        "plans_text": plans_text,
        "overdue": format_number(overdue, lang),
    }
    chart = Chart(
        "two_panel",
        {
            "left": (
                sheet("risk").column("tier").header(lang),
                [tier_label[t.key] for t in TIERS],
                [int(tiers.get(t.key, 0)) for t in TIERS],
            ),
            "right": (
                RISK_INDICATORS(lang).split(":")[0],
                [INDICATOR_LABELS[k](lang) for k in INDICATORS],
                [int(indicators.get(k, 0)) for k in INDICATORS],
            ),
            "lang": lang,
        },
    )
    return section, chart


# --------------------------------------------------------------------------- events, SWOT, ...


def _event_text(row: pd.Series, lang: Lang) -> str:
    title = user_text(row.get("title"))
    if title and not any(q in title for q in '«"“'):  # already quoted by the user
        title = f"«{title}»"
    head = " – ".join(p for p in (_date(row.get("date")), title) if p)
    details = []
    partner = user_text(row.get("partner"))
    if partner:
        details.append(EVENT_PARTNER(lang).format(partner=partner))
    participants = row.get("participants")
    if participants is not None and not pd.isna(participants):
        details.append(EVENT_PARTICIPANTS(lang).format(n=format_number(int(participants), lang)))
    text = head + (f" ({'; '.join(details)})" if details else "") + "."
    summary = user_text(row.get("summary"))
    return f"{text} {summary}" if summary else text


def _events(register: RegisterData, lang: Lang) -> dict[str, list[str]]:
    events = _frame(register, "events")
    if len(events):
        events = events.assign(_order=events["date"]).sort_values(
            ["_order", "_row"] if "_row" in events else ["_order"],
            na_position="last",
            kind="stable",
        )
    out: dict[str, list[str]] = {}
    for d in DIRECTIONS:
        rows = events[events["direction"] == d.key]
        texts = [_event_text(row, lang) for _, row in rows.iterrows()]
        out[d.key] = texts or [NO_EVENTS(lang).format(sheet=sheet("events").name(lang))]
    return out


def _swot(register: RegisterData, lang: Lang) -> dict[str, dict[str, object]]:
    swot = _frame(register, "swot")
    out = {}
    for q in QUADRANTS:
        items = [user_text(t) for t in swot.loc[swot["quadrant"] == q.key, "text"]]
        out[q.key] = {"label": q.label(lang), "points": [t for t in items if t] or [NO_DATA]}
    return out


def _recommendations(register: RegisterData) -> list[dict[str, object]]:
    texts = [user_text(t) for t in _frame(register, "recommendations")["text"]]
    return [{"number": i, "text": t} for i, t in enumerate((t for t in texts if t), start=1)]


# --------------------------------------------------------------------------- the whole context


def build_context(
    register: RegisterData, lang: Lang | None = None, today: date | None = None
) -> ReportContext:
    """Everything the report shows, in `lang` (default: the register's language).

    `today` fixes the date that decides which plans are due for review (default: today), so the
    same register and date always give the same text.
    """
    lang = lang or register.lang
    today = today or date.today()
    if lang != register.lang:  # labels and change texts follow the report's language
        register = replace(register, lang=lang)
    previous, summary = register_summary(register)
    rows = {r.metric: r for r in summary}
    year = user_text(register.settings.get("school_year"))
    previous_label = previous or PREVIOUS_YEAR(lang)
    categories = [rows[c.key] for c in CATEGORIES]

    figures = {key: {"number": i} for i, key in enumerate(FIGURE_ORDER, start=1)}
    vs = COMPARED_WITH(lang).format(year=previous) if previous else ""
    for key, fig in figures.items():
        fig["caption"] = caption(fig["number"], CAPTIONS[key](lang).format(year=year, vs=vs), lang)

    pupils = register_pupils(register)
    as_of = register.as_of_date
    orphans = metric_flags(pupils, "orphan")
    no_care = metric_flags(pupils, "no_parental_care")
    aid, aid_chart = _aid_section(register, lang)
    meals, meals_chart = _meals_section(rows, (previous_label, year), register, lang)
    risk, risk_chart = _risk_section(register, lang, today)

    school = user_text(register.settings.get("school_name")) or NOT_SET(lang).format(
        setting=setting("school_name").label(lang), sheet=sheet("settings").name(lang)
    )
    values: dict[str, object] = {
        "school_name": school,
        "school_year": year,
        "previous_year": previous_label,
        "report_date": today.strftime("%d.%m.%Y"),
        "as_of": as_of.strftime("%d.%m.%Y"),
        "pedagogue": user_text(register.settings.get("pedagogue")),
        "director": user_text(register.settings.get("director")),
        "pupils_total": format_number(len(pupils), lang),
        "directions": [d.label(lang) for d in DIRECTIONS],
        "categories": category_rows(categories, lang),
        "change_formula": CHANGE_FORMULA(lang).format(new=NEW(lang)),
        "passport_text": rise_and_fall(categories, lang, previous is not None),
        "passport_notes": uncounted_notes([r.metric for r in categories if not r.counted], lang),
        "movement_text": _movement_text(
            movement(_frame(register, "pupils"), register.school_year, as_of),
            register.school_year.first_day,
            lang,
        ),
        "orphans_text": ORPHANS(lang).format(
            total=format_number(int((orphans | no_care).sum()), lang),
            orphans=format_number(int(orphans.sum()), lang),
            no_care=format_number(int(no_care.sum()), lang),
        ),
        "aid": aid,
        "meals": meals,
        "registers": [
            {
                "label": r.label(lang),
                "prev": number_or_dash(rows[f"reg_{r.key}"].previous_pupils, lang),
                "cur": number_or_dash(rows[f"reg_{r.key}"].current_pupils, lang),
            }
            for r in REGISTERS
        ],
        "risk": risk,
        "events": _events(register, lang),
        "swot": _swot(register, lang),
        "recommendations": _recommendations(register),
        "no_recommendations": NO_RECOMMENDATIONS(lang).format(
            sheet=sheet("recommendations").name(lang)
        ),
        "fig": figures,
    }
    charts = {
        **category_charts(categories, (previous_label, year), lang),
        "aid": aid_chart,
        "meals": meals_chart,
        "risk": risk_chart,
    }
    return ReportContext(lang, values, charts)
