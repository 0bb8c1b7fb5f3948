"""Data files of the spaCy components (cue lexicons)."""
