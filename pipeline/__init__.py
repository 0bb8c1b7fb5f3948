"""news-pipeline: structured, validated records (people, organisations, places, dates, commitments) from news articles."""

__version__ = "0.1.0"
