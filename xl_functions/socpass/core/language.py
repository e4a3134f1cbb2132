"""Grammar after numbers: Kazakh case endings and Russian plural agreement.

This is the project's one rule set for "5-ке", "40-қа", "15 оқушыға", "7,6%-ы", "1 учащийся /
2 учащихся / 5 учащихся". Kazakh endings follow the sound of the last *spoken* word of a numeral (22 = "жиырма
екі" -> екі -> 22-ге), chosen by vowel harmony (back/front) and the final sound (vowel, sonorant,
nasal, voiced or voiceless consonant); the 3rd-person possessive ("poss", барлық оқушылардың
7,6%-ы) only asks vowel or consonant. Russian forms come from CLDR plural rules via babel, so
11-14, 21, 1,5 and the like follow the standard, not a hand-made table of exceptions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from babel import Locale

from .schema import Lang

# "poss" is the 3rd-person possessive ending, not a case, but it attaches the same way: after a
# genitive ("барлық оқушылардың 7,6%-ы", "оның екісі"). "poss_acc" is that possessive in the
# accusative, the object of a verb ("сабақтың 14,2%-ын жіберді", "оның екісін").
Case = Literal["nom", "dat", "loc", "abl", "acc", "gen", "ins", "poss", "poss_acc"]

# --------------------------------------------------------------------------- Kazakh sounds

# и, у, ю are neutral for harmony (елу is front, ату back): the vowel before them decides.
_BACK_VOWELS = set("аоұыя")
_FRONT_VOWELS = set("әөүіеэ")
_VOWELS = set("аәеиоөұүыіэюя")  # word-final у is a glide: see _SONORANTS
_SONORANTS = set("лрйу")  # -ға, -да, -дан like vowels, but -ды, -дың (елуді, елудің)
_NASALS = set("мнң")
_VOICED = set("жзғ")
# Final б, в, г, д are devoiced in speech (миллиард -> [миллиарт] -> миллиардқа).
_VOICELESS = set("пфкқтсшщхһцчбвгд")

#: Suffix pairs (back, front) per case and final-sound class.
_SUFFIXES: dict[Case, dict[str, tuple[str, str]]] = {
    "dat": {
        "vowel": ("ға", "ге"),
        "sonorant": ("ға", "ге"),
        "nasal": ("ға", "ге"),
        "voiced": ("ға", "ге"),
        "voiceless": ("қа", "ке"),
    },
    "loc": {
        "vowel": ("да", "де"),
        "sonorant": ("да", "де"),
        "nasal": ("да", "де"),
        "voiced": ("да", "де"),
        "voiceless": ("та", "те"),
    },
    "abl": {
        "vowel": ("дан", "ден"),
        "sonorant": ("дан", "ден"),
        "nasal": ("нан", "нен"),
        "voiced": ("дан", "ден"),
        "voiceless": ("тан", "тен"),
    },
    "acc": {
        "vowel": ("ны", "ні"),
        "sonorant": ("ды", "ді"),
        "nasal": ("ды", "ді"),
        "voiced": ("ды", "ді"),
        "voiceless": ("ты", "ті"),
    },
    "gen": {
        "vowel": ("ның", "нің"),
        "sonorant": ("дың", "дің"),
        "nasal": ("ның", "нің"),
        "voiced": ("дың", "дің"),
        "voiceless": ("тың", "тің"),
    },
    "ins": {
        "vowel": ("мен", "мен"),
        "sonorant": ("мен", "мен"),
        "nasal": ("мен", "мен"),  # нанмен, қаламмен
        "voiced": ("бен", "бен"),  # сегізбен
        "voiceless": ("пен", "пен"),
    },
    "poss": {
        "vowel": ("сы", "сі"),  # екісі, алтысы
        "sonorant": ("ы", "і"),  # бірі, елуі: final у is a consonant here too
        "nasal": ("ы", "і"),  # оны, мыңы
        "voiced": ("ы", "і"),  # пайызы -> 7,6%-ы, сегізі
        "voiceless": ("ы", "і"),  # төрті, жетпісі
    },
    "poss_acc": {  # the possessive + accusative -н
        "vowel": ("сын", "сін"),  # екісін, алтысын
        "sonorant": ("ын", "ін"),  # бірін, елуін
        "nasal": ("ын", "ін"),  # онын, мыңын
        "voiced": ("ын", "ін"),  # пайызын -> 14,2%-ын
        "voiceless": ("ын", "ін"),  # төртін
    },
}

_UNITS = ("нөл", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз")
_TENS = ("", "он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан")
_POWERS = ((10**9, "миллиард"), (10**6, "миллион"), (1000, "мың"), (100, "жүз"))
PERCENT_WORD = "пайыз"


def _final_class(word: str) -> str:
    last = word[-1]
    if last in _SONORANTS:
        return "sonorant"
    if last in _VOWELS:
        return "vowel"
    if last in _NASALS:
        return "nasal"
    if last in _VOICED:
        return "voiced"
    if last in _VOICELESS:
        return "voiceless"
    raise ValueError(f"not a Kazakh word ending: {word!r}")


def _is_front(word: str) -> bool:
    for ch in reversed(word):
        if ch in _FRONT_VOWELS:
            return True
        if ch in _BACK_VOWELS:
            return False
    return False  # no harmonic vowel (e.g. "ту"): back, the commoner case


def kk_suffix(word: str, case: Case) -> str:
    """The case ending of a Kazakh word as pronounced: ("он", "abl") -> "нан"."""
    if case == "nom":
        return ""
    w = word.strip().lower()
    back, front = _SUFFIXES[case][_final_class(w)]
    return front if _is_front(w) else back


# Final п, к, қ become voiced before an ending that starts with a vowel (мектеп -> мектебі).
_VOICING = str.maketrans("пкқ", "бгғ")


def kk_inflect(word: str, case: Case) -> str:
    """The word with its case ending: ("оқушы", "dat") -> "оқушыға", ("мектеп", "poss") -> "мектебі"."""
    suffix = kk_suffix(word, case)
    if suffix[:1] in _VOWELS:
        word = word[:-1] + word[-1].translate(_VOICING)
    return word + suffix


def kk_last_word(n: int) -> str:
    """The last spoken word of a whole number: 22 -> "екі", 40 -> "қырық", 1000 -> "мың"."""
    n = abs(int(n))
    if n == 0:
        return _UNITS[0]
    if n % 10:
        return _UNITS[n % 10]
    if n % 100:
        return _TENS[(n % 100) // 10]
    for power, word in _POWERS:
        if n % power == 0:
            return word
    raise AssertionError("unreachable: every multiple of 100 is a multiple of 100")


_NUMBER_TEXT = re.compile(
    r"^[+\-−]?\s*(?P<int>[\d\s\u00a0\u202f]+)(?:[.,](?P<frac>\d+))?\s*(?P<pct>%)?$"
)


def _spoken_last_word(number: int | float | Decimal | str) -> str:
    """The last word a reader says for a number as shown ("14,2" -> "екі", "15 %" -> "пайыз")."""
    if isinstance(number, str):
        m = _NUMBER_TEXT.match(number.strip())
        if not m:
            raise ValueError(f"not a number: {number!r}")
        if m["pct"]:
            return PERCENT_WORD
        if m["frac"]:  # "бір бүтін оннан бес": the fraction is read last, as a whole number
            return kk_last_word(int(m["frac"]))
        return kk_last_word(int(re.sub(r"\D", "", m["int"])))
    if isinstance(number, float | Decimal) and number != int(number):
        return _spoken_last_word(format(Decimal(str(number)).normalize(), "f").replace(".", ","))
    return kk_last_word(int(number))


def kk_number(number: int | float | Decimal | str, case: Case) -> str:
    """A number in digits with its case ending, hyphenated: (40, "dat") -> "40-қа".

    "poss" gives the possessive after a genitive: ("7,6 %", "poss") -> "7,6%-ы", (2, "poss") -> "2-сі";
    "poss_acc" its accusative: ("14,2%", "poss_acc") -> "14,2%-ын" (сабақтың 14,2%-ын жіберді).

    `number` may be the text already shown in the report ("1 000", "14,2", "15 %"); the ending then
    follows what is read aloud, so the sentence and the table never disagree.
    """
    text = number if isinstance(number, str) else _plain(number)
    if case == "nom":
        return text
    text = re.sub(r"\s+%$", "%", text)  # "15 %" -> "15%-ға", as Kazakh texts write it
    return f"{text}-{kk_suffix(_spoken_last_word(number), case)}"


def kk_ordinal(n: int, noun: str) -> str:
    """An ordinal written in digits before its noun: (1, "сурет") -> "1-сурет"."""
    return f"{int(n)}-{noun}"


def _plain(number: int | float | Decimal) -> str:
    if isinstance(number, float | Decimal) and number != int(number):
        return format(Decimal(str(number)).normalize(), "f").replace(".", ",")
    return str(int(number))


# --------------------------------------------------------------------------- Russian plurals

_RU = Locale("ru")
PluralForm = Literal["one", "few", "many", "other"]


def ru_plural_form(number: int | float | Decimal) -> PluralForm:
    """CLDR's plural category for Russian: 1 -> one, 22 -> few, 11 -> many, 1,5 -> other."""
    if isinstance(number, float) and number == int(number):
        number = int(number)  # 5.0 counts as 5 (a float from pandas, not "5,0")
    return _RU.plural_form(number)  # type: ignore[return-value]


