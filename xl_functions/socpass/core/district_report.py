"""The district report's content: every number and sentence, from a `District`.

The same machinery as the school's annual report (`report_context`): the category table and the
sentence on the largest rise and fall, the early-warning section with its chart, the figures'
captions; around them what only a district has: how many schools were counted and how, the
schools with the largest rises and falls, the schools above the rule of thumb, the files not
counted and the schools whose file never came. Pure, aggregates only: schools are named, no child.
"""

from __future__ import annotations

from datetime import date

from .aggregates import SchoolIdentity
from .district import RULE_OF_THUMB, District, SchoolChange, Total
from .formatting import format_change, format_number, format_percent
from .language import count_phrase
from .passport import FAMILY_METRICS, SummaryRow
from .report_context import (
    CHANGE_FORMULA,
    PREVIOUS_YEAR,
    ReportContext,
    caption,
    category_charts,
    category_rows,
    number_or_dash,
    rise_and_fall,
    risk_section,
)
from .risk_rules import INDICATORS
from .risk_status import PlanReviews
from .schema import (
    AID_SOURCES,
    CATEGORIES,
    DIRECTIONS,
    MEAL_SOURCES,
    NEW,
    REGISTERS,
    TIERS,
    Lang,
    Text,
    category,
    sheet,
)

INTRO = Text(
    "{year} оқу жылының жиынтығы {schools} деректері бойынша жасалды: жиынтық жіберген мектептер – "
    "{returns}, толық тізілімі оқылып, жиынтық сандарға келтірілген мектептер – {registers}.",
    "Сводка за {year} учебный год составлена по данным {schools}: школ, приславших сводку, – "
    "{returns}; школ, чей полный реестр прочитан и сведён к итоговым числам, – {registers}.",
)
NOT_COUNTED = Text(
    "Есепке алынбаған файлдар – {refused}, файлы келмеген мектептер – {missing} (тізімі есептің "
    "соңында).",
    "Не учтено файлов – {refused}, школ, от которых нет файла, – {missing} (список в конце "
    "отчёта).",
)
ALL_COUNTED = Text(
    "Барлық файл есепке алынды.",
    "Учтены все файлы.",
)
LIKE_FOR_LIKE = Text(
    "Аудан бойынша өзгеріс екі жылдың да деректерін берген мектептер бойынша есептелді.",
    "Изменение по району рассчитано по школам, давшим данные за оба года.",
)
ABOVE_TEXT = Text(
    "Ауданның ережесі бойынша (нысаналы деңгейдегі оқушылар үлесі {targeted}-дан, "
    "мамандырылғандағы {intensive}-дан жоғары) назар аударуды қажет ететін мектептер – {count}.",
    "По правилу района (доля целевого уровня выше {targeted}, специализированного – выше {intensive}) "
    "внимания требуют школ: {count}.",
)
NONE_ABOVE = Text(
    "Ауданның ережесінен (нысаналы деңгейдегі оқушылар үлесі {targeted}-дан, мамандырылғандағы "
    "{intensive}-дан жоғары) асатын мектеп жоқ.",
    "Школ, превысивших порог района (доля целевого уровня выше {targeted}, специализированного – "
    "выше {intensive}), нет.",
)
NO_CHANGES = Text(
    "Мектептердің санаттарында өткен жылмен салыстыруға болатын өзгеріс жоқ.",
    "Изменений в категориях школ, которые можно сравнить с прошлым годом, нет.",
)
CAPTIONS = {
    "categories": Text(
        "{year} оқу жылындағы әлеуметтік мәртебеге ие отбасылардан шыққан оқушылар, аудан бойынша",
        "Учащиеся из семей с социальным статусом в {year} учебном году, по району",
    ),
    "changes": Text(
        "Санаттар бойынша өзгеріс, аудан бойынша, %", "Изменение по категориям по району, %"
    ),
    "risk": Text(
        "Ерте ескерту: деңгейлер мен көрсеткіштер бойынша оқушылар, аудан бойынша",
        "Раннее предупреждение: учащиеся по уровням и индикаторам, по району",
    ),
}
FIGURE_ORDER = ("categories", "changes", "risk")
NOT_SET = Text("(аудан «{sheet}» парағында көрсетілмеген)", "(район не указан на листе «{sheet}»)")


def _school(school: SchoolIdentity) -> str:
    return f"{school.name} ({school.code})" if school.name else school.code


def _summary_row(total: Total, families: Total | None, label: str, lang: Lang) -> SummaryRow:
    """A district total as the school report's table row (the change like for like)."""

    def ratio(t: Total | None) -> float | None:
        change = t.change if t else None
        return change if isinstance(change, float) else None

    def text(t: Total | None) -> str:
        return format_change(t.compared_previous, t.compared_current, lang) if t else "—"

    return SummaryRow(
        metric=total.key,
        label=label,
        previous_pupils=total.previous,  # type: ignore[arg-type]
        previous_families=families.previous if families else None,  # type: ignore[arg-type]
        current_pupils=int(total.current or 0),
        current_families=families.current if families else None,  # type: ignore[arg-type]
        change_pupils=ratio(total),
        change_families=ratio(families),
        change_pupils_text=text(total),
        change_families_text=text(families),
    )


