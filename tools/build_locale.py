"""Compile the command line's gettext catalogues: socpass/locale/<lang>/LC_MESSAGES/*.po -> .mo.

argparse takes its own words ("usage:", "options", "the following arguments are required", ...)
from gettext; `socpass.commands.language` points it at these catalogues in the user's language.
Run `python tools/build_locale.py` after editing a .po file; a test checks that every .mo says
what its .po says, and that the catalogues cover every message of the running Python's argparse.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[1] / "xl_functions" / "socpass" / "locale"


def compile_catalogue(po: Path) -> bytes:
    """The .mo bytes of one .po file (fuzzy entries left out, as msgfmt does)."""
    lang = po.parents[1].name
    with po.open("rb") as source:
        catalogue = read_po(source, locale=lang, domain=po.stem)
    out = io.BytesIO()
    write_mo(out, catalogue)
    return out.getvalue()


def main(locale: Path = LOCALE) -> list[Path]:
    written = []
    for po in sorted(locale.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        mo.write_bytes(compile_catalogue(po))
        written.append(mo)
    return written


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else LOCALE):
        print(path)
