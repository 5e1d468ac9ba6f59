"""Access logs without credentials: invitation, survey and drill links carry their token in the path.

Those tokens work as passwords (an invitation signs a person up, a survey link answers once, a drill link
records a click), so a log line with them would hand them to whoever reads the logs (pen-test finding).
`RedactTokens` is a logging filter on our handlers (Django's request warnings, the development server);
`GunicornLogger` does the same for gunicorn's access log (`--logger-class`, docs/deploy.md).
"""

from __future__ import annotations

import logging
import re
from typing import Any

# /invite/<token>/, /s/<token>/ (survey), /d/<kind>/<token>/ (drill tracking and landing pages),
# /password-reset/<uid>/<token>/ (a reset link), /signup/confirm/<token>/ (a sign-up to confirm), /feeds/<token>.ics
TOKEN_IN_PATH = re.compile(
    r"(/(?:invite|s|d/[a-z]|signup/confirm|account/email/confirm|feeds)/|/password-reset/[^/\s]+/)[^/\s?\"']+"
)
HIDDEN = r"\1[token]"


def redact(text: str) -> str:
    """`text` with every link token in a path replaced by [token]."""
    return TOKEN_IN_PATH.sub(HIDDEN, text)


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg = redact(record.getMessage())
            record.args = None
        else:
            record.msg = redact(str(record.msg))
        return True


try:
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # gunicorn is a dependency, but the filter above must not need it
    _GunicornLogger = object  # type: ignore[assignment,misc]


class GunicornLogger(_GunicornLogger):  # type: ignore[misc,valid-type]
    """gunicorn's logger with the tokens taken out of the request line, the path and the referrer."""

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        cleaned = dict(environ)
        for key in ("RAW_URI", "PATH_INFO", "HTTP_REFERER"):
            if isinstance(cleaned.get(key), str):
                cleaned[key] = redact(cleaned[key])
        super().access(resp, req, cleaned, request_time)
