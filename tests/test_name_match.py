"""A journal's spelling of a pupil's name finds the register's pupil exactly, never a near one."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from socpass.core.name_match import Roll, name_words, names_match

ROLL = Roll(
    {
        "1": "Иванов Пётр Сергеевич",
        "2": "Смирнова Алёна Викторовна",
        "3": "Әбілқасымова Аружан Серікқызы",
        "4": "Ким Денис Олегович",
        "5": "Ким Денис Олегович",
        "6": "Петрова Анна",
    }
)


def test_variant_spellings_find_the_pupil():
    assert ROLL.find("Ивaнов Пётp").unique == "1"  # Latin look-alikes
    assert ROLL.find("ИВАНОВ ПЕТР СЕРГЕЕВИЧ").unique == "1"  # case, «е» for «ё»
    assert ROLL.find("Пётр  Иванов").unique == "1"  # given name first, double space
    assert ROLL.find("Смирнова Алена").unique == "2"  # no patronymic
    assert ROLL.find("Абилкасымова Аружан").unique == "3"  # Kazakh letters as Russian
    assert ROLL.find("Петрова Анна Ивановна").unique == "6"  # the register has no patronymic


def test_two_pupils_of_one_name_are_ambiguous_and_a_stranger_is_nobody():
    assert ROLL.find("Ким Денис").ids == ("4", "5")
    assert ROLL.find("Ким Денис").unique is None
    assert ROLL.find("Сидоров Олег").ids == ()


def test_close_names_are_only_suggested():
    assert ROLL.find("Иванов Пэтр").ids == ()  # a typo is not a match…
    assert ROLL.suggestions("Иванов Пэтр") == ["Иванов Пётр Сергеевич"]  # …only a suggestion


def test_one_shared_word_or_another_patronymic_is_not_a_match():
    assert not names_match(name_words("Иванов"), name_words("Иванов Пётр"))
    assert not names_match(name_words("Иванов Пётр Ильич"), name_words("Иванов Пётр Сергеевич"))


CYRILLIC = "абвгдежзиклмнопрстуфхцчшыэюяәіңғүұқөһ"
LOOKALIKE = {"а": "a", "е": "e", "о": "o", "с": "c", "р": "p", "х": "x", "у": "y", "к": "k"}
words = st.text(alphabet=CYRILLIC, min_size=2, max_size=10)


@given(st.lists(words, min_size=2, max_size=3, unique=True), st.randoms())
def test_any_respelling_of_a_name_matches_it(parts, draw):
    name = " ".join(p.capitalize() for p in parts)
    respelled = [
        "".join(LOOKALIKE.get(ch, ch) if draw.random() < 0.5 else ch for ch in p) for p in parts
    ]
    draw.shuffle(respelled)
    variant = "  ".join(w.upper() if draw.random() < 0.5 else w for w in respelled)
    assert names_match(name_words(variant), name_words(name))
    assert names_match(name_words(" ".join(parts[:2])), name_words(name))
