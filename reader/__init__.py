"""reader: a terminal reading assistant for learners of German."""

__version__ = "0.1.0"
