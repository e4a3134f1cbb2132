"""Everything that touches files on disk: safe writes and backups, in-place register edits, the
separate risk workbook."""
