"""The IIN rule: the public mod-11 check digit and what the first seven digits encode."""

from datetime import date

from socpass.core import iin


def test_check_digit_first_pass():
    # 1*1+4*2+0*3+7*4+0*5+1*6+6*7+0+0+0+1*11 = 96; 96 mod 11 = 8
    assert iin.check_digit("14070160001") == 8
    assert iin.is_valid("140701600018")


def test_check_digit_second_pass_when_first_gives_ten():
    # first pass: 98 mod 11 = 10; second pass (3..11,1,2): 123 mod 11 = 2
    assert iin.check_digit("12031550001") == 2
    assert iin.is_valid("120315500012")
    assert not iin.is_valid("120315500010")  # 10 would be the naive first-pass answer, wrapped


def test_no_check_digit_when_both_passes_give_ten():
    impossible = next(
        f"{n:011d}" for n in range(10**10, 10**10 + 10**5) if iin.check_digit(f"{n:011d}") is None
    )
    assert not any(iin.is_valid(impossible + str(d)) for d in range(10))


def test_malformed_numbers_are_not_valid():
    assert not iin.is_valid("12031550001")  # 11 digits
    assert not iin.is_valid("1203155000123")
    assert not iin.is_valid("12031550001A")
    assert not iin.is_valid("１２０３１５５０００１２")  # full-width digits


def test_birth_date_and_sex_from_the_seventh_digit():
    assert iin.birth_date("120315500012") == date(2012, 3, 15)
    assert iin.century_sex("120315500012") == (2000, "m")
    assert iin.century_sex("140701600018") == (2000, "f")
    assert iin.birth_date("850101300000") == date(1985, 1, 1)  # check digit not needed here
    assert iin.birth_date("120345500012") is None  # day 45
    assert iin.century_sex("120315000012") is None  # 7th digit 0
