"""Kazakh case endings after numbers and Russian plural agreement (socpass.core.language)."""

from decimal import Decimal

import pytest
from socpass.core.language import (
    NOUNS,
    count_phrase,
    kk_inflect,
    kk_last_word,
    kk_number,
    kk_ordinal,
    kk_suffix,
    ru_plural_form,
)


@pytest.mark.parametrize(
    ("n", "word"),
    [
        (0, "нөл"),
        (1, "бір"),
        (7, "жеті"),
        (10, "он"),
        (22, "екі"),
        (40, "қырық"),
        (90, "тоқсан"),
        (100, "жүз"),
        (300, "жүз"),
        (110, "он"),
        (1000, "мың"),
        (2000, "мың"),
        (1_000_000, "миллион"),
        (3_000_000_000, "миллиард"),
        (60000, "мың"),
    ],
)
def test_last_spoken_word_of_a_numeral(n, word):
    assert kk_last_word(n) == word


@pytest.mark.parametrize(
    ("n", "dat"),
    [
        (0, "0-ге"),
        (1, "1-ге"),
        (2, "2-ге"),
        (3, "3-ке"),
        (4, "4-ке"),
        (5, "5-ке"),
        (6, "6-ға"),
        (7, "7-ге"),
        (8, "8-ге"),
        (9, "9-ға"),
        (10, "10-ға"),
        (20, "20-ға"),
        (22, "22-ге"),
        (30, "30-ға"),
        (37, "37-ге"),
        (40, "40-қа"),
        (50, "50-ге"),
        (60, "60-қа"),
        (70, "70-ке"),
        (80, "80-ге"),
        (90, "90-ға"),
        (100, "100-ге"),
        (1000, "1000-ға"),
        (1_000_000, "1000000-ға"),
    ],
)
def test_dative_after_digits_follows_the_last_word(n, dat):
    assert kk_number(n, "dat") == dat


@pytest.mark.parametrize(
    ("n", "loc", "abl"),
    [
        (0, "0-де", "0-ден"),
        (1, "1-де", "1-ден"),
        (3, "3-те", "3-тен"),
        (6, "6-да", "6-дан"),
        (10, "10-да", "10-нан"),
        (15, "15-те", "15-тен"),
        (20, "20-да", "20-дан"),
        (40, "40-та", "40-тан"),
        (50, "50-де", "50-ден"),
        (60, "60-та", "60-тан"),
        (80, "80-де", "80-нен"),
        (90, "90-да", "90-нан"),
        (100, "100-де", "100-ден"),
        (1000, "1000-да", "1000-нан"),
        (1_000_000, "1000000-да", "1000000-нан"),
    ],
)
def test_locative_and_ablative(n, loc, abl):
    assert kk_number(n, "loc") == loc
    assert kk_number(n, "abl") == abl


@pytest.mark.parametrize(
    ("n", "acc", "gen", "ins"),
    [
        (2, "2-ні", "2-нің", "2-мен"),
        (5, "5-ті", "5-тің", "5-пен"),
        (10, "10-ды", "10-ның", "10-мен"),
        (50, "50-ді", "50-дің", "50-мен"),
        (8, "8-ді", "8-дің", "8-бен"),
        (1, "1-ді", "1-дің", "1-мен"),
    ],
)
def test_accusative_genitive_instrumental(n, acc, gen, ins):
    assert (kk_number(n, "acc"), kk_number(n, "gen"), kk_number(n, "ins")) == (acc, gen, ins)


def test_number_as_shown_decides_the_ending():
    # grouped thousands and decimals are read as printed: 14,2 ends in "екі", 1,5 in "бес"
    assert kk_number("1 000", "dat") == "1 000-ға"
    assert kk_number("14,2", "dat") == "14,2-ге"
    assert kk_number("1,5", "loc") == "1,5-те"
    assert kk_number(2.5, "dat") == "2,5-ке"
    assert kk_number(Decimal("3.0"), "dat") == "3-ке"
    # percent is read "пайыз"
    assert kk_number("15\u00a0%", "dat") == "15%-ға"
    assert kk_number("−18,2 %", "abl") == "−18,2%-дан"
    assert kk_number(5, "nom") == "5"


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("7,6\u00a0%", "7,6%-ы"),  # барлық оқушылардың 7,6%-ы: "пайыз" ends in a consonant
        ("100 %", "100%-ы"),
        (2, "2-сі"),  # екісі: after a vowel -сы/-сі
        (6, "6-сы"),  # алтысы
        (1, "1-і"),  # бірі
        (4, "4-і"),  # төрті
        (10, "10-ы"),  # оны
        (50, "50-і"),  # елуі: final у takes -ы/-і
        (1000, "1000-ы"),  # мыңы
        ("3,5", "3,5-і"),  # үш бүтін оннан бесі
    ],
)
def test_possessive_after_a_genitive(number, expected):
    assert kk_number(number, "poss") == expected


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("14,2%", "14,2%-ын"),  # сабақтың 14,2%-ын жіберді: the possessive as an object
        ("100\u00a0%", "100%-ын"),
        (2, "2-сін"),  # екісін
        (6, "6-сын"),  # алтысын
        (1, "1-ін"),  # бірін
        (10, "10-ын"),  # онын
        (50, "50-ін"),  # елуін
        ("3,5", "3,5-ін"),  # үш бүтін оннан бесін
    ],
)
def test_possessive_as_an_object(number, expected):
    assert kk_number(number, "poss_acc") == expected


