"""Sections I–III of the report in numbers and words: the social passport, children's rights
(orphans, aid, hot meals) and the registers.

Every function takes what `report_context.build_context` has already computed (the passport's
`SummaryRow`s by metric, the two years as printed, the causes typed on the Comments sheet) and
returns plain values for the template and the data of its figures. Counting rules stay where they
are (`passport`); this module words them, each metric's change followed by the cause typed for it.
The first use of each abbreviation is written out here (`report_words.ABBREVIATIONS`); the
early-warning list is in `report_early_warning`, the events and comments in `report_events`.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from .aid import amount as tenge
from .aid import granted, pupils_helped
from .formatting import NO_DATA, format_number
from .language import count_phrase, kk_number, ru_plural_form
from .passport import SummaryRow, metric_flags, uncounted_notes
from .register import RegisterData
from .report_words import (
    Chart,
    frame,
    lower_first,
    number_or_dash,
    pct,
    pupils_phrase,
    upper_first,
)
from .roll import NO_REASON, NO_REASON_TEXT, Movement, movement, register_pupils
from .schema import (
    AID_KINDS,
    CATEGORIES,
    LEAVING_REASONS,
    MEAL_SOURCES,
    REGISTERS,
    Lang,
    Text,
    sheet,
)

# --------------------------------------------------------------------------- section I

CHANGE_FORMULA = Text(
    "Өзгеріс мына формуламен есептелді: (биылғы сан − өткен жылғы сан) / өткен жылғы сан × 100%, "
    "үтірден кейін бір таңбаға дейін; өткен жылы 0 болса – «{new}», екі жылда да 0 болса – «—».",
    "Изменение рассчитано по формуле: (число в этом году − число в прошлом году) / число в "
    "прошлом году × 100%, с одним знаком после запятой; если в прошлом году было 0 – «{new}», "
    "если 0 в оба года – «—».",
)
PASSPORT_SUMMARY = Text(
    "Тізілім бойынша мектепте {pupils} оқиды, олардың {social} ({share}) кемінде бір "
    "әлеуметтік санатқа жатады.",
    "По данным реестра в школе {pupils}, из них {social} ({share}) {verb} хотя бы к одной "
    "социальной категории.",
)
LARGEST_RISE = Text(
    "Өткен оқу жылымен салыстырғанда ең көп өсу «{label}» санатында байқалды: {before} {after} "
    "дейін артты ({change}).",
    "По сравнению с прошлым учебным годом наибольший рост – в категории «{label}»: с {before} "
    "до {after} ({change}).",
)
LARGEST_FALL = Text(
    "Ең көп кему «{label}» санатында: {before} {after} дейін азайды ({change}).",
    "Наибольшее снижение – в категории «{label}»: с {before} до {after} ({change}).",
)
NO_RISE = Text("Ешбір санатта өсу байқалған жоқ.", "Роста ни в одной категории нет.")
NO_FALL = Text("Ешбір санатта кему байқалған жоқ.", "Снижения ни в одной категории нет.")
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
NO_PREVIOUS = Text(
    "Өткен оқу жылының көрсеткіштері «{sheet}» парағында жоқ, сондықтан өзгеріс есептелмеді.",
    "Показателей прошлого учебного года на листе «{sheet}» нет, поэтому изменение не рассчитано.",
)
#: A metric's change, before the cause the pedagogue typed for it.
CHANGED = Text(
    "«{label}»: оқушылар саны {before} {after} дейін {verb} ({change}).",
    "«{label}»: число учащихся {verb} с {before} до {after} ({change}).",
)
GREW = Text("артты", "увеличилось")
FELL = Text("азайды", "уменьшилось")
UNCHANGED = Text(
    "«{label}»: оқушылар саны өзгерген жоқ ({count}).",
    "«{label}»: число учащихся не изменилось ({count}).",
)
COUNT_ONLY = Text("«{label}»: {count}.", "«{label}»: {count}.")
FIGURE_PUPILS = Text("Оқушылар", "Учащиеся")
FIGURE_FAMILIES = Text("Отбасылар", "Семьи")
#: Category labels in the report, where the first use of an abbreviation is written out.
REPORT_LABELS = {
    "special_needs": Text(
        "Ерекше білім берілуіне қажеттілігі бар (ЕБҚ)",
        "С особыми образовательными потребностями (ООП)",
    )
}

# --------------------------------------------------------------------------- section II

ORPHANS = Text(
    "Жетім және ата-анасының қамқорлығынсыз қалған (АҚҚ) білім алушылар саны – {total} (жетім – "
    "{orphans}, АҚҚ – {no_care}){before}.",
    "Число детей-сирот и детей, оставшихся без попечения родителей, – {total} (сироты – "
    "{orphans}, оставшиеся без попечения родителей – {no_care}){before}.",
)
ORPHANS_BEFORE = Text("; өткен оқу жылында – {count}", "; в прошлом учебном году – {count}")
ROAD = Text(
    "«Мектепке жол» республикалық акциясы аясында {applications} қабылданды, {helped} көмек "
    "көрсетілді{kinds}.",
    "В рамках республиканской акции «Дорога в школу» принято {applications}, помощь оказана "
    "{helped}{kinds}.",
)
ROAD_NONE_HELPED = Text(
    "«Мектепке жол» республикалық акциясы аясында {applications} қабылданды; көмек әлі "
    "көрсетілген жоқ.",
    "В рамках республиканской акции «Дорога в школу» принято {applications}; помощь пока не "
    "оказана.",
)
NO_ROAD = Text(
    "«Мектепке жол» акциясы бойынша «{sheet}» парағында жазба жоқ.",
    "По акции «Дорога в школу» на листе «{sheet}» записей нет.",
)
SOURCE_AID = {
    "sponsor": Text(
        "Демеушілер есебінен {helped}{amount} көмек көрсетілді.",
        "За счёт спонсоров помощь оказана {helped}{amount}.",
    ),
    "resolution_64": Text(
        "№64 қаулыға сәйкес {helped}{amount} көмек көрсетілді.",
        "По постановлению №64 помощь оказана {helped}{amount}.",
    ),
}
AMOUNT = Text(" жалпы сомасы {amount} теңге", " на общую сумму {amount} тенге")
MONEY_AMOUNT = Text("{count} ({amount} теңге)", "{count} ({amount} тенге)")
AID_ROWS = {
    "road_total": Text("«Мектепке жол»: барлығы", "«Дорога в школу»: всего"),
    "resolution_64": Text("№64 қаулы бойынша", "По постановлению №64"),
    "sponsor": Text("Демеушілер есебінен", "За счёт спонсоров"),
}
AID_HEADERS = (
    Text("Көмек түрі", "Вид помощи"),
    Text("Оқушылар", "Учащихся"),
    Text("Сомасы, теңге", "Сумма, тенге"),
)
#: "за счёт …" / "… есебінен": who pays for the free hot meals; ЖББҚ written out at first use.
MEAL_PAYERS = {
    "fund": Text("жалпыға бірдей білім беру қоры (ЖББҚ) есебінен", "за счёт фонда всеобуча"),
    "tenant": Text("асхана жалгерінің есебінен", "за счёт арендатора столовой"),
    "other": Text("басқа көздер есебінен", "за счёт других источников"),
}
MEALS_CHANGED = Text(
    "{payer} тегін ыстық тамақпен {year} оқу жылында {after} қамтылды (өткен оқу жылында – "
    "{before}; {diff} {verb}, {change}).",
    "{payer} бесплатным горячим питанием в {year} учебном году {verb_now} {after} (в прошлом "
    "году – {before}, на {diff} {verb}, {change}).",
)
MEALS_LESS = Text("оқушыға азайды", "меньше")
MEALS_MORE = Text("оқушыға артты", "больше")
MEALS_SAME = Text(
    "{payer} тегін ыстық тамақпен екі жылда да {after} қамтылды (өзгеріс жоқ).",
    "{payer} бесплатным горячим питанием {verb_now} {after}, как и в прошлом году.",
)
MEALS_NOW = Text(
    "{payer} тегін ыстық тамақпен {year} оқу жылында {after} қамтылды.",
    "{payer} бесплатным горячим питанием в {year} учебном году {verb_now} {after}.",
)
MEAL_COST = Text(
    "Бір ыстық тамақтың құны – {cost} теңге.", "Стоимость одного горячего обеда – {cost} тенге."
)

# --------------------------------------------------------------------------- section III

REGISTERS_SUMMARY = Text(
    "Есеп түрлері бойынша оқушылар саны: {items}.",
    "Число учащихся по видам учёта: {items}.",
)
REGISTER_BEFORE = Text(" (өткен жылы – {count})", " (в прошлом году – {count})")
#: Where a pupil on each register is, written out at the register's first use in the report.
REGISTER_PLACES = {
    "intra_school": Text("мектепішілік есепте", "на внутришкольном учёте"),
    "risk_group": Text("тәуекел тобында", "в группе риска"),
    "police": Text(
        "ішкі істер басқармасының (ІІБ) есебінде", "на учёте в органах внутренних дел (ОВД)"
    ),
    "commission": Text(
        "кәмелетке толмағандардың істері және олардың құқықтарын қорғау жөніндегі комиссияның "
        "(КІЖК) есебінде",
        "на учёте в комиссии по делам несовершеннолетних и защите их прав (КДН)",
    ),
    "ped_support": Text("педагогикалық сүйемелдеуде", "на педагогическом сопровождении"),
}


def _with_causes(sentence: str, metric_key: str, found: dict[str, list[str]]) -> str:
    return " ".join([sentence, *found.get(metric_key, [])])


def _change_sentence(row: SummaryRow, lang: Lang) -> str:
    """What became of one metric: "«ІІБ есебі»: оқушылар саны 3 оқушыдан 2 оқушыға дейін
    азайды (−33,3%)."; the words for no change or no previous year."""
    now, before = row.current_pupils, row.previous_pupils
    if before is None:
        return COUNT_ONLY(lang).format(label=row.label, count=pupils_phrase(now, lang))
    if before == now:
        return UNCHANGED(lang).format(label=row.label, count=pupils_phrase(now, lang))
    return CHANGED(lang).format(
        label=row.label,
        before=pupils_phrase(before, lang, "abl") if lang == "kk" else format_number(before, lang),
        after=pupils_phrase(now, lang, "dat" if lang == "kk" else "gen"),
        verb=(GREW if now > before else FELL)(lang),
        change=row.change_pupils_text,
    )


