"""Errors the evidence engine raises for bad input: the message names what to fix."""


class EvidenceError(Exception):
    """Input the engine cannot use; the message says which file, line or value and why."""