@dataclass(frozen=True)
class Noun:
    """A countable noun: Kazakh nominative (never pluralised after numbers) and Russian forms."""

    kk: str
    ru_one: str  # 1, 21 семья / учащийся
    ru_few: str  # 2-4, 22 семьи / учащихся
    ru_many: str  # 0, 5-20, 11 семей / учащихся
    ru_acc_one: str | None = None  # accusative singular when it differs (на 1 учащегося, 1 семью)
    # Genitive singular, after fractions and "до 1": for most nouns the few form (1,5 семьи), but
    # not for nouns made from participles (2 учащихся, yet 1,5 учащегося, до 1 учащегося).
    ru_gen_one: str | None = None
    # Dative, for "помощь оказана 1 учащемуся / 10 учащимся": singular after 1, 21, ...; plural
    # after any other number.
    ru_dat_one: str | None = None
    ru_dat_many: str | None = None

    def ru(
        self, number: int | float | Decimal, case: Literal["nom", "acc", "gen", "dat"] = "nom"
    ) -> str:
        """The form after `number`; "gen" after prepositions such as "с", "до", "из" (до 5 семей);
        "dat" the dative (10 учащимся)."""
        form = ru_plural_form(number)
        if case == "dat":
            if self.ru_dat_one is None or self.ru_dat_many is None:
                raise ValueError(f"no dative for {self.ru_one!r}")
            return self.ru_dat_one if form == "one" else self.ru_dat_many
        gen_one = self.ru_gen_one or self.ru_few
        if case == "gen":  # до 1 семьи, до 2 семей, до 1,5 семьи
            return self.ru_many if form in ("few", "many") else gen_one
        if form == "one":
            return self.ru_acc_one if case == "acc" and self.ru_acc_one else self.ru_one
        if form == "many":
            return self.ru_many
        return self.ru_few if form == "few" else gen_one  # fractions ("other"): 1,5 семьи