# --------------------------------------------------------------------------- section I


def category_rows(rows: list[SummaryRow], lang: Lang) -> list[dict[str, str]]:
    """The category table's rows (a school's or a district's); a metric the register has no
    column for is starred, and said below the table."""
    return [
        {
            "label": (REPORT_LABELS[r.metric](lang) if r.metric in REPORT_LABELS else r.label)
            + ("" if r.counted else " *"),
            "prev_pupils": number_or_dash(r.previous_pupils, lang),
            "prev_families": number_or_dash(r.previous_families, lang),
            "cur_pupils": number_or_dash(r.current_pupils, lang),
            "cur_families": number_or_dash(r.current_families, lang),
            "change_pupils": r.change_pupils_text,
            "change_families": r.change_families_text,
        }
        for r in rows
    ]


def _extreme(rows: list[SummaryRow], rise: bool) -> SummaryRow | None:
    known = [r for r in rows if r.change_pupils is not None and (r.change_pupils > 0) == rise]
    known = [r for r in known if r.change_pupils]
    if not known:
        return None
    pick = max if rise else min
    return pick(known, key=lambda r: r.change_pupils or 0.0)


def _rise_and_fall(
    rows: list[SummaryRow], lang: Lang, history_known: bool, found: dict[str, list[str]]
) -> tuple[str, list[str]]:
    """The sentences naming the largest rise and fall, each followed by its cause, and a
    paragraph per other category with a cause typed for it."""
    if not history_known:
        text = NO_PREVIOUS(lang).format(sheet=sheet("history").name(lang))
        return text, [
            _with_causes(_change_sentence(r, lang), r.metric, found)
            for r in rows
            if r.metric in found
        ]
    parts, said = [], set()
    for rise, template, empty in ((True, LARGEST_RISE, NO_RISE), (False, LARGEST_FALL, NO_FALL)):
        row = _extreme(rows, rise)
        if row is None:
            parts.append(empty(lang))
            continue
        before = row.previous_pupils or 0
        sentence = template(lang).format(
            label=row.label,
            before=pupils_phrase(before, lang, "abl")
            if lang == "kk"
            else format_number(before, lang),
            after=pupils_phrase(row.current_pupils, lang, "dat" if lang == "kk" else "gen"),
            change=row.change_pupils_text,
        )
        parts.append(_with_causes(sentence, row.metric, found))
        said.add(row.metric)
    others = [
        _with_causes(_change_sentence(r, lang), r.metric, found)
        for r in rows
        if r.metric in found and r.metric not in said
    ]
    return " ".join(parts), others


