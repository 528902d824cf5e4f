"""Exceptions: one class per kind of failure a caller handles differently.

Every status code of the C API (``ly_status``) maps to one class; the code itself stays
available as ``error.status`` / ``error.status_name`` for logs and for codes added later.
"""

from __future__ import annotations

import re
from typing import Optional

from . import _liangyan

_STATUS = dict(_liangyan.STATUS)


class LiangyanError(Exception):
    """Base class of every error the library reports.

    ``status`` is the C API's status code, ``status_name`` its name (``"LY_E_INVALID_UTF8"``),
    ``message`` the detail, and ``index`` the position in the batch for ``check_many``.
    """

    def __init__(
        self,
        message: str,
        status: int = _STATUS["LY_E_INTERNAL"],
        index: Optional[int] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.status_name = _liangyan.status_name(status)
        self.index = index

    def __str__(self) -> str:
        where = f"item {self.index}: " if self.index is not None else ""
        return f"{where}{self.message} [{self.status_name}]"

    def __reduce__(self):  # keeps keyword state across pickling (Dask, multiprocessing)
        return (type(self), (self.message, self.status, self.index))


class InvalidArgumentError(LiangyanError, ValueError):
    """An argument the library rejects: an option out of range, an unknown key."""


class InvalidUtf8Error(LiangyanError, ValueError):
    """The input is not UTF-8 (bytes input, or a ``str`` holding lone surrogates).

    Build the engine with ``invalid_utf8="replace"`` to check such text with U+FFFD instead.
    """


class InputTooLargeError(LiangyanError, ValueError):
    """The input is longer than the engine's ``max_input_bytes`` (UTF-8 bytes)."""


class EncodingError(LiangyanError, ValueError):
    """``check_encoded``: an unknown charset, or bytes that do not decode in it."""


_POSITION = re.compile(r"^(?P<source>.*?):(?P<line>\d+):(?P<column>\d+):")


class PackError(LiangyanError):
    """A rule pack that cannot be used: YAML syntax, invalid content, unsupported format
    version, a regex that does not compile, or a pack file that cannot be read.

    The message names the pack and, where there is one, the position: ``source``, ``line``
    and ``column`` hold it (1-based), or ``None``.
    """

    def __init__(
        self,
        message: str,
        status: int = _STATUS["LY_E_PACK_INVALID"],
        index: Optional[int] = None,
    ) -> None:
        super().__init__(message, status, index)
        found = _POSITION.match(message)
        self.source: Optional[str] = found["source"] if found else None
        self.line: Optional[int] = int(found["line"]) if found else None
        self.column: Optional[int] = int(found["column"]) if found else None


class LimitError(LiangyanError):
    """A configured limit was exceeded: rules, condition depth, pattern memory, context slots."""


_CLASS_OF_STATUS = {
    _STATUS["LY_E_INVALID_ARGUMENT"]: InvalidArgumentError,
    _STATUS["LY_E_INVALID_UTF8"]: InvalidUtf8Error,
    _STATUS["LY_E_INPUT_TOO_LARGE"]: InputTooLargeError,
    _STATUS["LY_E_ENCODING"]: EncodingError,
    _STATUS["LY_E_PACK_SYNTAX"]: PackError,
    _STATUS["LY_E_PACK_INVALID"]: PackError,
    _STATUS["LY_E_PACK_VERSION"]: PackError,
    _STATUS["LY_E_PATTERN"]: PackError,
    _STATUS["LY_E_IO"]: PackError,
    _STATUS["LY_E_LIMIT"]: LimitError,
}


def make_error(status: int, message: str, index: Optional[int] = None) -> LiangyanError:
    """The exception for a C API status; called by the native module."""
    cls = _CLASS_OF_STATUS.get(status, LiangyanError)
    return cls(message, status, index)
