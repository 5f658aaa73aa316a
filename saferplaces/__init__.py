"""Safer Places: evidence, governance and shared casework for Community Safety Partnerships."""