def rise_and_fall(rows: list[SummaryRow], lang: Lang, history_known: bool) -> str:
    """The sentences naming the largest rise and fall (no causes: a district's table)."""
    return _rise_and_fall(rows, lang, history_known, {})[0]


def category_charts(rows: list[SummaryRow], years: tuple[str, str], lang: Lang) -> dict[str, Chart]:
    """Figures 1 (pupils and families, оқушы/отбасы, both years) and 2 (the change)."""
    labels = [r.label for r in rows]
    return {
        "categories": Chart(
            "families",
            {
                "labels": labels,
                "pupils": ([r.previous_pupils for r in rows], [r.current_pupils for r in rows]),
                "families": (
                    [r.previous_families for r in rows],
                    [r.current_families for r in rows],
                ),
                "years": years,
                "titles": (FIGURE_PUPILS(lang), FIGURE_FAMILIES(lang)),
                "lang": lang,
            },
        ),
        "changes": Chart(
            "change",
            {
                "labels": labels,
                "ratios": [r.change_pupils for r in rows],
                "texts": [r.change_pupils_text for r in rows],
            },
        ),
    }


def movement_text(moved: Movement, first: date, lang: Lang) -> str:
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


def passport(
    register: RegisterData,
    rows: dict[str, SummaryRow],
    years: tuple[str, str],
    found: dict[str, list[str]],
    lang: Lang,
) -> tuple[dict[str, object], dict[str, Chart]]:
    """Section I: the opening numbers (pupils on the roll as of the register's date), the
    category table, the rise and fall with their causes, the arrivals and leavers, and figures
    1 and 2."""
    pupils = register_pupils(register)
    social = int(pupils[[f"cat_{c.key}" for c in CATEGORIES]].astype(bool).any(axis=1).sum())
    summary = PASSPORT_SUMMARY(lang).format(
        pupils=pupils_phrase(len(pupils), lang),
        social=kk_number(format_number(social, lang), "poss")
        if lang == "kk"
        else format_number(social, lang),
        share=pct(social, len(pupils), lang),
        verb="относится" if ru_plural_form(social) == "one" else "относятся",
    )
    categories = [rows[c.key] for c in CATEGORIES]
    history_known = any(r.previous_pupils is not None for r in categories)
    text, others = _rise_and_fall(categories, lang, history_known, found)
    moved = movement(frame(register, "pupils"), register.school_year, register.as_of_date)
    values = {
        "summary": summary,
        "rows": category_rows(categories, lang),
        "text": text,
        "causes": others,
        "notes": uncounted_notes([r.metric for r in categories if not r.counted], lang),
        "movement": movement_text(moved, register.school_year.first_day, lang),
    }
    return values, category_charts(categories, years, lang)


