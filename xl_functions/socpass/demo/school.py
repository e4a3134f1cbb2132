"""The built-in synthetic demo school: a full register that looks like a real one, with no real child.

`generate_demo` invents a school of about `pupils` pupils (grades 0–11 with parallels 5А/5Ә/5Б…),
families with siblings and the social categories at the rates of the source report (per 1,000
pupils: large families ~390 pupils / 160 families, single-parent ~120/65, low-income ~37/23,
step-parent ~9/7, half-orphans ~20, orphans ~5), registers, hot meals, a school year of monthly
attendance, four quarters of results, incidents, aid, events, the pedagogue's comments, SWOT,
recommendations, plans and two previous years of History; a few pupils arrive or leave during the
year (most leavers move to another school, as in the source report), with attendance and results
only while at school. Names are random combinations of common first names and surnames; IINs
are random serials with a valid check digit that match the invented birth date and sex.

Everything is a function of (pupils, seed, school_year): one `numpy.random.Generator` is drawn in a
fixed order, never depending on the language, the clock or dict ordering, so the Kazakh and the
Russian demo of a seed describe the same school and only the texts differ.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from ..core import iin as iin_rule
from ..core.passport import class_sort_key, count_metrics
from ..core.period import QUARTER_MONTHS
from ..core.register import DTYPES
from ..core.schema import (
    CATEGORIES,
    CLASS_LETTERS,
    HISTORY_METRICS,
    MONTH_ORDER,
    QUADRANTS,
    SETTINGS,
    ColType,
    Lang,
    Text,
    setting,
    sheet,
)
from ..core.school_year import SchoolYear
from . import names, texts

#: Counts per 1,000 pupils, from the source report (families for family-level categories).
RATES = {
    "single_parent_families": 65,
    "low_income_families": 23,
    "step_parent_families": 7,
    "half_orphan_families": 12,
    "orphan_pupils": 5,
    "no_parental_care_pupils": 2,
    "disability_pupils": 6,
    "special_needs_pupils": 14,
    "home_schooled_pupils": 3,
    "intra_school_pupils": 10,
    "risk_group_pupils": 8,
    "police_pupils": 3,
    "commission_pupils": 1,
    "ped_support_pupils": 5,
    "meals_fund_pupils": 22,
    "meals_tenant_pupils": 1,
    "road_to_school_applications": 57,
    "sponsor_money_tenge": 60_000,
    "resolution_64_pupils": 10,
    "repeating_pupils": 1,
    "leavers_pupils": 15,
    "arrivals_pupils": 12,
}
#: Why demo pupils leave (LEAVING_REASONS keys, weights): a new school opened nearby.
LEAVING_WEIGHTS = {"other_school": 0.5, "other_town": 0.25, "abroad": 0.1, "other": 0.15}
#: Share of families that are large, and children at school per family (sizes 1..5).
LARGE_FAMILY_SHARE = 0.26
LARGE_FAMILY_SIZES = (0.15, 0.40, 0.30, 0.12, 0.03)
OTHER_FAMILY_SIZES = (0.72, 0.25, 0.03, 0.0, 0.0)
KAZAKH_FAMILY_SHARE = 0.72

#: Relative size of each grade 0..11 (fewer pupils in the pre-school class and after grade 9).
GRADE_WEIGHTS = (0.55, 1.15, 1.15, 1.1, 1.1, 1.05, 1.0, 1.0, 0.95, 0.95, 0.6, 0.55)
CLASS_SIZE = 28
#: Lessons a day by grade, and school days per school-year month (holidays taken out).
LESSONS_PER_DAY = (4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7, 7)
HOME_LESSONS_PER_DAY = 2
SCHOOL_DAYS = {9: 22, 10: 18, 11: 19, 12: 20, 1: 15, 2: 20, 3: 14, 4: 21, 5: 16}
#: Seasonal factors: illness peaks in winter, truancy grows towards spring.
ILLNESS_BY_MONTH = {9: 0.5, 10: 0.9, 11: 1.2, 12: 1.2, 1: 1.3, 2: 1.4, 3: 1.0, 4: 0.8, 5: 0.7}
TRUANCY_BY_MONTH = {9: 0.6, 10: 0.8, 11: 1.0, 12: 1.0, 1: 1.1, 2: 1.1, 3: 1.0, 4: 1.2, 5: 1.3}
FIRST_GRADED = 2  # grades 0 and 1 get no marks

#: History of the oldest of the two previous years: the source report's figures (per 1,000).
SOURCE_HISTORY = {
    "single_parent": (135, 78),
    "large_family": (475, 320),
    "half_orphan": (22, 18),
    "orphan": (3, None),
    "low_income": (45, 35),
    "step_parent": (12, 10),
    "meals_fund": (37, None),
    "meals_tenant": (1, None),
}


@dataclass
class _Family:
    kazakh: bool
    surname: str  # male form
    father: int  # index into the fathers' list of the family's language
    guardian: str
    street: int
    house: int
    flat: int | None
    phone: str
    large: bool
    members: list[int] = field(default_factory=list)
    cats: set[str] = field(default_factory=set)


@dataclass
class _Pupil:
    grade: int
    letter: int
    family: int
    sex: str = ""
    name: str = ""
    birth: date = date(2000, 1, 1)
    iin: str = ""
    cats: set[str] = field(default_factory=set)
    regs: dict[str, date] = field(default_factory=dict)
    home_schooled: bool = False
    meal_source: str | None = None

    @property
    def class_name(self) -> str:
        return f"{self.grade}{CLASS_LETTERS[self.letter]}"


class _Draw:
    """The generator's random source, with the few draw shapes the demo needs."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)

    def index(self, n: int) -> int:
        return int(self.rng.integers(n))

    def pick(self, items):
        return items[self.index(len(items))]

    def chance(self, p: float) -> bool:
        return bool(self.rng.random() < p)

    def sample(self, pool: list[int], k: int, weights: list[float] | None = None) -> list[int]:
        """k distinct items of `pool` (fewer if the pool is smaller), optionally weighted."""
        k = min(k, len(pool))
        if k <= 0:
            return []
        p = None
        if weights is not None:
            w = np.asarray(weights, dtype=float)
            p = w / w.sum()
        chosen = self.rng.choice(len(pool), size=k, replace=False, p=p)
        return [pool[int(i)] for i in chosen]

    def day(self, first: date, last: date, weekdays: bool = True) -> date:
        """A random date in [first, last], moved to the Friday before when it falls on a weekend."""
        d = first + timedelta(days=self.index((last - first).days + 1))
        while weekdays and d.weekday() >= 5 and d > first:
            d -= timedelta(days=1)
        return d


