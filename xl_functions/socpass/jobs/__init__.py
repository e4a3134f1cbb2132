"""The use cases: one function per user action, shared by the command line and the Excel buttons."""
