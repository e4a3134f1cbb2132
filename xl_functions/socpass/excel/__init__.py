"""The Excel shell: custom functions (`udfs`) and button macros (`macros`), thin over the core."""
