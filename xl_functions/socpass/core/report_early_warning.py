"""Section III's early-warning list (ЕАЖ / СРП) in the report: as of which date and period, how
many pupils by tier and indicator, the plans; figure 5 shows the targeted and intensive tiers by
indicator and by grade, nobody else. The list is never called the risk group: that is a register
the school keeps by its own decision."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from .formatting import format_number
from .language import kk_number
from .register import RegisterData
from .report_words import Chart, frame, lower_first, pct, pupils_phrase
from .risk import RiskResult, flag, tier_summary
from .risk_rules import INDICATOR_LABELS, INDICATORS
from .risk_status import PlanReviews, plan_counts
from .schema import REGISTERS, TIERS, Lang, Text

EARLY_WARNING = Text(
    "{date} жағдай бойынша ЕАЖ тізімінде {flagged} бар (барлық оқушылардың {share}): "
    "нысаналы деңгейде – {targeted}, мамандырылған деңгейде – {intensive}. {period}",
    "По состоянию на {date} в списке СРП {flagged} ({share} от всех учащихся): на целевом "
    "уровне – {targeted}, на специализированном – {intensive}. {period}",
)
PERIOD = Text(
    "Сабаққа қатысу {attendance} бойынша, үлгерім {academic}, мінез-құлық {behaviour} бойынша "
    "бағаланды.",
    "Посещаемость оценена {attendance}, успеваемость – {academic}, поведение – {behaviour}.",
)
ACADEMIC_QUARTER = Text("{quarter}-тоқсанның қорытындысы бойынша", "по итогам {quarter}-й четверти")
NO_ACADEMIC = Text("бойынша деректер жоқ болды", "не оценивалась: данных нет")
JOIN = Text(" және ", " и ")
RISK_INDICATORS = Text(
    "Көрсеткіштер бойынша: {items} (бір оқушы бірнеше көрсеткішке сәйкес келуі мүмкін).",
    "По индикаторам: {items} (один учащийся может соответствовать нескольким индикаторам).",
)
NOT_THE_REGISTER = Text(
    "ЕАЖ тізімі көрсеткіштер бойынша жасалады және мектеп шешімімен жүргізілетін «{register}» "
    "есебімен бірдей емес.",
    "Список СРП составляется по индикаторам и не совпадает с учётом «{register}», который школа "
    "ведёт по своему решению.",
)
EW_TOTAL = Text("ЕАЖ тізімінде барлығы", "Всего в списке СРП")
EW_HEADERS = (
    Text("Көрсеткіш", "Индикатор"),
    Text("Нысаналы деңгей", "Целевой уровень"),
    Text("Мамандырылған деңгей", "Специализированный уровень"),
    Text("Барлығы", "Всего"),
)
BY_INDICATOR = Text("Көрсеткіштер бойынша", "По индикаторам")
BY_GRADE = Text("Сыныптар (параллельдер) бойынша", "По классам (параллелям)")
PLANS = Text(
    "Жеке қолдау жоспарлары – {total}, оның ішінде жабылмағаны – {open}. ЕАЖ тізіміндегі "
    "оқушылардың қарау мерзімі өтіп кеткен жоспарлары – {overdue}.",
    "Индивидуальных планов поддержки – {total}, из них не закрыто – {open}. Просрочен пересмотр "
    "планов у учащихся из списка СРП: {overdue}.",
)


def _period(result: RiskResult, lang: Lang) -> str:
    """Which stretch of the year each indicator looked at."""
    period = result.period
    academic = (
        ACADEMIC_QUARTER(lang).format(quarter=result.quarter)
        if result.quarter
        else NO_ACADEMIC(lang)
    )
    return PERIOD(lang).format(
        attendance=JOIN(lang).join(w.span(lang) for w in period.attendance),
        academic=academic,
        behaviour=period.behaviour.span(lang),
    )


def _plans(register: RegisterData, result: RiskResult, lang: Lang) -> str:
    """The plans as the dashboard counts them: rows of the Plans sheet, those not closed, and the
    listed pupils whose plan's review is overdue (the Risk sheet's column)."""
    total, open_plans = plan_counts(frame(register, "plans"))
    return PLANS(lang).format(
        total=format_number(total, lang),
        open=format_number(open_plans, lang),
        overdue=format_number(sum(1 for r in result.rows if r.plan_overdue), lang),
    )


def early_warning(
    register: RegisterData, today: date, lang: Lang
) -> tuple[dict[str, object], Chart]:
    """The early-warning list (ЕАЖ / СРП) as of `today`: how many, on which date and period, by
    tier and indicator, the plans; figure 5 shows the targeted and intensive tiers by indicator
    and by grade (nobody else)."""
    result = flag(register, today)
    summary = tier_summary(result)
    tiers: dict[str, int] = summary["tiers"]  # type: ignore[assignment]
    by_indicator: dict[str, dict[str, int]] = summary["indicator_tiers"]  # type: ignore[assignment]
    indicators: dict[str, int] = summary["indicators"]  # type: ignore[assignment]
    grades: dict[int, dict[str, int]] = summary["grades"]  # type: ignore[assignment]
    flagged = int(summary["flagged"])  # type: ignore[call-overload]
    share = pct(flagged, int(summary["pupils"]), lang)  # type: ignore[call-overload]
    tier_label = {t.key: t.label(lang) for t in TIERS}
    listed = ("targeted", "intensive")
    text = EARLY_WARNING(lang).format(
        date=today.strftime("%d.%m.%Y"),
        flagged=pupils_phrase(flagged, lang),
        share=kk_number(share, "poss") if lang == "kk" else share,  # оқушылардың 7,6%-ы
        targeted=format_number(tiers["targeted"], lang),
        intensive=format_number(tiers["intensive"], lang),
        period=_period(result, lang),
    )
    items = ", ".join(
        f"{lower_first(INDICATOR_LABELS[k](lang))} – {format_number(indicators[k], lang)}"
        for k in INDICATORS
    )
    register_label = next(r.label(lang) for r in REGISTERS if r.key == "risk_group")
    text += " " + RISK_INDICATORS(lang).format(items=items)
    text += " " + NOT_THE_REGISTER(lang).format(register=register_label)
    table = [
        {
            "label": INDICATOR_LABELS[k](lang),
            "targeted": format_number(by_indicator[k]["targeted"], lang),
            "intensive": format_number(by_indicator[k]["intensive"], lang),
            "total": format_number(indicators[k], lang),
        }
        for k in INDICATORS
    ]
    table.append(
        {
            "label": EW_TOTAL(lang),
            "targeted": format_number(tiers["targeted"], lang),
            "intensive": format_number(tiers["intensive"], lang),
            "total": format_number(flagged, lang),
        }
    )
    shown_grades = [g for g in sorted(grades) if sum(grades[g][t] for t in listed)]
    chart = Chart(
        "tiers",
        {
            "panels": [
                (
                    BY_INDICATOR(lang),
                    [INDICATOR_LABELS[k](lang) for k in INDICATORS],
                    [[by_indicator[k][t] for k in INDICATORS] for t in listed],
                ),
                (
                    BY_GRADE(lang),
                    [str(g) for g in shown_grades],
                    [[grades[g][t] for g in shown_grades] for t in listed],
                ),
            ],
            "series": [tier_label[t] for t in listed],
            "lang": lang,
        },
    )
    values = {
        "heading_date": today.strftime("%d.%m.%Y"),
        "text": text,
        "headers": [h(lang) for h in EW_HEADERS],
        "table": table,
        "tiers": [{"label": tier_label[t], "value": format_number(tiers[t], lang)} for t in listed],
        "indicators": [
            {"label": INDICATOR_LABELS[k](lang), "value": format_number(indicators[k], lang)}
            for k in INDICATORS
        ],
        "flagged": format_number(flagged, lang),
        "plans_text": _plans(register, result, lang),
        "overdue": format_number(int(summary["plans_overdue"]), lang),  # type: ignore[call-overload]
    }
    return values, chart


# --------------------------------------------------------------------------- from counts only

RISK_COUNTS = Text(
    "ЕАЖ тізімінде {flagged} бар (барлық оқушылардың {share}): нысаналы деңгейде – {targeted}, "
    "мамандырылған деңгейде – {intensive}.",
    "В списке СРП {flagged} ({share} от всех учащихся): на целевом уровне – {targeted}, на "
    "специализированном – {intensive}.",
)
PLAN_REVIEWS = Text(
    "Жеке қолдау жоспарларының саны – {total}. Қарау мерзімі келген жоспарлар – {due}, оның "
    "ішінде уақытында қаралғаны – {on_time} ({share}).",
    "Индивидуальных планов поддержки – {total}. Планов с наступившим сроком пересмотра – {due}, "
    "из них пересмотрены вовремя – {on_time} ({share}).",
)
PLAN_REVIEWS_NONE_DUE = Text(
    "Жеке қолдау жоспарларының саны – {total}. Қарау мерзімі келген жоспар жоқ.",
    "Индивидуальных планов поддержки – {total}. Планов с наступившим сроком пересмотра нет.",
)


def risk_section(
    tiers: Mapping[str, int],
    indicators: Mapping[str, int],
    reviews: PlanReviews,
    overdue: int,
    lang: Lang,
) -> tuple[dict[str, object], Chart]:
    """The early-warning list from its counts alone (a district's, summed over schools): pupils
    on the list by tier and by indicator, the plans' reviews, and a figure of the listed pupils
    only (the tiers and the indicators; nobody else)."""
    total = sum(tiers.values())
    flagged = tiers.get("targeted", 0) + tiers.get("intensive", 0)
    tier_label = {t.key: t.label(lang) for t in TIERS}
    share = pct(flagged, total, lang)
    text = RISK_COUNTS(lang).format(
        flagged=pupils_phrase(flagged, lang),
        share=kk_number(share, "poss") if lang == "kk" else share,
        targeted=format_number(tiers.get("targeted", 0), lang),
        intensive=format_number(tiers.get("intensive", 0), lang),
    )
    items = ", ".join(
        f"{lower_first(INDICATOR_LABELS[k](lang))} – {format_number(indicators.get(k, 0), lang)}"
        for k in INDICATORS
    )
    if reviews.due:
        plans_text = PLAN_REVIEWS(lang).format(
            total=format_number(reviews.total, lang),
            due=format_number(reviews.due, lang),
            on_time=format_number(reviews.on_time, lang),
            share=pct(reviews.on_time, reviews.due, lang),
        )
    else:
        plans_text = PLAN_REVIEWS_NONE_DUE(lang).format(total=format_number(reviews.total, lang))
    listed = ("targeted", "intensive")
    section = {
        "tiers": [
            {"label": tier_label[t], "value": format_number(tiers.get(t, 0), lang)} for t in listed
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
        "bars",
        {
            "labels": [tier_label[t] for t in listed]
            + [INDICATOR_LABELS[k](lang) for k in INDICATORS],
            "values": [int(tiers.get(t, 0)) for t in listed]
            + [int(indicators.get(k, 0)) for k in INDICATORS],
            "lang": lang,
        },
    )
    return section, chart
