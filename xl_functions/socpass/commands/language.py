"""The command line in the user's language, before any register is read.

argparse takes its own words ("usage:", "options", "the following arguments are required",
"invalid choice") from gettext: `argparse_speaks` points it at socpass's catalogues
(`socpass/locale/<lang>/LC_MESSAGES/argparse.mo`, built by `tools/build_locale.py`) for the
duration of one parse, then puts the English back. The language is `--lang` wherever it stands
on the line (before or after the command, with aliases such as kz, қаз, рус), else
$SOCPASS_LANG, else Kazakh; a register read later may change the language of the job's messages.
A mistyped choice (a command, a `--by` word) gets a "did you mean" from difflib.
"""

from __future__ import annotations

import argparse
import difflib
import gettext
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib.resources import files

from ..core.schema import Lang, Text

LOCALE_DIR = str(files("socpass") / "locale")
#: What a user may type after --lang.
LANG_ALIASES: dict[str, Lang] = {
    "kk": "kk",
    "kz": "kk",
    "kaz": "kk",
    "қаз": "kk",
    "қазақ": "kk",
    "қазақша": "kk",
    "ru": "ru",
    "rus": "ru",
    "рус": "ru",
    "русский": "ru",
    "орыс": "ru",
    "орысша": "ru",
}
BAD_LANG = Text(
    "тіл kk не ru болуы керек (kz, қаз, рус та жарайды), ал берілгені: «{value}»",
    "язык должен быть kk или ru (подходят и kz, қаз, рус), а указано: «{value}»",
)
DID_YOU_MEAN = Text("«{name}» деп жазғыңыз келді ме?", "Может быть, вы имели в виду «{name}»?")

_speaking: list[Lang] = ["kk"]
_translations: list[gettext.NullTranslations] = [gettext.NullTranslations()]


def speaking() -> Lang:
    """The language of the parse under way (argparse types word their errors in it)."""
    return _speaking[-1]


def argparse_word(message: str) -> str:
    """One of argparse's own messages in the language of the parse under way (for the options
    whose help argparse leaves untranslated, such as --version's)."""
    return _translations[-1].gettext(message)


def lang_code(text: str) -> Lang:
    """argparse type for --lang: kk or ru, from any of `LANG_ALIASES`."""
    code = LANG_ALIASES.get(text.strip().lower())
    if code is None:
        raise argparse.ArgumentTypeError(BAD_LANG(speaking()).format(value=text))
    return code


def lang_in(argv: Sequence[str]) -> Lang | None:
    """The language asked for by `--lang X` or `--lang=X` anywhere on the line (the last one)."""
    found: Lang | None = None
    for i, arg in enumerate(argv):
        value = None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value is not None:
            found = LANG_ALIASES.get(value.strip().lower(), found)
    return found


@contextmanager
def argparse_speaks(lang: Lang) -> Iterator[None]:
    """argparse's words in `lang` inside the block (its module's `_` and `ngettext`)."""
    translation = gettext.translation("argparse", LOCALE_DIR, languages=[lang], fallback=True)
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = translation.gettext, translation.ngettext  # type: ignore[attr-defined]
    _speaking.append(lang)
    _translations.append(translation)
    try:
        yield
    finally:
        _translations.pop()
        _speaking.pop()
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    """argparse with a suggestion for a mistyped choice: `socpass sumary` -> «summary»."""

    def _check_value(self, action: argparse.Action, value: object) -> None:
        try:
            super()._check_value(action, value)  # type: ignore[misc]
        except argparse.ArgumentError as exc:
            candidates = [str(c) for c in action.choices or ()]
            candidates += list(getattr(action, "aliases", ()))
            close = difflib.get_close_matches(str(value), candidates, n=1, cutoff=0.6)
            if not close:
                raise
            hint = DID_YOU_MEAN(speaking()).format(name=close[0])
            raise argparse.ArgumentError(action, f"{exc.message}. {hint}") from None