NOUNS: dict[str, Noun] = {
    # The report says "учащиеся" throughout (as the schema's sheet name does), never "ученики".
    "pupil": Noun(
        "оқушы",
        "учащийся",
        "учащихся",
        "учащихся",
        "учащегося",
        "учащегося",
        "учащемуся",
        "учащимся",
    ),
    "learner": Noun(
        "білім алушы", "обучающийся", "обучающихся", "обучающихся", "обучающегося", "обучающегося"
    ),
    "family": Noun("отбасы", "семья", "семьи", "семей", "семью", None, "семье", "семьям"),
    "event": Noun("іс-шара", "мероприятие", "мероприятия", "мероприятий"),
    "application": Noun("өтініш", "заявление", "заявления", "заявлений"),
    "case": Noun("жағдай", "случай", "случая", "случаев"),
    "incident": Noun("оқиға", "нарушение", "нарушения", "нарушений"),
    "plan": Noun("жоспар", "план", "плана", "планов"),
    "participant": Noun("қатысушы", "участник", "участника", "участников", "участника"),
    "recommendation": Noun(
        "ұсыныс", "рекомендация", "рекомендации", "рекомендаций", "рекомендацию"
    ),
    "person": Noun("адам", "человек", "человека", "человек"),
    "tenge": Noun("теңге", "тенге", "тенге", "тенге"),
    "school": Noun("мектеп", "школа", "школы", "школ", "школу"),
    "file": Noun("файл", "файл", "файла", "файлов"),
}


def count_phrase(
    number: int | float | Decimal,
    noun: str,
    lang: Lang,
    case: Case = "nom",
    shown: str | None = None,
) -> str:
    """A number with its noun in agreement: "5 оқушыға" (kk, dat), "5 учащихся" (ru).

    `shown` is the number as the report prints it (grouped, decimal comma); by default the plain
    number. In Kazakh the noun stays singular and takes the case ending; in Russian it takes the
    plural form the number asks for: `case` "acc" gives the accusative of counting ("на 1 учащегося"),
    "gen" the genitive after a preposition ("до 5 учащихся"), "dat" the dative ("10 учащимся"),
    anything else the nominative.
    """
    n = NOUNS[noun]
    text = shown if shown is not None else _plain(number)
    if lang == "kk":
        return f"{text} {kk_inflect(n.kk, case)}"
    return f"{text} {n.ru(number, case if case in ('acc', 'gen', 'dat') else 'nom')}"


# --------------------------------------------------------------------------- prepositions

_RU_VOWELS = set("аеёиоуыэюя")


def ru_with(word: str) -> str:
    """Russian "с" or "со" before `word`: со спонсорами, со школой, со мной; с классными."""
    w = word.strip().lower()
    if w.startswith(("мной", "щ")):
        return "со"
    if len(w) > 1 and w[0] in "сзжш" and w[1].isalpha() and w[1] not in _RU_VOWELS:
        return "со"
    return "с"
