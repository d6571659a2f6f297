"""What the server logs about requests it refuses."""

from __future__ import annotations

import logging

import pydantic


class BadRequestsAsWarnings(logging.Filter):
    """BentoML logs every request that fails validation as an ERROR with a traceback, though it
    answers 400: a client's bad input is no server fault, so log it as one WARNING line."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, pydantic.ValidationError) and record.msg == "Exception on %s [%s]":
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.msg, record.args = "%s [%s] answered 400: %s", (*record.args[:2], error.errors()[0]["msg"])
            record.exc_info = record.exc_text = None
        return True