def _per(pupils: int, key: str) -> int:
    return round(RATES[key] * pupils / 1000)


def generate_demo(
    pupils: int = 1000, seed: int = 2025, school_year: str = "2025-2026", lang: Lang = "kk"
) -> tuple[dict[str, pd.DataFrame], dict[str, object]]:
    """A synthetic register: frames keyed by sheet key (schema column keys, typed) and settings."""
    if pupils < 1:
        raise ValueError("pupils must be at least 1")
    year = SchoolYear.parse(school_year)
    start = year.start
    draw = _Draw(seed)
    kids = _classes(pupils)
    families = _families(draw, kids)
    _family_categories(draw, families, kids, pupils)
    _pupil_details(draw, families, kids, start)
    _pupil_categories(draw, kids, pupils)
    _registers(draw, kids, pupils, start)
    _hot_meals(draw, kids, pupils)
    order = sorted(
        range(len(kids)),
        key=lambda i: (kids[i].grade, kids[i].letter, kids[i].name, kids[i].birth, i),
    )
    pupil_ids = _ids("P", order, len(kids))
    family_ids = _family_ids(order, kids)
    teachers = _coordinators(draw, kids)
    absence = _attendance(draw, kids, order, pupil_ids)
    frames = {
        "pupils": _pupils_frame(kids, families, order, pupil_ids, family_ids, teachers, lang),
        "attendance": absence.frame,
        "academic": _academic(draw, kids, order, pupil_ids, absence, pupils),
        "behaviour": _behaviour(draw, kids, pupil_ids, start, pupils, lang),
        "aid": _aid(draw, kids, pupil_ids, start, pupils, lang),
        "events": _events(draw, start, pupils, lang),
        "swot": _swot(draw, lang),
        "recommendations": _recommendations(draw, lang),
        "comments": _comments(lang),
        "plans": _plans(draw, kids, pupil_ids, teachers, lang),
        "risk": _frame("risk", {}),
    }
    frames["history"] = _history(draw, frames["pupils"], start, pupils)
    _arrivals_and_leavers(draw, frames, year, pupils)
    settings = {s.key: s.default for s in SETTINGS} | {
        **_identity(seed, lang),
        "school_year": str(year),
        "pedagogue": texts.PEDAGOGUE,
        "director": texts.DIRECTOR,
        "language": lang,
    }
    return frames, settings


# --------------------------------------------------------------------------- school and families


def _identity(seed: int, lang: Lang) -> dict[str, str]:
    """The school's number, official code and district: a function of the seed alone, drawn from
    a generator of its own (seeded with text, stable across Python versions) so the rest of the school does not change with it. The code is a
    synthetic BIN (registered in yymm, a resident legal entity: 4, 0, a serial, the check digit)."""
    rng = random.Random(f"socpass demo school {seed}")
    number = rng.randint(1, 120)
    while True:
        first11 = (
            f"{rng.randint(95, 123) % 100:02d}{rng.randint(1, 12):02d}40{rng.randrange(10**5):05d}"
        )
        check = iin_rule.check_digit(first11)
        if check is not None:
            break
    return {
        "school_name": texts.SCHOOL_NAME(lang).format(number=number),
        "school_code": first11 + str(check),
        "district": texts.DISTRICT(lang),
        "region": texts.REGION(lang),
    }