# --------------------------------------------------------------------------- section II


def _helped(n: int, lang: Lang) -> str:
    return pupils_phrase(n, lang, "dat")


def _amount_text(amount: float, lang: Lang) -> str:
    """ " жалпы сомасы 60 000 теңге" — nothing at all for aid in kind with no sum."""
    return AMOUNT(lang).format(amount=format_number(amount, lang)) if amount > 0 else ""


def _orphans(register: RegisterData, rows: dict[str, SummaryRow], lang: Lang) -> str:
    pupils = frame(register, "pupils")
    orphans = metric_flags(pupils, "orphan")
    no_care = metric_flags(pupils, "no_parental_care")
    earlier = [rows[k].previous_pupils for k in ("orphan", "no_parental_care")]
    before = (
        ORPHANS_BEFORE(lang).format(count=format_number(sum(earlier), lang))  # type: ignore[arg-type]
        if all(e is not None for e in earlier)
        else ""
    )
    return ORPHANS(lang).format(
        total=format_number(int((orphans | no_care).sum()), lang),
        orphans=format_number(int(orphans.sum()), lang),
        no_care=format_number(int(no_care.sum()), lang),
        before=before,
    )


def _road_text(road: pd.DataFrame, given: pd.DataFrame, lang: Lang) -> str:
    if not len(road):
        return NO_ROAD(lang).format(sheet=sheet("aid").name(lang))
    applications = count_phrase(
        len(road), "application", lang, shown=format_number(len(road), lang)
    )
    helped = pupils_helped(given)
    if not helped:
        return ROAD_NONE_HELPED(lang).format(applications=applications)
    kinds = []
    for kind in AID_KINDS:
        rows = given[given["kind"] == kind.key]
        if not len(rows):
            continue
        count = format_number(pupils_helped(rows), lang)
        amount = tenge(rows)
        shown = (
            MONEY_AMOUNT(lang).format(count=count, amount=format_number(amount, lang))
            if amount > 0
            else count
        )
        kinds.append(f"{lower_first(kind.label(lang))} – {shown}")
    return ROAD(lang).format(
        applications=applications,
        helped=_helped(helped, lang),
        kinds=(": " + ", ".join(kinds)) if kinds else "",
    )


