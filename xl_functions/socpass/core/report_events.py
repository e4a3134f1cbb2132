"""The report's events and the pedagogue's own words: each direction's events as lines and in
one sentence (how many, how many took part, with which partners), and the Comments sheet's texts
by section and by the metric whose change they explain. User text is placed as typed."""

from __future__ import annotations

import pandas as pd

from .formatting import format_number
from .language import count_phrase, ru_plural_form, ru_with
from .register import RegisterData
from .report_words import day, frame, people_phrase, user_text
from .schema import DIRECTIONS, Lang, Text, sheet

EVENTS_SUMMARY = Text(
    "Бағыт бойынша оқу жылында {count} іс-шара өткізілді{people}.",
    "За учебный год по направлению проведено {count}{people}.",
)
PEOPLE_ALL = Text(", оларға барлығы {people} қатысты", ", в них {verb} {people}")
PEOPLE_SOME = Text(
    ", қатысушылар саны жазылған {known} іс-шараға барлығы {people} қатысты",
    "; число участников указано для {known} из них: всего {people}",
)
PARTNERS = Text(" Бірлесіп өткізілген іс-шаралар: {items}.", " Проведено совместно: {items}.")
NO_EVENTS = Text(
    "Бағыт бойынша «{sheet}» парағында іс-шара жазылмаған.",
    "На листе «{sheet}» нет мероприятий по этому направлению.",
)
TOGETHER = Text("{partner} бірге", "совместно {partner}")
PARTNER = Text("серіктес: {partner}", "партнёр: {partner}")
TOOK_PART = Text("{people} қатысты", "{verb} {people}")
_KK_INSTRUMENTAL = ("мен", "пен", "бен")
_RU_INSTRUMENTAL = ("ом", "ем", "ём", "ой", "ей", "ами", "ями", "ью", "ым", "им", "ыми", "ими")


def _ru_took_part(n: int) -> str:
    return "принял участие" if ru_plural_form(n) == "one" else "приняли участие"


# --------------------------------------------------------------------------- comments


def causes(register: RegisterData) -> dict[str, list[str]]:
    """History metric -> the causes typed for its change, in sheet order."""
    comments = frame(register, "comments")
    out: dict[str, list[str]] = {}
    for key, text in zip(comments["metric"], comments["text"], strict=True):
        if isinstance(key, str) and user_text(text):
            out.setdefault(key, []).append(user_text(text))
    return out


def section_comments(register: RegisterData) -> dict[str, list[str]]:
    """Direction key -> the pedagogue's paragraphs for it (comments tied to no metric)."""
    comments = frame(register, "comments")
    out: dict[str, list[str]] = {}
    for section, key, text in zip(
        comments["section"], comments["metric"], comments["text"], strict=True
    ):
        if isinstance(section, str) and not isinstance(key, str) and user_text(text):
            out.setdefault(section, []).append(user_text(text))
    return out


# --------------------------------------------------------------------------- events


def _with_whom(partner: str, lang: Lang) -> str | None:
    """The partner as typed, in the form "with whom" takes ("сынып жетекшілерімен" /
    "с классными руководителями"); None when it was typed otherwise (a name in the nominative)."""
    words = [w.lower().strip('.,;()«»"') for w in partner.split()] or [""]
    if lang == "kk":  # the ending is on the last word: "қамқоршылық кеңесімен"
        return partner if words[-1].endswith(_KK_INSTRUMENTAL) else None
    # the head noun comes first: "администрацией школы", "классными руководителями", "КДН"
    if words[0].endswith(_RU_INSTRUMENTAL) or partner.split()[0].isupper():
        return f"{ru_with(words[0])} {partner}"
    return None


def _together(partner: str, lang: Lang) -> str:
    """ "сынып жетекшілерімен бірге" / "совместно с классными руководителями"; text typed in
    another form stays as typed, after "серіктес:" / "партнёр:"."""
    if partner.lower().endswith("бірге") or partner.lower().startswith("совместно"):
        return partner
    with_whom = _with_whom(partner, lang)
    if with_whom is None:
        return PARTNER(lang).format(partner=partner)
    return TOGETHER(lang).format(partner=with_whom)


def _event_text(row: pd.Series, lang: Lang) -> str:
    title = user_text(row.get("title"))
    if title and not any(q in title for q in '«"“'):  # already quoted by the user
        title = f"«{title}»"
    head = " – ".join(p for p in (day(row.get("date")), title) if p)
    details = []
    partner = user_text(row.get("partner"))
    if partner:
        details.append(_together(partner, lang))
    participants = row.get("participants")
    if participants is not None and not pd.isna(participants):
        n = int(participants)
        details.append(TOOK_PART(lang).format(people=people_phrase(n, lang), verb=_ru_took_part(n)))
    text = head + (f" ({'; '.join(details)})" if details else "") + "."
    summary = user_text(row.get("summary"))
    return f"{text} {summary}" if summary else text


def _sorted_events(register: RegisterData) -> pd.DataFrame:
    events = frame(register, "events")
    if not len(events):
        return events
    return events.assign(_order=events["date"]).sort_values(
        ["_order", "_row"] if "_row" in events else ["_order"], na_position="last", kind="stable"
    )


def events(register: RegisterData, lang: Lang) -> dict[str, list[str]]:
    """Direction key -> its events as lines, by date."""
    ordered = _sorted_events(register)
    return {
        d.key: [
            _event_text(row, lang) for _, row in ordered[ordered["direction"] == d.key].iterrows()
        ]
        for d in DIRECTIONS
    }


def events_summary(key: str, register: RegisterData, lang: Lang) -> str:
    """How many events the direction had, how many people took part, with which partners."""
    rows = frame(register, "events")
    rows = rows[rows["direction"] == key]
    if not len(rows):
        return NO_EVENTS(lang).format(sheet=sheet("events").name(lang))
    count = len(rows)
    numbers = pd.to_numeric(rows["participants"], errors="coerce").dropna()
    people = ""
    if len(numbers):
        total = int(numbers.sum())
        template = PEOPLE_ALL if len(numbers) == count else PEOPLE_SOME
        people = template(lang).format(
            people=people_phrase(total, lang),
            known=format_number(len(numbers), lang),
            verb=_ru_took_part(total),
        )
    partners: dict[str, int] = {}
    for partner in (user_text(p) for p in rows["partner"]):
        if partner:
            partners[partner] = partners.get(partner, 0) + 1
    listed = ", ".join(
        f"{_with_whom(p, lang) or p} – {format_number(n, lang)}" for p, n in partners.items()
    )
    shown_count = (
        format_number(count, lang)
        if lang == "kk"
        else count_phrase(count, "event", lang, shown=format_number(count, lang))
    )
    text = EVENTS_SUMMARY(lang).format(count=shown_count, people=people)
    return text + (PARTNERS(lang).format(items=listed) if partners else "")