def _change_rows(changes: list[SchoolChange], lang: Lang) -> list[dict[str, str]]:
    return [
        {
            "school": _school(c.school),
            "category": category(c.metric).label(lang),
            "before": format_number(c.previous, lang),
            "after": format_number(c.current, lang),
            "difference": f"{c.difference:+d}".replace("-", "−"),
            "change": format_change(c.previous, c.current, lang),
        }
        for c in changes
    ]


def _percent(share: float, lang: Lang) -> str:
    return format_percent(100 * share, lang, 1)


def build_district_context(district: District, lang: Lang, today: date) -> ReportContext:
    """Everything the district report shows, in `lang`."""
    totals = {t.key: t for t in district.totals()}
    year, previous = str(district.school_year), str(district.previous_year)
    compared = any(totals[f"passport.{c.key}.pupils"].compared for c in CATEGORIES)
    previous_label = previous if compared else PREVIOUS_YEAR(lang)
    rows = [
        _summary_row(
            totals[f"passport.{c.key}.pupils"],
            totals.get(f"passport.{c.key}.families") if c.key in FAMILY_METRICS else None,
            c.label(lang),
            lang,
        )
        for c in CATEGORIES
    ]

    def table(keys: list[tuple[str, str]]) -> list[dict[str, str]]:
        return [
            {
                "label": label,
                "prev": number_or_dash(totals[k].previous, lang),
                "cur": number_or_dash(totals[k].current, lang),
                "change": format_change(
                    totals[k].compared_previous, totals[k].compared_current, lang
                ),
            }
            for k, label in keys
        ]

    def count(key: str) -> int:
        return int(totals[key].current or 0)

    risk, risk_chart = risk_section(
        {t.key: count(f"risk.tier.{t.key}") for t in TIERS},
        {i: count(f"risk.indicator.{i}") for i in INDICATORS},
        PlanReviews(count("plans.total"), count("plans.due"), count("plans.reviewed_on_time")),
        count("plans.overdue"),
        lang,
    )
    tier = {t.key: t.label(lang) for t in TIERS}
    risks = district.risks()
    above = [r for r in risks if r.above]
    rule = {t: format_percent(100 * share, lang, 0) for t, share in RULE_OF_THUMB.items()}
    above_text = (ABOVE_TEXT if above else NONE_ABOVE)(lang).format(count=len(above), **rule)
    rises, falls = district.changes()

    figures = {key: {"number": i} for i, key in enumerate(FIGURE_ORDER, start=1)}
    for key, fig in figures.items():
        fig["caption"] = caption(fig["number"], CAPTIONS[key](lang).format(year=year), lang)
    if district.refused or district.missing:
        not_counted = NOT_COUNTED(lang).format(
            refused=len(district.refused), missing=len(district.missing)
        )
    else:
        not_counted = ALL_COUNTED(lang)
    schools = len(district.schools)
    returns, registers = district.count("return"), district.count("register")
    intro = INTRO(lang).format(
        year=year,
        schools=count_phrase(schools, "school", lang, "gen"),
        returns=format_number(returns, lang),
        registers=format_number(registers, lang),
    )
    values: dict[str, object] = {
        "place": ", ".join(p for p in (district.name, district.region) if p)
        or NOT_SET(lang).format(sheet=sheet("settings").name(lang)),
        "school_year": year,
        "previous_year": previous_label,
        "report_date": today.strftime("%d.%m.%Y"),
        "as_of": district.as_of,
        "intro": f"{intro} {not_counted}",
        "change_formula": f"{CHANGE_FORMULA(lang).format(new=NEW(lang))} {LIKE_FOR_LIKE(lang)}",
        "categories": category_rows(rows, lang),
        "passport_text": rise_and_fall(rows, lang, compared),
        "registers": table([(f"passport.reg_{r.key}.pupils", r.label(lang)) for r in REGISTERS]),
        "meals": table([(f"passport.meals_{s.key}.pupils", s.label(lang)) for s in MEAL_SOURCES]),
        "aid": [
            {
                "label": s.label(lang),
                "applications": format_number(count(f"aid.{s.key}.applications"), lang),
                "pupils": format_number(count(f"aid.{s.key}.pupils"), lang),
                "amount": format_number(float(totals[f"aid.{s.key}.amount"].current or 0), lang),
            }
            for s in AID_SOURCES
        ],
        "risk": risk,
        "above_text": above_text,
        "tier": tier,
        "above": [
            {
                "school": _school(r.school),
                "pupils": format_number(r.pupils, lang),
                "targeted": _percent(r.shares["targeted"], lang),
                "intensive": _percent(r.shares["intensive"], lang),
                "marked": ", ".join(tier[t] for t in r.above),
            }
            for r in above
        ],
        "rises": _change_rows(rises, lang),
        "falls": _change_rows(falls, lang),
        "no_changes": NO_CHANGES(lang) if not (rises or falls) else "",
        "events": [
            {
                "label": d.label(lang),
                "count": format_number(count(f"events.{d.key}.count"), lang),
                "participants": format_number(count(f"events.{d.key}.participants"), lang),
            }
            for d in DIRECTIONS
        ],
        "refused": [
            {
                "file": r.file,
                "school": _school(r.school) if r.school else "",
                "reason": r.reason(lang),
            }
            for r in district.refused
        ],
        "missing": [
            {"school": f"{m.name} ({m.code})" if m.name else m.code} for m in district.missing
        ],
        "fig": figures,
    }
    charts = {**category_charts(rows, (previous_label, year), lang), "risk": risk_chart}
    return ReportContext(lang, values, charts)
