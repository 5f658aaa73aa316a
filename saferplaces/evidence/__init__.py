"""The evidence engine: police and partner data in, analyses and reports out.

Pure Python over DuckDB and numpy. Its public interface is :mod:`saferplaces.evidence.api`; the
``saferplaces`` command line is a layer over it. It never imports Django or the web apps (an
import-linter contract in ``pyproject.toml`` enforces this); the web apps call the API.
"""
