"""The command-line shell: one module per `socpass` sub-command."""
