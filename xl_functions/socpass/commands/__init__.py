"""The command-line shell: one module per `socpass` sub-command.

`socpass` builds the parser of every command on each run, so a command module imports at its top
only what its options need; the job and what it reads or writes are imported when the command
runs. A click on an Excel button or a `socpass flag` then never pays for matplotlib, Word or the
district's Dask (`tests/test_imports.py`).
"""
