"""The strategic assessment as one self-contained HTML file (inline CSS and SVG, no scripts)."""
