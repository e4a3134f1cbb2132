"""socpass: the school social passport register in Excel, with Python behind it.

`socpass.core` holds the logic (no xlwings import); `socpass.render` writes workbooks, charts and
reports; `socpass.excel` and `socpass.commands` are the thin shells Excel and the command line call.
"""

__version__ = "0.1.0"
