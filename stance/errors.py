"""Errors that reach users: each names the problem and the fix."""


class StanceError(Exception):
    """Base class for every error the library raises on purpose."""


class InputError(StanceError, ValueError):
    """Bad input: empty or oversized text, unreadable file, invalid label line."""


class ModelNotFoundError(StanceError, FileNotFoundError):
    """No trained model where one was asked for."""
