"""The headless analysis core. It never imports Textual (see tests/test_imports.py)."""
