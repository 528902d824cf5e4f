"""Stub of the native module (src/module.cc).  Use the liangyan package instead: it registers
the result classes and exceptions this module builds."""

from typing import Any, Callable, Mapping, Optional, Sequence, Union

from ._errors import LiangyanError
from ._types import Result

HEADER_VERSION_NUMBER: int
OPTIONS: dict[str, int]
INFO: dict[str, int]
STATUS: dict[str, int]
INVALID_UTF8_REJECT: int
INVALID_UTF8_REPLACE: int

def register_types(
    result: type,
    finding: type,
    credit: type,
    rewrite: type,
    edit: type,
    slot: type,
    severities: tuple[Any, ...],
    make_error: Callable[[int, str, Optional[int]], LiangyanError],
) -> None: ...
def version() -> str: ...
def version_number() -> int: ...
def status_name(status: int) -> str: ...

class Engine:
    def __init__(
        self, options: Sequence[tuple[int, int]], packs: Sequence[tuple[Any, ...]]
    ) -> None: ...
    def info(self, key: int) -> Optional[str]: ...
    def check(
        self, text: Union[str, bytes], context: Optional[Mapping[str, str]] = None
    ) -> Result: ...
    def check_encoded(
        self, data: bytes, charset: str, context: Optional[Mapping[str, str]] = None
    ) -> Result: ...
    def check_json(
        self, text: Union[str, bytes], context: Optional[Mapping[str, str]] = None
    ) -> str: ...
    def check_many(
        self,
        texts: Sequence[Union[str, bytes]],
        context: Optional[Mapping[str, str]] = None,
        threads: int = 1,
        stop_on_error: bool = True,
    ) -> list[Union[Result, LiangyanError]]: ...
    def coach(
        self,
        dialogue: Union[str, bytes],
        context: Optional[Mapping[str, str]] = None,
        html: bool = False,
    ) -> tuple[Any, ...]: ...

class Session:
    def __init__(self, engine: Engine) -> None: ...
    def update(
        self,
        text: Union[str, bytes],
        context: Optional[Mapping[str, str]] = None,
        rewrites: bool = False,
    ) -> Result: ...
    def reset(self) -> None: ...
