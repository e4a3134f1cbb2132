"""A generated `vbaProject.bin` for the macro-enabled register: source only, compiled by Excel on open.

`build_vba_project` is the entry point; `compression` and `cfb` are the two file formats under it.
"""

from .project import VbaModule, build_vba_project

__all__ = ["VbaModule", "build_vba_project"]