def rights(
    register: RegisterData, rows: dict[str, SummaryRow], found: dict[str, list[str]], lang: Lang
) -> tuple[dict[str, object], Chart]:
    """Section II: orphans and children without parental care, the aid («Мектепке жол», No. 64,
    sponsors) with a table of pupils and sums and figure 3 (pupils only)."""
    aid = frame(register, "aid")
    road = aid[aid["source"] == "road_to_school"]
    road_given = granted(road)
    texts = [_road_text(road, road_given, lang)]
    table = []
    for kind in AID_KINDS:
        given = road_given[road_given["kind"] == kind.key]
        table.append((kind.label(lang), pupils_helped(given), tenge(given)))
    table.append((AID_ROWS["road_total"](lang), pupils_helped(road_given), tenge(road_given)))
    for source in ("resolution_64", "sponsor"):
        given = granted(aid[aid["source"] == source])
        if not len(given):
            continue
        n, amount = pupils_helped(given), tenge(given)
        texts.append(
            SOURCE_AID[source](lang).format(
                helped=_helped(n, lang), amount=_amount_text(amount, lang)
            )
        )
        table.append((AID_ROWS[source](lang), n, amount))
    orphans = _orphans(register, rows, lang)
    orphans = _with_causes(_with_causes(orphans, "orphan", found), "no_parental_care", found)
    chart_rows = [r for r in table if r[0] != AID_ROWS["sponsor"](lang)]
    chart = Chart(
        "bars",
        {"labels": [r[0] for r in chart_rows], "values": [r[1] for r in chart_rows], "lang": lang},
    )
    values = {
        "summary": orphans,
        "orphans": orphans,
        "aid": {
            "text": " ".join(texts),
            "headers": [h(lang) for h in AID_HEADERS],
            "rows": [
                {
                    "label": label,
                    "pupils": format_number(n, lang),
                    "value": format_number(n, lang),
                    "amount": format_number(amount, lang) if amount > 0 else NO_DATA,
                }
                for label, n, amount in table
            ],
        },
    }
    return values, chart


