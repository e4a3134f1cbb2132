"""The annual report's content: every number and generated sentence, from a `RegisterData`.

The docx template only places these values; nothing is computed there. Each direction I–VI opens
with a paragraph composed from the data (`sections[key]["summary"]`: counts, the change since last
year where History has it, the events of the direction, with whom and how many took part), then the
pedagogue's own words from the Comments sheet (`sections[key]["comments"]`, literally), then the
tables, figures and the list of events. A comment tied to a History metric is the cause of that
metric's change and follows the sentence about it. Counts come from `passport` (section I,
registers, hot meals) and `risk` (the early-warning list, as of `today`, with its period); the
sentences are worded with `language` (case endings, plural agreement) and the section texts in
`report_sections`. Pure: no files, no matplotlib; `render.report` draws the charts and fills the
template. Aggregates only: no pupil's name or id reaches the context.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from . import report_events as events_text
from . import report_sections as sections
from .formatting import NO_DATA, format_number
from .language import kk_ordinal
from .passport import register_summary
from .register import RegisterData
from .report_early_warning import early_warning, risk_section
from .report_sections import CHANGE_FORMULA, category_charts, category_rows, rise_and_fall
from .report_words import Chart, frame, number_or_dash, show_year, user_text
from .roll import register_pupils
from .schema import DIRECTIONS, LANGS, NEW, QUADRANTS, Lang, Text, setting, sheet

FIGURE_WORD = Text("сурет", "Рисунок")
CAPTIONS = {
    "categories": Text(
        "{year} оқу жылындағы әлеуметтік мәртебеге ие отбасылардан шыққан оқушылар мен олардың "
        "отбасылары (оқушы/отбасы){vs}",
        "Учащиеся из семей с социальным статусом и их семьи (учащиеся/семьи) в {year} учебном "
        "году{vs}",
    ),
    "changes": Text(
        "Санаттар бойынша оқушылар санының өзгерісі, %", "Изменение числа учащихся по категориям, %"
    ),
    "aid": Text(
        "«Мектепке жол» акциясы және №64 қаулы бойынша көмек алған оқушылар саны",
        "Число учащихся, получивших помощь по акции «Дорога в школу» и постановлению №64",
    ),
    "meals": Text(
        "Тегін ыстық тамақпен қамтылған оқушылар, қаржыландыру көзі бойынша",
        "Учащиеся, получающие бесплатное горячее питание, по источникам",
    ),
    "risk": Text(
        "ЕАЖ тізіміндегі оқушылар: көрсеткіштер мен сыныптар бойынша, деңгейлерімен",
        "Учащиеся из списка СРП по индикаторам и классам, с уровнями",
    ),
    "swot": Text(
        "{year} оқу жылында атқарылған жұмыстардың SWOT талдауы",
        "SWOT-анализ работы за {year} учебный год",
    ),
}
COMPARED_WITH = Text(" ({year} оқу жылымен салыстыру)", " (в сравнении с {year} учебным годом)")
FIGURE_ORDER = ("categories", "changes", "aid", "meals", "risk", "swot")
#: Column headers and chart legends for the previous year when the History sheet has none.
PREVIOUS_YEAR = Text("Өткен жыл", "Прошлый год")
NOT_SET = Text(
    "(«{setting}» «{sheet}» парағында көрсетілмеген)", "(«{setting}» не указано на листе «{sheet}»)"
)
NO_RECOMMENDATIONS = Text(
    "«{sheet}» парағында ұсыныс жазылмаған.", "На листе «{sheet}» рекомендации не записаны."
)
BLANK_SETTINGS = Text(
    "Ескерту: «{sheet}» парағында толтырылмаған: {names}. Есепке енуі үшін оларды толтырыңыз.",
    "Внимание: на листе «{sheet}» не заполнено: {names}. Заполните, чтобы они вошли в отчёт.",
)
NO_COMMENTS = Text(
    "Ескерту: «{sheet}» парағы бос, сондықтан есептің бөлімдерінде тек сандар бойынша "
    "құрылған сөйлемдер бар. Әр бөлімге өз талдауыңызды және санаттардың өзгеру себептерін сол "
    "параққа жазыңыз.",
    "Внимание: лист «{sheet}» пуст, поэтому в разделах отчёта только фразы, составленные по "
    "числам. Впишите на этот лист свой анализ по каждому разделу и причины изменения категорий.",
)
TYPED_TEXT_LANGUAGE = Text(
    "Ескерту: тізілімге жазылған мәтін ({sheets} парақтары, мектеп атауы) тізілімнің тілінде – "
    "орыс тілінде – қалды; есептің қалғаны қазақ тілінде.",
    "Примечание: текст, введённый в реестр (листы {sheets}, название школы), остался на языке "
    "реестра – казахском; остальной отчёт – на русском.",
)
#: Settings a signed report names: a blank one leaves a gap the user should know about.
SIGNED_SETTINGS = ("school_name", "pedagogue", "director")
#: Sheets whose typed text goes into the report as it is.
TYPED_SHEETS = ("events", "comments", "swot", "recommendations")


@dataclass
class ReportContext:
    """The template's variables and the charts to draw; `values["fig"][key]` gets the image."""

    lang: Lang
    values: dict[str, object]
    charts: dict[str, Chart] = field(default_factory=dict)


def caption(number: int, text: str, lang: Lang) -> str:
    if lang == "kk":
        return f"{kk_ordinal(number, FIGURE_WORD.kk)}. {text}"
    return f"{FIGURE_WORD.ru} {number}. {text}"


