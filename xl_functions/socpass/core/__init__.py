"""The functional core: schema, reading, computing. Pure functions of their inputs; no xlwings."""