def _meal_sentence(row: SummaryRow, payer: str, year: str, lang: Lang) -> str:
    now, before = row.current_pupils, row.previous_pupils
    payer = upper_first(payer)
    verb_now = "обеспечен" if ru_plural_form(now) == "one" else "обеспечены"
    after = pupils_phrase(now, lang)
    if before is None:
        return MEALS_NOW(lang).format(payer=payer, year=year, after=after, verb_now=verb_now)
    if before == now:
        return MEALS_SAME(lang).format(payer=payer, after=after, verb_now=verb_now)
    diff = abs(now - before)
    return MEALS_CHANGED(lang).format(
        payer=payer,
        year=year,
        after=after,
        before=format_number(before, lang),
        diff=format_number(diff, lang),
        verb=(MEALS_LESS if now < before else MEALS_MORE)(lang),
        verb_now=verb_now,
        change=row.change_pupils_text,
    )


def meals(
    register: RegisterData,
    rows: dict[str, SummaryRow],
    years: tuple[str, str],
    found: dict[str, list[str]],
    lang: Lang,
) -> tuple[dict[str, object], Chart]:
    """Free hot meals by who pays, against last year, each source's sentence with its cause."""
    meal_rows = [(s, rows[f"meals_{s.key}"]) for s in MEAL_SOURCES]
    paragraphs = [
        _with_causes(
            _meal_sentence(r, MEAL_PAYERS[s.key](lang), years[1], lang), f"meals_{s.key}", found
        )
        for s, r in meal_rows
        if r.current_pupils or r.previous_pupils
    ]
    cost = register.settings.get("meal_cost")
    if cost:
        paragraphs.append(MEAL_COST(lang).format(cost=format_number(float(cost), lang)))  # type: ignore[arg-type]
    values = {
        "rows": [
            {
                "label": s.label(lang),
                "prev": number_or_dash(r.previous_pupils, lang),
                "cur": number_or_dash(r.current_pupils, lang),
                "change": r.change_pupils_text,
            }
            for s, r in meal_rows
        ],
        "text": " ".join(paragraphs),
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
    return values, chart


# --------------------------------------------------------------------------- section III


def registers(
    rows: dict[str, SummaryRow], found: dict[str, list[str]], lang: Lang
) -> dict[str, object]:
    """The registers: one sentence naming each (abbreviations written out), the table, causes."""
    items = []
    for r in REGISTERS:
        row = rows[f"reg_{r.key}"]
        before = (
            REGISTER_BEFORE(lang).format(count=format_number(row.previous_pupils, lang))
            if row.previous_pupils is not None
            else ""
        )
        count = (
            pupils_phrase(row.current_pupils, lang)
            if lang == "kk"
            else format_number(row.current_pupils, lang)
        )
        items.append(f"{REGISTER_PLACES[r.key](lang)} – {count}{before}")
    return {
        "summary": REGISTERS_SUMMARY(lang).format(items="; ".join(items)),
        "rows": [
            {
                "label": r.label(lang),
                "prev": number_or_dash(rows[f"reg_{r.key}"].previous_pupils, lang),
                "cur": number_or_dash(rows[f"reg_{r.key}"].current_pupils, lang),
                "change": rows[f"reg_{r.key}"].change_pupils_text,
            }
            for r in REGISTERS
        ],
        "causes": [
            _with_causes(_change_sentence(rows[f"reg_{r.key}"], lang), f"reg_{r.key}", found)
            for r in REGISTERS
            if f"reg_{r.key}" in found
        ],
    }
