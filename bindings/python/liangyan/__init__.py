"""liangyan (良言): checks Chinese customer-service wording against courseware speaking rules,
scores it from 0 to 100 and rewrites it.

    >>> import liangyan
    >>> engine = liangyan.Engine()
    >>> result = engine.check("对不起，您不能退货。")
    >>> result.score, [f.rule for f in result.findings], result.rewrite

A thin layer over the library's stable C API (the native module ``liangyan._liangyan``):
results are immutable dataclasses, errors are ``LiangyanError`` subclasses, checks release
the GIL and ``Engine.check_many`` checks a batch on native threads.
"""

try:
    from . import _liangyan
except ImportError as _error:  # pragma: no cover - only without a build
    raise ImportError(
        f"liangyan's native module is not next to {__file__}: these are the sources. "
        "Build it (cmake -DLIANGYAN_BUILD_PYTHON=ON, then PYTHONPATH=<build>/bindings/python) "
        "or install the package (pip install --no-build-isolation bindings/python); "
        f"see docs/python.md ({_error})"
    ) from _error
from ._engine import Engine, check, default_engine
from ._errors import (
    EncodingError,
    InputTooLargeError,
    InvalidArgumentError,
    InvalidUtf8Error,
    LiangyanError,
    LimitError,
    PackError,
    make_error as _make_error,
)
from ._records import FINDING_COLUMNS, UTTERANCE_COLUMNS, to_dataframe, to_records
from ._session import Session
from ._types import (
    SEVERITIES as _SEVERITIES,
    Credit,
    Edit,
    Finding,
    Report,
    Result,
    Rewrite,
    Severity,
    Slot,
)

__version__ = "0.1.0"

_liangyan.register_types(
    result=Result,
    finding=Finding,
    credit=Credit,
    rewrite=Rewrite,
    edit=Edit,
    slot=Slot,
    severities=_SEVERITIES,
    make_error=_make_error,
)


def library_version() -> str:
    """Version of the loaded libliangyan ("MAJOR.MINOR.PATCH")."""
    return _liangyan.version()


# The module was compiled against one header; refuse a library of another major.minor, whose
# C contract may differ.
if _liangyan.version_number() // 100 != _liangyan.HEADER_VERSION_NUMBER // 100:
    raise ImportError(
        f"libliangyan {_liangyan.version()} does not match the version this module "
        f"was built for ({_liangyan.HEADER_VERSION_NUMBER}); rebuild the module"
    )

__all__ = [
    "Credit",
    "Edit",
    "EncodingError",
    "Engine",
    "FINDING_COLUMNS",
    "Finding",
    "InputTooLargeError",
    "InvalidArgumentError",
    "InvalidUtf8Error",
    "LiangyanError",
    "LimitError",
    "PackError",
    "Report",
    "Result",
    "Rewrite",
    "Session",
    "Severity",
    "Slot",
    "UTTERANCE_COLUMNS",
    "check",
    "default_engine",
    "library_version",
    "to_dataframe",
    "to_records",
]
