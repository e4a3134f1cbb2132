"""Helpers shared by the tests: synthetic registers, workbook readers, LibreOffice, the remote engine."""
