"""Write the empty register templates `register_kk.xlsx` and `register_ru.xlsx` next to this file.

Run after changing the schema: `python workbook/build_templates.py`. The output is deterministic,
so an unchanged schema gives byte-identical files and a clean `git status`.
"""

from __future__ import annotations

from pathlib import Path

from socpass.core.schema import LANGS
from socpass.render.workbook import write_register

HERE = Path(__file__).resolve().parent


def main(out: Path = HERE) -> list[Path]:
    return [write_register(out / f"register_{lang}.xlsx", lang) for lang in LANGS]


if __name__ == "__main__":
    for path in main():
        print(path)
