"""The wallet's log: rotated files in the data directory, with secrets and numbers masked.

Every record passes through `MaskingFilter` before any handler formats it, so card numbers
(ICCID, EID, bank card numbers), phone numbers, bearer tokens, refresh tokens and passwords
never reach a file, whatever a caller logs.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import re
import sys
from pathlib import Path
from typing import Any, Final

from lebwallet.data_dir import private_dir, private_file

LOG_DIR: Final = "logs"
LOG_FILE: Final = "lebwallet.log"
MAX_BYTES: Final = 1_000_000
BACKUP_COUNT: Final = 5

_TOKEN_KEYS = r"(?:access_token|refresh_token|password|token|secret|otp|code)"
_RULES: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    # Authorization: Bearer abc.def
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"), r"\1•••"),
    # "password": "…", refresh_token=… (JSON, form and key=value shapes)
    (
        re.compile(rf'(?i)("?{_TOKEN_KEYS}"?\s*[:=]\s*"?)([^"&,\s}}]+)'),
        r"\1•••",
    ),
    # Phone numbers in E.164 (+ and 7-15 digits): keep the country prefix and last 2 digits.
    (re.compile(r"(\+\d{1,3})[\d ()-]{4,14}(\d{2})(?!\d)"), r"\1•••\2"),
)

# Any other run of 7 or more digits, spaces, dashes and brackets: card numbers (ICCID, EID,
# bank cards, printed in groups or not) and national phone numbers ("07400 100201",
# "(202) 555-0143"). Decimals ("1764100000.123", "10.00") and ISO dates are left alone.
_DIGIT_RUN: Final = re.compile(r"(?<![\w.+])\(?\d[\d ()-]*\d(?![\w]|\.\d)")
_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_MIN_DIGITS: Final = 7


def _mask_digits(match: re.Match[str]) -> str:
    run = match.group(0)
    digits = [c for c in run if c.isdigit()]
    if len(digits) < _MIN_DIGITS or _ISO_DATE.fullmatch(run.strip()):
        return run
    keep_head = 4 if len(digits) >= 13 else 2
    return "".join(digits[:keep_head]) + "•••" + "".join(digits[-3:])


def mask_text(text: str) -> str:
    """`text` with every secret and number the rules know replaced by a masked form."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return _DIGIT_RUN.sub(_mask_digits, text)


class MaskingFilter(logging.Filter):
    """Rewrites each record's message (arguments merged) with `mask_text`."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        record.msg = masked
        record.args = None
        return True


class LogFileHandler(logging.handlers.RotatingFileHandler):
    """The rotating log file, private to the user (0600, each one it opens); a file it
    cannot write (a full disk, a read-only directory) is reported once, in one line on
    stderr, instead of a traceback for every record."""

    _reported = False

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        error = sys.exc_info()[1]
        if not isinstance(error, OSError):
            super().handleError(record)  # a bad record (wrong arguments): logging's report
            return
        if self._reported or not logging.raiseExceptions:
            return
        self._reported = True
        reason = error.strerror or str(error)
        sys.stderr.write(
            f"lebwallet: cannot write the log {self.baseFilename}: {reason} "
            "(records that cannot be written are dropped)\n"
        )

    def _open(self) -> Any:
        private_file(Path(self.baseFilename))  # every log file is private (0600)
        return super()._open()

    def close(self) -> None:
        # The last flush of a file that cannot be written fails too: reported already.
        with contextlib.suppress(OSError):
            super().close()


def log_path(data_dir: Path) -> Path:
    return data_dir / LOG_DIR / LOG_FILE


def configure_logging(data_dir: Path, *, level: int = logging.INFO) -> logging.Handler:
    """Log `lebwallet.*` to a rotating file under `data_dir/logs`; returns the handler."""
    path = log_path(data_dir)
    private_dir(path.parent)
    handler = LogFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(MaskingFilter())
    root = logging.getLogger("lebwallet")
    root.setLevel(level)
    root.addHandler(handler)
    return handler
