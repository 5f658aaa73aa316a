"""Errors the evidence engine raises: the message names what to fix, in words, never a command-line flag.

Callers catch :class:`EvidenceError`; the subclasses say whose mistake it is, so that the web app
can point at an uploaded file and the command line at an argument.
"""


class EvidenceError(Exception):
    """Input the engine cannot use; the message says which file, line or value and why."""


class InputError(EvidenceError):
    """A file or its data cannot be used: missing, unreadable, wrong columns or bad rows."""


class ParameterError(EvidenceError):
    """A parameter is missing, out of range or inconsistent with the others."""