def _classes(pupils: int) -> list[_Pupil]:
    """One pupil slot per place in a class: grade sizes by weight, parallels of about 28."""
    raw = np.asarray(GRADE_WEIGHTS) * pupils / sum(GRADE_WEIGHTS)
    sizes = np.floor(raw).astype(int)
    for g in np.argsort(-(raw - sizes), kind="stable")[: pupils - sizes.sum()]:
        sizes[g] += 1
    kids: list[_Pupil] = []
    for grade, size in enumerate(sizes.tolist()):
        parallels = min(len(CLASS_LETTERS), max(1, -(-size // CLASS_SIZE)))
        for letter in range(parallels):
            count = size // parallels + (1 if letter < size % parallels else 0)
            kids.extend(_Pupil(grade, letter, -1) for _ in range(count))
    return kids


def _families(draw: _Draw, kids: list[_Pupil]) -> list[_Family]:
    """Group the pupils into families; siblings sit in different grades, at most 8 years apart."""
    pools: dict[int, list[int]] = {}
    for i, kid in enumerate(kids):
        pools.setdefault(kid.grade, []).append(i)
    for grade in sorted(pools):
        pools[grade] = [pools[grade][j] for j in draw.rng.permutation(len(pools[grade]))]
    families: list[_Family] = []
    while any(pools.values()):
        large = draw.chance(LARGE_FAMILY_SHARE)
        size = 1 + int(draw.rng.choice(5, p=LARGE_FAMILY_SIZES if large else OTHER_FAMILY_SIZES))
        family = _new_family(draw, large)
        used: list[int] = []
        for _ in range(size):
            grades = [
                g
                for g in sorted(pools)
                if pools[g] and g not in used and all(abs(g - u) <= 8 for u in used)
            ]
            if not grades:
                break
            weights = np.asarray([len(pools[g]) for g in grades], dtype=float)
            grade = grades[int(draw.rng.choice(len(grades), p=weights / weights.sum()))]
            used.append(grade)
            kid = pools[grade].pop()
            kids[kid].family = len(families)
            family.members.append(kid)
        families.append(family)
    return families


def _new_family(draw: _Draw, large: bool) -> _Family:
    kazakh = draw.chance(KAZAKH_FAMILY_SHARE)
    surname = draw.pick(names.KK_SURNAMES if kazakh else names.RU_SURNAMES)
    father = draw.index(len(names.KK_FATHERS if kazakh else names.RU_FATHERS))
    mother = draw.pick(names.KK_WOMEN if kazakh else names.RU_WOMEN)
    guardian = f"{names.female_surname(surname)} {mother} {_patronymic(draw, kazakh, 'f')}"
    flat = int(draw.rng.integers(1, 181)) if draw.chance(0.7) else None
    phone = (
        f"+7 {draw.pick(names.PHONE_PREFIXES)} {draw.index(900) + 100} "
        f"{draw.index(100):02d} {draw.index(100):02d}"
    )
    return _Family(
        kazakh,
        surname,
        father,
        guardian,
        draw.index(len(names.STREETS)),
        int(draw.rng.integers(1, 121)),
        flat,
        phone,
        large,
    )


def _patronymic(draw: _Draw, kazakh: bool, sex: str, father: int | None = None) -> str:
    if father is None:
        father = draw.index(len(names.KK_FATHERS if kazakh else names.RU_FATHERS))
    if kazakh:
        return names.KK_FATHERS[father] + ("ұлы" if sex == "m" else "қызы")
    return names.RU_FATHERS[father][1 if sex == "m" else 2]


def _family_categories(
    draw: _Draw, families: list[_Family], kids: list[_Pupil], pupils: int
) -> None:
    """Family-level categories by quota: every sibling shares them (orphans: pupils only)."""
    order = [int(i) for i in draw.rng.permutation(len(families))]
    for key in ("orphan", "no_parental_care"):
        target, count = _per(pupils, f"{key}_pupils"), 0
        for f in order:
            family = families[f]
            if family.cats or len(family.members) > 2 or count + len(family.members) > target:
                continue
            family.cats.add(key)
            family.large = False
            grandmother = draw.pick(
                names.KK_GRANDMOTHERS if family.kazakh else names.RU_GRANDMOTHERS
            )
            family.guardian = (
                f"{names.female_surname(family.surname)} {grandmother} "
                f"{_patronymic(draw, family.kazakh, 'f')}"
            )
            count += len(family.members)
    parented = [f for f in range(len(families)) if not families[f].cats]
    sizes = [len(families[f].members) for f in parented]
    for f in draw.sample(parented, _per(pupils, "single_parent_families"), sizes):
        families[f].cats.add("single_parent")
    two_adults = [f for f in parented if "single_parent" not in families[f].cats]
    for f in draw.sample(two_adults, _per(pupils, "step_parent_families")):
        families[f].cats.add("step_parent")
    lost_parent = [f for f in parented if families[f].cats & {"single_parent", "step_parent"}]
    for f in draw.sample(lost_parent, _per(pupils, "half_orphan_families")):
        families[f].cats.add("half_orphan")
    weights = [2.0 if families[f].large or families[f].cats else 1.0 for f in parented]
    for f in draw.sample(parented, _per(pupils, "low_income_families"), weights):
        families[f].cats.add("low_income")
    for family in families:
        if family.large:
            family.cats.add("large_family")
        for kid in family.members:
            kids[kid].cats |= family.cats


def _pupil_details(draw: _Draw, families: list[_Family], kids: list[_Pupil], start: int) -> None:
    """Sex, full name, birth date matching the grade, and an IIN that passes the check digit."""
    taken: set[str] = set()
    for family in families:
        given: set[str] = set()
        for kid_index in family.members:
            kid = kids[kid_index]
            kid.sex = "m" if draw.chance(0.51) else "f"
            first_names = {
                (True, "m"): names.KK_BOYS,
                (True, "f"): names.KK_GIRLS,
                (False, "m"): names.RU_BOYS,
                (False, "f"): names.RU_GIRLS,
            }[(family.kazakh, kid.sex)]
            first = draw.pick(first_names)
            while first in given:
                first = draw.pick(first_names)
            given.add(first)
            surname = family.surname if kid.sex == "m" else names.female_surname(family.surname)
            patronymic = _patronymic(draw, family.kazakh, kid.sex, family.father)
            kid.name = f"{surname} {first} {patronymic}"
            # grade g in a school year starting in `start`: born Sep (start-7-g) .. Aug (start-6-g)
            born_from = date(start - 7 - kid.grade, 9, 1)
            kid.birth = draw.day(born_from, date(start - 6 - kid.grade, 8, 31), weekdays=False)
            kid.iin = _iin(draw, kid.birth, kid.sex, taken)


def _iin(draw: _Draw, birth: date, sex: str, taken: set[str]) -> str:
    century = {18: 1, 19: 3, 20: 5}[birth.year // 100] + (0 if sex == "m" else 1)
    head = f"{birth:%y%m%d}{century}"
    while True:
        first11 = f"{head}{draw.index(10_000):04d}"
        check = iin_rule.check_digit(first11)
        if check is not None and first11 + str(check) not in taken:
            taken.add(first11 + str(check))
            return first11 + str(check)


def _pupil_categories(draw: _Draw, kids: list[_Pupil], pupils: int) -> None:
    """Disability, special educational needs, home schooling: a few pupils each."""
    everyone = list(range(len(kids)))
    disabled = draw.sample(everyone, _per(pupils, "disability_pupils"))
    for i in disabled:
        kids[i].cats.add("disability")
    special = disabled[: len(disabled) // 2] + draw.sample(
        [i for i in everyone if i not in disabled],
        _per(pupils, "special_needs_pupils") - len(disabled) // 2,
    )
    for i in special:
        kids[i].cats.add("special_needs")
    for i in disabled[: _per(pupils, "home_schooled_pupils")]:
        kids[i].home_schooled = True


def _registers(draw: _Draw, kids: list[_Pupil], pupils: int, start: int) -> None:
    """Police ⊂ intra-school register, commission ⊂ police; risk group apart; support from both."""
    older = [i for i, k in enumerate(kids) if k.grade >= 7 and not k.home_schooled]
    middle = [i for i, k in enumerate(kids) if k.grade >= 5 and not k.home_schooled]
    last_year, this_year = date(start - 1, 9, 1), date(start, 9, 1)
    police = draw.sample(older, _per(pupils, "police_pupils"))
    for i in police:
        kids[i].regs["police"] = draw.day(last_year, date(start + 1, 2, 28))
    for i in police[: _per(pupils, "commission_pupils")]:
        kids[i].regs["commission"] = kids[i].regs["police"] + timedelta(days=21)
    intra = police + draw.sample(
        [i for i in middle if i not in police], _per(pupils, "intra_school_pupils") - len(police)
    )
    for i in intra:
        after = kids[i].regs.get("police", last_year)
        kids[i].regs["intra_school"] = draw.day(after, after + timedelta(days=60))
    risk = draw.sample([i for i in middle if i not in intra], _per(pupils, "risk_group_pupils"))
    for i in risk:
        kids[i].regs["risk_group"] = draw.day(this_year, date(start + 1, 2, 28))
    for i in draw.sample(intra + risk, _per(pupils, "ped_support_pupils")):
        since = max(kids[i].regs.values())
        kids[i].regs["ped_support"] = max(since, date(start, 10, 1)) + timedelta(days=7)


def _hot_meals(draw: _Draw, kids: list[_Pupil], pupils: int) -> None:
    """Free hot meals from the general-education fund for grades 5–11 with a social status."""
    needy = {"orphan", "no_parental_care", "low_income", "half_orphan"}
    seniors = [i for i, k in enumerate(kids) if k.grade >= 5]
    first = [i for i in seniors if kids[i].cats & needy]
    second = [i for i in seniors if "large_family" in kids[i].cats and i not in first]
    target = _per(pupils, "meals_fund_pupils")
    fund = draw.sample(first, target)
    fund += draw.sample(second, target - len(fund))
    for i in fund:
        kids[i].meal_source = "fund"
    rest = [i for i in seniors if kids[i].meal_source is None and kids[i].cats]
    for i in draw.sample(rest, max(1, _per(pupils, "meals_tenant_pupils"))):
        kids[i].meal_source = "tenant"


def _ids(prefix: str, order: list[int], n: int) -> list[str]:
    """Ids in register order: P0001, P0002, ...; `result[i]` is the id of item i."""
    width = max(4, len(str(n)))
    ids = [""] * n
    for position, i in enumerate(order, start=1):
        ids[i] = f"{prefix}{position:0{width}d}"
    return ids


def _family_ids(order: list[int], kids: list[_Pupil]) -> list[str]:
    """Family ids numbered by first appearance in the register; `result[f]` for family f."""
    first_seen: list[int] = []
    for i in order:
        if kids[i].family not in first_seen:
            first_seen.append(kids[i].family)
    return _ids("F", first_seen, max(f for f in first_seen) + 1)


def _coordinators(draw: _Draw, kids: list[_Pupil]) -> dict[str, str]:
    """One class teacher per class, written as a register writes them: Серікбаева Г.Н."""
    teachers: dict[str, str] = {}
    for class_name in sorted({k.class_name for k in kids}, key=class_sort_key):
        while True:
            kazakh, female = draw.chance(0.75), draw.chance(0.8)
            surname = draw.pick(names.KK_SURNAMES if kazakh else names.RU_SURNAMES)
            first = draw.pick(
                (names.KK_WOMEN if female else names.KK_FATHERS)
                if kazakh
                else (names.RU_WOMEN if female else tuple(f[0] for f in names.RU_FATHERS))
            )
            patronymic = _patronymic(draw, kazakh, "f" if female else "m")
            name = (
                f"{names.female_surname(surname) if female else surname} "
                f"{first[0]}.{patronymic[0]}."
            )
            if name not in teachers.values():
                teachers[class_name] = name
                break
    return teachers


# --------------------------------------------------------------------------- frames


def _frame(sheet_key: str, columns: dict[str, list[object]]) -> pd.DataFrame:
    """A frame with every schema column of the sheet, typed as the reader types them."""
    sh = sheet(sheet_key)
    n = len(next(iter(columns.values()))) if columns else 0
    empty = {
        ColType.INT: pd.NA,
        ColType.MONEY: pd.NA,
        ColType.NUMBER: pd.NA,
        ColType.DATE: pd.NaT,
        ColType.BOOL: False,
        ColType.CHOICE: None,
    }
    data = {}
    for col in sh.columns:
        values = columns.get(col.key, [empty.get(col.type, "")] * n)
        data[col.key] = pd.Series(values, dtype=DTYPES[col.type])
    return pd.DataFrame(data)


def _pupils_frame(
    kids: list[_Pupil],
    families: list[_Family],
    order: list[int],
    pupil_ids: list[str],
    family_ids: list[str],
    teachers: dict[str, str],
    lang: Lang,
) -> pd.DataFrame:
    rows = [kids[i] for i in order]
    fams = [families[k.family] for k in rows]
    columns: dict[str, list[object]] = {
        "id": [pupil_ids[i] for i in order],
        "iin": [k.iin for k in rows],
        "full_name": [k.name for k in rows],
        "class": [k.class_name for k in rows],
        "birth_date": [pd.Timestamp(k.birth) for k in rows],
        "sex": [k.sex for k in rows],
        "family_id": [family_ids[k.family] for k in rows],
        "address": [texts.address(lang, names.STREETS[f.street], f.house, f.flat) for f in fams],
        "guardian": [f.guardian for f in fams],
        "phone": [f.phone for f in fams],
        "home_schooled": [k.home_schooled for k in rows],
        "hot_meals": [k.meal_source is not None for k in rows],
        "meal_source": [k.meal_source for k in rows],
        "coordinator": [teachers[k.class_name] for k in rows],
    }
    for cat in CATEGORIES:
        columns[f"cat_{cat.key}"] = [cat.key in k.cats for k in rows]
    for reg in ("intra_school", "risk_group", "police", "commission", "ped_support"):
        columns[f"reg_{reg}"] = [reg in k.regs for k in rows]
        columns[f"reg_{reg}_date"] = [
            pd.Timestamp(k.regs[reg]) if reg in k.regs else pd.NaT for k in rows
        ]
    return _frame("pupils", columns)


@dataclass
class _Absence:
    frame: pd.DataFrame
    planned: np.ndarray  # pupils (register order) x months
    unexcused: np.ndarray
    excused: np.ndarray


def _troubled(kids: list[_Pupil]) -> np.ndarray:
    return np.asarray([bool(set(k.regs) & {"intra_school", "risk_group", "police"}) for k in kids])


def _attendance(
    draw: _Draw, kids: list[_Pupil], order: list[int], pupil_ids: list[str]
) -> _Absence:
    """Monthly lessons planned and missed: most miss little, a tail misses 5–20% without reason."""
    rows = [kids[i] for i in order]
    n, months = len(rows), list(MONTH_ORDER)
    per_day = np.asarray(
        [HOME_LESSONS_PER_DAY if k.home_schooled else LESSONS_PER_DAY[k.grade] for k in rows]
    )
    days = np.asarray([SCHOOL_DAYS[m] for m in months])
    planned = per_day[:, None] * days[None, :]
    troubled = _troubled(kids)[order]
    disabled = np.asarray(["disability" in k.cats for k in rows])
    roll = draw.rng.random(n)
    unexcused_rate = np.where(
        roll < 0.82,
        0.002,
        np.where(roll < 0.95, draw.rng.uniform(0.005, 0.03, n), draw.rng.uniform(0.05, 0.20, n)),
    )
    unexcused_rate = np.where(troubled, draw.rng.uniform(0.08, 0.25, n), unexcused_rate)
    illness_rate = np.minimum(draw.rng.gamma(1.5, 0.02, n) * np.where(disabled, 2.0, 1.0), 0.3)
    truancy = np.asarray([TRUANCY_BY_MONTH[m] for m in months])
    illness = np.asarray([ILLNESS_BY_MONTH[m] for m in months])
    unexcused = draw.rng.binomial(planned, np.clip(unexcused_rate[:, None] * truancy, 0, 0.9))
    excused = draw.rng.binomial(planned, np.clip(illness_rate[:, None] * illness, 0, 0.9))
    excused = np.minimum(excused, planned - unexcused)
    late = draw.rng.poisson(np.where(troubled, 2.0, 0.3)[:, None], size=planned.shape)
    frame = _frame(
        "attendance",
        {
            "pupil_id": np.repeat([pupil_ids[i] for i in order], len(months)).tolist(),
            "month": [str(m) for m in months] * n,
            "planned": planned.ravel().tolist(),
            "missed_unexcused": unexcused.ravel().tolist(),
            "missed_excused": excused.ravel().tolist(),
            "late": late.ravel().tolist(),
        },
    )
    return _Absence(frame, planned, unexcused, excused)


def _academic(
    draw: _Draw,
    kids: list[_Pupil],
    order: list[int],
    pupil_ids: list[str],
    absence: _Absence,
    pupils: int,
) -> pd.DataFrame:
    """Four quarters from grade 2 up; failing and н/а follow absence, so the story is coherent."""
    graded = [r for r, i in enumerate(order) if kids[i].grade >= FIRST_GRADED]
    repeaters = set(
        draw.sample(
            [r for r in graded if kids[order[r]].grade >= 3], _per(pupils, "repeating_pupils")
        )
    )
    months = list(MONTH_ORDER)
    columns: dict[str, list[object]] = {
        k: [] for k in ("pupil_id", "quarter", "failing_subjects", "not_attested", "repeating")
    }
    for quarter, quarter_months in QUARTER_MONTHS.items():
        cols = [months.index(m) for m in quarter_months]
        planned = absence.planned[graded][:, cols].sum(axis=1)
        unexcused_share = absence.unexcused[graded][:, cols].sum(axis=1) / planned
        missed_share = unexcused_share + absence.excused[graded][:, cols].sum(axis=1) / planned
        failing_p = np.minimum(0.008 + 2.0 * unexcused_share, 0.8)
        failing = np.where(
            draw.rng.random(len(graded)) < failing_p, 1 + draw.rng.binomial(2, 0.3, len(graded)), 0
        )
        not_attested = np.where(
            (missed_share >= 0.3) & (draw.rng.random(len(graded)) < 0.5),
            1 + draw.rng.binomial(2, 0.4, len(graded)),
            0,
        )
        columns["pupil_id"] += [pupil_ids[order[r]] for r in graded]
        columns["quarter"] += [str(quarter)] * len(graded)
        columns["failing_subjects"] += failing.tolist()
        columns["not_attested"] += not_attested.tolist()
        columns["repeating"] += [r in repeaters for r in graded]
    return _frame("academic", columns)


def _behaviour(
    draw: _Draw, kids: list[_Pupil], pupil_ids: list[str], start: int, pupils: int, lang: Lang
) -> pd.DataFrame:
    """30–60 incidents a year per 1,000 pupils; pupils on registers account for many of them."""
    kinds = ("violence", "bullying", "theft", "offence", "truancy", "other")
    usual = (0.2, 0.2, 0.03, 0.02, 0.25, 0.3)
    troubled_mix = (0.25, 0.1, 0.1, 0.15, 0.3, 0.1)
    target = round(int(draw.rng.integers(38, 56)) * pupils / 1000)
    incidents: list[tuple[int, str]] = []
    for i, kid in enumerate(kids):
        if "police" in kid.regs:
            incidents.append((i, draw.pick(("violence", "theft", "offence"))))
        if set(kid.regs) & {"intra_school", "risk_group", "police"}:
            for _ in range(1 + draw.index(2)):
                incidents.append((i, kinds[int(draw.rng.choice(6, p=troubled_mix))]))
    others = [i for i, k in enumerate(kids) if k.grade >= 3 and not k.regs]
    prone = draw.sample(others, max(0, (target - len(incidents)) * 2 // 3))
    while prone and len(incidents) < target:
        incidents.append((draw.pick(prone), kinds[int(draw.rng.choice(6, p=usual))]))
    first, last = date(start, 9, 2), date(start + 1, 5, 24)
    rows = []
    for i, kind in incidents:
        action = (
            texts.ACTION_POLICE
            if kind in ("theft", "offence")
            else draw.pick(texts.INCIDENT_ACTIONS)
        )
        rows.append(
            (
                draw.day(first, last),
                pupil_ids[i],
                kind,
                draw.pick(texts.INCIDENT_DESCRIPTIONS[kind]),
                action,
            )
        )
    rows.sort(key=lambda r: (r[0], r[1]))
    return _frame(
        "behaviour",
        {
            "date": [pd.Timestamp(r[0]) for r in rows],
            "pupil_id": [r[1] for r in rows],
            "type": [r[2] for r in rows],
            "description": [r[3](lang) for r in rows],
            "action": [r[4](lang) for r in rows],
        },
    )


def _aid(
    draw: _Draw, kids: list[_Pupil], pupil_ids: list[str], start: int, pupils: int, lang: Lang
) -> pd.DataFrame:
    """«Мектепке жол» applications (sponsors' money plus uniform, stationery, food) and No. 64 aid."""
    social = [i for i, k in enumerate(kids) if k.cats - {"disability", "special_needs"}]
    applicants = draw.sample(social, _per(pupils, "road_to_school_applications"))
    money_rows = round(RATES["sponsor_money_tenge"] * pupils / 1000 / 10_000)
    rows: list[tuple[date, int, str, str, str, float | None, Text | None]] = []
    for n, i in enumerate(applicants):
        when = draw.day(date(start, 8, 15), date(start, 9, 15))
        if n < money_rows:
            rows.append(
                (when, i, "money", "road_to_school", "granted", 10_000.0, texts.AID_NOTE_SPONSORS)
            )
            continue
        kind = ("uniform", "stationery", "food")[int(draw.rng.choice(3, p=(0.45, 0.4, 0.15)))]
        roll = draw.rng.random()
        status = "refused" if roll < 0.07 else "applied" if roll < 0.1 else "granted"
        rows.append((when, i, kind, "road_to_school", status, None, None))
    needy = [
        i
        for i in social
        if kids[i].cats & {"orphan", "no_parental_care", "low_income", "half_orphan"}
    ]
    for i in draw.sample(needy, _per(pupils, "resolution_64_pupils")):
        amount = float(1000 * draw.rng.integers(15, 31))
        when = draw.day(date(start + 1, 2, 9), date(start + 1, 2, 27))
        rows.append((when, i, "money", "resolution_64", "granted", amount, texts.AID_NOTE_TRUSTEES))
    rows.sort(key=lambda r: (r[0], pupil_ids[r[1]]))
    return _frame(
        "aid",
        {
            "date": [pd.Timestamp(r[0]) for r in rows],
            "pupil_id": [pupil_ids[r[1]] for r in rows],
            "kind": [r[2] for r in rows],
            "source": [r[3] for r in rows],
            "status": [r[4] for r in rows],
            "amount": [pd.NA if r[5] is None else r[5] for r in rows],
            "note": ["" if r[6] is None else r[6](lang) for r in rows],
        },
    )


def _events(draw: _Draw, start: int, pupils: int, lang: Lang) -> pd.DataFrame:
    columns: dict[str, list[object]] = {
        k: [] for k in ("date", "direction", "title", "partner", "participants", "summary")
    }
    for event in texts.EVENTS:
        base = event.participants * (pupils / 1000 if event.participants >= 100 else 1)
        n = max(1, round(base * draw.rng.uniform(0.85, 1.15))) if base else None
        when = SchoolYear(start).month_start(event.month).replace(day=event.day)
        columns["date"].append(pd.Timestamp(when))
        columns["direction"].append(event.direction)
        columns["title"].append(event.title(lang))
        columns["partner"].append(event.partner(lang))
        columns["participants"].append(pd.NA if n is None else n)
        columns["summary"].append(event.summary(lang).format(n=n))
    return _frame("events", columns)


def _swot(draw: _Draw, lang: Lang) -> pd.DataFrame:
    """Two or three items per quadrant, in S, W, O, T order."""
    quadrants, items = [], []
    for quadrant in (q.key for q in QUADRANTS):
        pool = [text for key, text in texts.SWOT if key == quadrant]
        keep = sorted(draw.sample(list(range(len(pool))), 2 + draw.index(2)))
        quadrants += [quadrant] * len(keep)
        items += [pool[j](lang) for j in keep]
    return _frame("swot", {"quadrant": quadrants, "text": items})


def _recommendations(draw: _Draw, lang: Lang) -> pd.DataFrame:
    pool = list(range(len(texts.RECOMMENDATIONS)))
    keep = sorted(draw.sample(pool, 4 + draw.index(3)))
    return _frame("recommendations", {"text": [texts.RECOMMENDATIONS[j](lang) for j in keep]})


def _comments(lang: Lang) -> pd.DataFrame:
    """The pedagogue's words for each direction and one cause (fixed texts: no random draw)."""
    return _frame(
        "comments",
        {
            "section": [section for section, _, _ in texts.COMMENTS],
            "metric": [metric for _, metric, _ in texts.COMMENTS],
            "text": [text(lang) for _, _, text in texts.COMMENTS],
        },
    )


def _plans(
    draw: _Draw, kids: list[_Pupil], pupil_ids: list[str], teachers: dict[str, str], lang: Lang
) -> pd.DataFrame:
    """An individual plan for each pupil under pedagogical support; the last one is overdue."""
    supported = sorted(
        (i for i, k in enumerate(kids) if "ped_support" in k.regs), key=lambda i: pupil_ids[i]
    )
    review_weeks = int(setting("review_weeks").default)
    columns: dict[str, list[object]] = {
        k: []
        for k in (
            "pupil_id", "coordinator", "needs", "interventions",
            "start", "review_date", "reviewed_on", "outcome",
        )
    }  # fmt: skip
    for n, i in enumerate(supported):
        needs, interventions = draw.pick(texts.PLAN_TEXTS)
        begin = kids[i].regs["ped_support"]
        review = begin + timedelta(weeks=review_weeks)
        overdue = n == len(supported) - 1
        columns["pupil_id"].append(pupil_ids[i])
        columns["coordinator"].append(teachers[kids[i].class_name])
        columns["needs"].append(needs(lang))
        columns["interventions"].append(interventions(lang))
        columns["start"].append(pd.Timestamp(begin))
        columns["review_date"].append(pd.Timestamp(review))
        columns["reviewed_on"].append(
            pd.NaT if overdue else pd.Timestamp(review + timedelta(days=draw.index(4)))
        )
        columns["outcome"].append(
            "in_progress" if overdue else draw.pick(("improved", "in_progress", "no_change"))
        )
    return _frame("plans", columns)


def _arrivals_and_leavers(
    draw: _Draw, frames: dict[str, pd.DataFrame], year: SchoolYear, pupils: int
) -> None:
    """Mark a few pupils as arrived or left during the year (with a reason), and keep their
    attendance months and result quarters only while they were at school."""
    frame = frames["pupils"]
    supported = set(frames["plans"]["pupil_id"])
    pool = [i for i, pid in enumerate(frame["id"]) if pid not in supported]
    n_left = _per(pupils, "leavers_pupils")
    chosen = draw.sample(pool, n_left + _per(pupils, "arrivals_pupils"))
    leavers, arrivals = sorted(chosen[:n_left]), sorted(chosen[n_left:])
    reasons = list(LEAVING_WEIGHTS)
    left = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    arrived = left.copy()
    reason = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    first_day = year.first_day
    for i in leavers:
        left[i] = pd.Timestamp(
            draw.day(first_day + timedelta(days=14), date(year.start + 1, 5, 20))
        )
        reason[i] = reasons[
            draw.sample(list(range(len(reasons))), 1, list(LEAVING_WEIGHTS.values()))[0]
        ]
    for i in arrivals:
        arrived[i] = pd.Timestamp(
            draw.day(first_day + timedelta(days=1), date(year.start + 1, 4, 15))
        )
    frames["pupils"] = frame.assign(arrived=arrived, left=left, left_reason=reason)
    spans = {frame.at[i, "id"]: (arrived[i], left[i]) for i in (*leavers, *arrivals)}
    for key, column, months in (
        ("attendance", "month", lambda m: [int(m)]),
        ("academic", "quarter", lambda q: list(QUARTER_MONTHS[int(q)])),
    ):
        rows = frames[key]
        kept = [
            _at_school(spans.get(p), year, months(v))
            for p, v in zip(rows["pupil_id"], rows[column], strict=True)
        ]
        frames[key] = rows[pd.Series(kept, index=rows.index, dtype=bool)].reset_index(drop=True)


def _at_school(span: tuple | None, year: SchoolYear, months: list[int]) -> bool:
    """Whether a pupil who arrived / left at `span` was at school during any of `months`."""
    if span is None:
        return True
    arrived, left = span
    begin = pd.Timestamp(year.month_start(months[0]))
    end = pd.Timestamp(year.month_end(months[-1]))
    return (pd.isna(arrived) or arrived <= end) and (pd.isna(left) or left > begin)


def _history(draw: _Draw, pupils_frame: pd.DataFrame, start: int, pupils: int) -> pd.DataFrame:
    """Two previous years: the source report's figures for the oldest, a step towards now next."""
    current = {m: (c.pupils, c.families) for m, c in count_metrics(pupils_frame).items()}
    scale = pupils / 1000
    oldest: dict[str, tuple[int, int | None]] = {}
    for metric, (now_pupils, now_families) in current.items():
        if metric in SOURCE_HISTORY:
            p, f = SOURCE_HISTORY[metric]
            oldest[metric] = (round(p * scale), None if f is None else round(f * scale))
        else:
            factor = draw.rng.uniform(0.8, 1.3)
            p = round(now_pupils * factor)
            f = None if now_families is None else min(p, round(now_families * factor))
            oldest[metric] = (p, f)
    previous: dict[str, tuple[int, int | None]] = {}
    for metric, (now_pupils, now_families) in current.items():
        t = draw.rng.uniform(0.35, 0.65)
        old_p, old_f = oldest[metric]
        p = round(old_p + (now_pupils - old_p) * t)
        f = None if now_families is None else min(p, round(old_f + (now_families - old_f) * t))
        previous[metric] = (p, f)
    before_last, last = (str(y) for y in SchoolYear(start).earlier(2))
    years = ((before_last, oldest), (last, previous))
    columns: dict[str, list[object]] = {
        "school_year": [],
        "metric": [],
        "pupils": [],
        "families": [],
    }
    for year, counts in years:
        for metric in (m.key for m in HISTORY_METRICS):
            p, f = counts[metric]
            columns["school_year"].append(year)
            columns["metric"].append(metric)
            columns["pupils"].append(p)
            columns["families"].append(pd.NA if f is None else f)
    return _frame("history", columns)
