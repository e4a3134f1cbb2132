"""Writers of what a user opens: register workbooks, charts, the Word report."""
