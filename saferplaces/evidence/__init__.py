"""The evidence engine: police and partner data in, analyses and reports out.

Pure Python over DuckDB and numpy. It never imports Django or the web apps
(an import-linter contract in the tests enforces this); the web app calls it.
"""