def report_notes(register: RegisterData, lang: Lang) -> list[str]:
    """Warnings a user should read before signing: blank settings, no comments of her own, typed
    text in another language.

    Pure, so the command line and the Report button say the same thing.
    """
    notes = []
    blank = [k for k in SIGNED_SETTINGS if not user_text(register.settings.get(k))]
    if blank:
        names = ", ".join(f"«{setting(k).label(lang)}»" for k in blank)
        notes.append(BLANK_SETTINGS(lang).format(sheet=sheet("settings").name(lang), names=names))
    if not len(frame(register, "comments")):
        notes.append(NO_COMMENTS(lang).format(sheet=sheet("comments").name(lang)))
    typed = user_text(register.settings.get("school_name")) or any(
        len(frame(register, k)) for k in TYPED_SHEETS
    )
    if typed and register.lang != lang and register.lang in LANGS:
        sheets = ", ".join(f"«{sheet(k).name(lang)}»" for k in TYPED_SHEETS)
        notes.append(TYPED_TEXT_LANGUAGE(lang).format(sheets=sheets))
    return notes


def _swot(register: RegisterData, lang: Lang) -> dict[str, dict[str, object]]:
    swot = frame(register, "swot")
    out = {}
    for q in QUADRANTS:
        items = [user_text(t) for t in swot.loc[swot["quadrant"] == q.key, "text"]]
        out[q.key] = {"label": q.label(lang), "points": [t for t in items if t] or [NO_DATA]}
    return out


def _recommendations(register: RegisterData) -> list[dict[str, object]]:
    texts = [user_text(t) for t in frame(register, "recommendations")["text"]]
    return [{"number": i, "text": t} for i, t in enumerate((t for t in texts if t), start=1)]


def build_context(
    register: RegisterData, lang: Lang | None = None, today: date | None = None
) -> ReportContext:
    """Everything the report shows, in `lang` (default: the register's language).

    `today` fixes the date of the early-warning list and of the plans due for review (default:
    today), so the same register and date always give the same text.
    """
    lang = lang or register.lang
    today = today or date.today()
    if lang != register.lang:  # labels and change texts follow the report's language
        register = replace(register, lang=lang)
    previous, summary = register_summary(register)
    rows = {r.metric: r for r in summary}
    year = show_year(user_text(register.settings.get("school_year")))
    previous_label = show_year(previous) if previous else PREVIOUS_YEAR(lang)
    years = (previous_label, year)
    causes = events_text.causes(register)
    comments = events_text.section_comments(register)
    events = events_text.events(register, lang)

    figures = {key: {"number": i} for i, key in enumerate(FIGURE_ORDER, start=1)}
    vs = COMPARED_WITH(lang).format(year=previous_label) if previous else ""
    for key, fig in figures.items():
        fig["caption"] = caption(fig["number"], CAPTIONS[key](lang).format(year=year, vs=vs), lang)

    passport, passport_charts = sections.passport(register, rows, years, causes, lang)
    rights, aid_chart = sections.rights(register, rows, causes, lang)
    meals, meals_chart = sections.meals(register, rows, years, causes, lang)
    registers = sections.registers(rows, causes, lang)
    risk, risk_chart = early_warning(register, today, lang)

    summaries = {
        "I": passport["summary"],
        "II": rights["summary"],
        "III": registers["summary"],
    }
    section_values = {
        d.key: {
            "summary": " ".join(
                p
                for p in (
                    summaries.get(d.key, ""),
                    events_text.events_summary(d.key, register, lang),
                )
                if p
            ),
            "comments": comments.get(d.key, []),
            "events": events[d.key],
        }
        for d in DIRECTIONS
    }
    school = user_text(register.settings.get("school_name")) or NOT_SET(lang).format(
        setting=setting("school_name").label(lang), sheet=sheet("settings").name(lang)
    )
    values: dict[str, object] = {
        "school_name": school,
        "school_year": year,
        "previous_year": previous_label,
        "report_date": today.strftime("%d.%m.%Y"),
        "as_of": register.as_of_date.strftime("%d.%m.%Y"),
        "pedagogue": user_text(register.settings.get("pedagogue")),
        "director": user_text(register.settings.get("director")),
        "pupils_total": format_number(len(register_pupils(register)), lang),
        "directions": [d.label(lang) for d in DIRECTIONS],
        "sections": section_values,
        "categories": passport["rows"],
        "change_formula": CHANGE_FORMULA(lang).format(new=NEW(lang)),
        "passport_text": passport["text"],
        "passport_causes": passport["causes"],
        "passport_notes": passport["notes"],
        "movement_text": passport["movement"],
        "orphans_text": rights["orphans"],
        "aid": rights["aid"],
        "meals": meals,
        "registers": registers["rows"],
        "registers_causes": registers["causes"],
        "risk": risk,
        # every direction's events as one list each, for templates made before the sections
        "events": {
            key: value["events"] or [value["summary"]] for key, value in section_values.items()
        },
        "swot": _swot(register, lang),
        "recommendations": _recommendations(register),
        "no_recommendations": NO_RECOMMENDATIONS(lang).format(
            sheet=sheet("recommendations").name(lang)
        ),
        "fig": figures,
    }
    charts = {
        **passport_charts,
        "aid": aid_chart,
        "meals": meals_chart,
        "risk": risk_chart,
    }
    return ReportContext(lang, values, charts)


#: What the district report (`district_report`) builds with the same machinery.
__all__ = [
    "CHANGE_FORMULA",
    "PREVIOUS_YEAR",
    "ReportContext",
    "build_context",
    "caption",
    "category_charts",
    "category_rows",
    "number_or_dash",
    "report_notes",
    "rise_and_fall",
    "risk_section",
]
