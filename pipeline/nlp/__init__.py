"""NLP: spaCy only. Loading the model, our components (datelines, sentences, dates,
commitments) and the entity mentions read from a parsed Doc.

Every later stage reads what these put on the Doc; nothing here knows about files or records.
"""

from pipeline.nlp.load import load_nlp, tune_malloc

__all__ = ["load_nlp", "tune_malloc"]
