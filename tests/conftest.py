"""Shared test set-up. xlwings' remote engine needs a licence key before xlwings is imported."""

import os

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
