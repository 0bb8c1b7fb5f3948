"""Text: pure string functions and word lists every stage shares (datelines, date values,
place names, lexicons). Imports nothing else from the pipeline."""
