"""Find a register pupil by the name a journal export writes: exact after folding, never fuzzy.

Journals spell the same child differently from the register: «Ё» as «Е», a Latin «A» or «o» typed
for the Cyrillic one, Kazakh letters written with their Russian neighbours (a journal without
Kazakh fonts: «Әсет» as «Асет»), double spaces, the name before the surname, the patronymic left
out. `name_key` folds all of that away; two names match when the words of one are all among the
words of the other and at least two words are shared (surname and given name). A name matching
no pupil, or several (two same-named children in a class), is the caller's to report: a wrong
pupil's attendance is worse than none. `suggestions` offers close names for the message only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .schema import LATIN_LOOKALIKES

#: Latin and other look-alikes of Cyrillic and Kazakh letters (applied after lower-casing): the
#: headers' Latin ones, and the Kazakh Latin alphabet's letters.
_LOOKALIKES = str.maketrans(
    LATIN_LOOKALIKES
    | {"ə": "ә", "ä": "ә", "ö": "ө", "ɵ": "ө", "ü": "ү", "ı": "і", "ğ": "ғ", "q": "қ", "ñ": "ң"}
)
#: Kazakh letters to their Russian neighbours, and «ё» to «е»: a journal may lack the former.
_KAZAKH_TO_RUSSIAN = str.maketrans(
    {"ә": "а", "і": "и", "ң": "н", "ғ": "г", "қ": "к", "ү": "у", "ұ": "у", "ө": "о", "һ": "х"}
    | {"ё": "е", "й": "и"}
)
_NOT_LETTERS = re.compile(r"[^\w]+|[\d_]+")


def name_words(name: object) -> tuple[str, ...]:
    """The folded words of a name: lower case, look-alikes read as Cyrillic, Kazakh letters as
    Russian, punctuation and digits dropped."""
    text = str(name or "").lower().translate(_LOOKALIKES).translate(_KAZAKH_TO_RUSSIAN)
    return tuple(w for w in _NOT_LETTERS.split(text) if w)


def names_match(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two folded names are one person's: every word of the shorter is in the longer
    (order free: surname first or last; a patronymic may be missing), two words at least."""
    short, long = sorted((set(a), set(b)), key=len)
    return len(short) >= 2 and short <= long


@dataclass(frozen=True)
class Candidates:
    """The pupils a name can be: one is a match; none or several are reported."""

    ids: tuple[str, ...]

    @property
    def unique(self) -> str | None:
        return self.ids[0] if len(self.ids) == 1 else None


class Roll:
    """A class's pupils (id -> full name), searchable by a journal's spelling of a name."""

    def __init__(self, names: Mapping[str, str]) -> None:
        self._names = dict(names)
        self._words = {pid: name_words(name) for pid, name in names.items()}

    def find(self, name: object) -> Candidates:
        words = name_words(name)
        return Candidates(tuple(pid for pid, w in self._words.items() if names_match(words, w)))

    def suggestions(self, name: object, limit: int = 2) -> list[str]:
        """Register names close to `name`, to show in a message (never used as a match)."""
        from rapidfuzz import fuzz, process, utils

        folded = " ".join(sorted(name_words(name)))
        choices = {pid: " ".join(sorted(w)) for pid, w in self._words.items()}
        found = process.extract(
            folded, choices, scorer=fuzz.WRatio, processor=utils.default_process
        )
        return [self._names[pid] for _, score, pid in found[:limit] if score >= 80]

    def named(self, ids: Iterable[str]) -> list[str]:
        """The pupils' names with their ids: same-named pupils told apart."""
        return [f"{self._names[pid]} ({pid})" for pid in ids]
