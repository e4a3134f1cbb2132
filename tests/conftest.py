"""Shared test set-up: xlwings' remote engine needs a licence key before xlwings is imported, and
tests marked `soffice` are skipped on a machine without LibreOffice (CI installs it)."""

import os
import shutil

import pytest

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if shutil.which("soffice"):
        return
    skip = pytest.mark.skip(reason="LibreOffice (soffice) is not installed")
    for item in items:
        if "soffice" in item.keywords:
            item.add_marker(skip)
