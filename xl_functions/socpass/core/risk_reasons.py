"""The early warning in words: one sentence per rule a pupil meets, in Kazakh and Russian.

`risk_rules` decides who meets which rule; this module only says it. Kazakh endings after numbers
come from `core.language` (сабақтың 14,2%-ын, 10%-дан жоғары); numbers use babel's decimal comma.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

from .formatting import format_number
from .language import kk_number
from .period import Window
from .schema import INCIDENT_TYPES, SERIOUS_INCIDENTS, Lang, Register, Text

HOME_NOTE = Text("үйде оқиды", "надомное обучение")
DISABILITY_NOTE = Text("мүгедектігі бар бала", "ребёнок с инвалидностью")
REPEATING_REASON = Text("Сыныпта қайта оқиды", "Оставлен(а) на повторное обучение")


@lru_cache(maxsize=4096)  # babel's formatting is slow and a school's shares repeat
def pct(value: float, lang: Lang, decimals: int | None = None) -> str:
    """14.2 -> '14,2%' (babel's decimal comma); whole thresholds without decimals: '10%'."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    return f"{format_number(value, lang, decimals)}%"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _both(build: Callable[[Lang], str]) -> Text:
    return Text(_sentence(build("kk")), _sentence(build("ru")))


def _label_lower(text: str) -> str:
    """'Зорлық-зомбылық' -> 'зорлық-зомбылық', keeping abbreviations such as 'ЕБҚ' intact."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def _missed_kk(window: Window, share: float) -> str:
    """'қазан айында сабақтың 14,2%-ын дәлелсіз себеппен жіберді'."""
    missed = kk_number(pct(share, "kk", 1), "poss_acc")
    return f"{window.when('kk')} сабақтың {missed} дәлелсіз себеппен жіберді"


def _missed_ru(window: Window, share: float) -> str:
    """'за октябрь пропустил(а) без уважительной причины 14,2% уроков'."""
    return f"{window.when('ru')} пропустил(а) без уважительной причины {pct(share, 'ru', 1)} уроков"


def attendance_reason(
    window: Window, share: float, threshold: float, strict: bool, note: Text | None
) -> Text:
    def build(lang: Lang) -> str:
        limit = pct(threshold, lang)
        if lang == "kk":
            rule = f"шегі: {kk_number(limit, 'abl')} жоғары" if strict else f"шегі {limit}"
            rule += f", {note.kk}" if note else ""
            return f"{_missed_kk(window, share)} ({rule})"
        rule = f"порог: более {limit}" if strict else f"порог {limit}"
        rule += f", {note.ru}" if note else ""
        return f"{_missed_ru(window, share)} ({rule})"

    return _both(build)


def caution_reason(window: Window, share: float, caution: float) -> Text:
    def build(lang: Lang) -> str:
        level = pct(caution, lang)
        if lang == "kk":
            return f"{_missed_kk(window, share)}: ескерту деңгейі ({level}), шектен төмен"
        return f"{_missed_ru(window, share)}: уровень внимания ({level}), ниже порога"

    return _both(build)


def failing_reason(quarter: int, count: int, minimum: int) -> Text:
    return Text(
        f"{quarter}-тоқсанда {count} пәннен «2» алды (шегі {minimum})",
        f"В {quarter}-й четверти предметов с «2»: {count} (порог {minimum})",
    )


def not_attested_reason(quarter: int, count: int, minimum: int) -> Text:
    return Text(
        f"{quarter}-тоқсанда {count} пән бойынша аттестатталмады (шегі {minimum})",
        f"В {quarter}-й четверти не аттестован(а) по предметам: {count} (порог {minimum})",
    )


def _types_text(types: dict[str, int], lang: Lang) -> str:
    return ", ".join(
        f"{_label_lower(c.label(lang))} — {types[c.key]}" for c in INCIDENT_TYPES if c.key in types
    )


def serious_reason(window: Window, count: int, types: dict[str, int], minimum: int) -> Text:
    def build(lang: Lang) -> str:
        kinds = _types_text({k: v for k, v in types.items() if k in SERIOUS_INCIDENTS}, lang)
        if lang == "kk":
            return f"{window.when(lang)} {count} ауыр оқиға тіркелді ({kinds}; шегі {minimum})"
        return f"{window.when(lang)}: серьёзных нарушений — {count} ({kinds}; порог {minimum})"

    return _both(build)


def any_incidents_reason(window: Window, count: int, types: dict[str, int], minimum: int) -> Text:
    def build(lang: Lang) -> str:
        kinds = _types_text(types, lang)
        if lang == "kk":
            return f"{window.when(lang)} барлығы {count} оқиға тіркелді ({kinds}; шегі {minimum})"
        return f"{window.when(lang)}: всего нарушений — {count} ({kinds}; порог {minimum})"

    return _both(build)


def register_reason(reg: Register) -> Text:
    """'Мектепішілік есепте тұр' / 'Состоит на внутришкольном учёте'."""
    return Text(_sentence(reg.standing.kk), _sentence(reg.standing.ru))


def render(texts: Iterable[Text], lang: Lang) -> str:
    """Reasons or context as one cell: one sentence, its parts joined by '; ', a capital letter
    only at its start (abbreviations such as ІІБ keep theirs)."""
    parts = [t(lang) for t in texts]
    return "; ".join(p if i == 0 else _label_lower(p) for i, p in enumerate(parts))