def test_not_a_number_is_refused():
    with pytest.raises(ValueError):
        kk_number("бес", "dat")


@pytest.mark.parametrize(
    ("word", "case", "expected"),
    [
        ("оқушы", "dat", "оқушыға"),
        ("оқушы", "acc", "оқушыны"),
        ("отбасы", "abl", "отбасыдан"),
        ("өтініш", "dat", "өтінішке"),
        ("іс-шара", "loc", "іс-шарада"),
        ("мектеп", "loc", "мектепте"),
        ("жыл", "loc", "жылда"),
        ("елу", "acc", "елуді"),
        ("ту", "dat", "туға"),
        ("миллиард", "dat", "миллиардқа"),
        ("теңге", "ins", "теңгемен"),
        ("оқушы", "poss", "оқушысы"),
        ("мектеп", "poss", "мектебі"),
        ("жүрек", "poss", "жүрегі"),
        ("жыл", "poss", "жылы"),
        ("мектеп", "poss_acc", "мектебін"),
        ("оқушы", "poss_acc", "оқушысын"),
    ],
)
def test_words_take_endings_by_harmony_and_final_sound(word, case, expected):
    assert kk_inflect(word, case) == expected


def test_nominative_has_no_ending():
    assert kk_suffix("оқушы", "nom") == ""


def test_ordinal_in_digits():
    assert kk_ordinal(1, "сурет") == "1-сурет"
    assert kk_ordinal(5, "кесте") == "5-кесте"


@pytest.mark.parametrize(
    ("n", "form"),
    [(0, "many"), (1, "one"), (2, "few"), (4, "few"), (5, "many"), (11, "many"), (12, "many")]
    + [(21, "one"), (22, "few"), (111, "many"), (101, "one"), (1.5, "other"), (5.0, "many")],
)
def test_russian_plural_category_from_cldr(n, form):
    assert ru_plural_form(n) == form


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "1 учащийся"),
        (2, "2 учащихся"),
        (5, "5 учащихся"),
        (11, "11 учащихся"),
        (21, "21 учащийся"),
        (22, "22 учащихся"),
        (0, "0 учащихся"),
        (1.5, "1,5 учащегося"),
    ],
)
def test_russian_pupils_agree_with_number(n, text):
    assert count_phrase(n, "pupil", "ru") == text


def test_russian_nouns_table():
    assert count_phrase(1, "family", "ru") == "1 семья"
    assert count_phrase(3, "family", "ru") == "3 семьи"
    assert count_phrase(25, "family", "ru") == "25 семей"
    assert count_phrase(57, "application", "ru") == "57 заявлений"
    assert count_phrase(1, "event", "ru") == "1 мероприятие"
    assert count_phrase(3, "case", "ru") == "3 случая"
    assert count_phrase(1.5, "family", "ru") == "1,5 семьи"
    # accusative of counting: "на 1 учащегося", "1 семью", but plural forms unchanged
    assert count_phrase(1, "pupil", "ru", case="acc") == "1 учащегося"
    assert count_phrase(21, "family", "ru", case="acc") == "21 семью"
    assert count_phrase(5, "pupil", "ru", case="acc") == "5 учащихся"
    assert count_phrase(1000, "pupil", "ru", shown="1 000") == "1 000 учащихся"
    # genitive after "с"/"до": до 1 учащегося, до 2 учащихся, до 21 семьи
    assert count_phrase(1, "pupil", "ru", case="gen") == "1 учащегося"
    assert count_phrase(2, "pupil", "ru", case="gen") == "2 учащихся"
    assert count_phrase(21, "family", "ru", case="gen") == "21 семьи"
    assert count_phrase(5, "family", "ru", case="gen") == "5 семей"


def test_kazakh_noun_stays_singular_and_takes_the_case():
    assert count_phrase(5, "pupil", "kk") == "5 оқушы"
    assert count_phrase(15, "pupil", "kk", case="dat") == "15 оқушыға"
    assert count_phrase(57, "application", "kk") == "57 өтініш"
    assert count_phrase(22, "family", "kk", case="abl") == "22 отбасыдан"


def test_every_noun_has_all_forms():
    for noun in NOUNS.values():
        assert noun.kk and noun.ru_one and noun.ru_few and noun.ru_many
        kk_inflect(noun.kk, "dat")  # every Kazakh noun's ending is defined
