"""The engine: compiled rules, immutable, shared by any number of threads."""

from __future__ import annotations

import json
import os
import threading
from typing import (
    Any,
    Iterable,
    List,
    Literal,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Union,
    overload,
)

from . import _liangyan
from ._errors import LiangyanError
from ._types import Report, Result

PackSource = Union[str, bytes, "os.PathLike[str]"]
Text = Union[str, bytes]
Context = Mapping[str, str]

_INVALID_UTF8 = {
    "reject": _liangyan.INVALID_UTF8_REJECT,
    "replace": _liangyan.INVALID_UTF8_REPLACE,
}


def _pack_spec(pack: PackSource) -> tuple:
    if isinstance(pack, os.PathLike):
        return ("file", os.fsdecode(pack))
    if isinstance(pack, str):
        # A lone file name is an easy slip for a pack's text: say so instead of reporting a
        # YAML error about "rules.yaml".
        if "\n" not in pack and pack.strip().lower().endswith((".yaml", ".yml")):
            raise TypeError(
                f"{pack!r} looks like a file name; pass pathlib.Path({pack!r}) "
                "to load a pack from a file, or the pack's YAML text"
            )
        return ("text", pack.encode("utf-8"), None)
    if isinstance(pack, (bytes, bytearray)):
        return ("text", bytes(pack), None)
    raise TypeError(
        "a pack is YAML text (str or bytes) or a path (os.PathLike), "
        f"not {type(pack).__name__}"
    )


def _default_threads() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class Engine:
    """Compiled rule packs.  Build one and share it: checks never change it, and any number
    of threads may check on it at once (the GIL is released while checking).

    ``packs`` are added on top of the embedded default pack (unless ``use_default_pack`` is
    false), in order: each is YAML text (``str``/``bytes``) or a file path (``pathlib.Path``).
    The other keywords set the library's limits; ``None`` keeps the library's default.

    Raises ``PackError`` (with ``line``/``column``) for a pack that does not load, and
    ``InvalidArgumentError`` for an option out of range.
    """

    def __init__(
        self,
        packs: Iterable[PackSource] = (),
        *,
        use_default_pack: bool = True,
        max_input_bytes: Optional[int] = None,
        invalid_utf8: Literal["reject", "replace"] = "reject",
        max_rewrites: Optional[int] = None,
        max_rules: Optional[int] = None,
        max_condition_depth: Optional[int] = None,
        regex_max_mem: Optional[int] = None,
        max_pattern_bytes: Optional[int] = None,
        max_slots: Optional[int] = None,
        max_turns: Optional[int] = None,
    ) -> None:
        if invalid_utf8 not in _INVALID_UTF8:
            raise ValueError("invalid_utf8 must be 'reject' or 'replace'")
        chosen = {
            "use_default_pack": int(bool(use_default_pack)),
            "invalid_utf8": _INVALID_UTF8[invalid_utf8],
            "max_input_bytes": max_input_bytes,
            "max_rewrites": max_rewrites,
            "max_rules": max_rules,
            "max_condition_depth": max_condition_depth,
            "regex_max_mem": regex_max_mem,
            "max_pattern_bytes": max_pattern_bytes,
            "max_slots": max_slots,
            "max_turns": max_turns,
        }
        options = tuple(
            (_liangyan.OPTIONS[name], int(value))
            for name, value in chosen.items()
            if value is not None
        )
        packs_spec = tuple(_pack_spec(p) for p in packs)
        self._native = _liangyan.Engine(list(options), list(packs_spec))
        # Kept to rebuild an equal engine on the other side of a pickle (see __reduce__).
        self._spec = (packs_spec, options)

    # -- what the engine holds ------------------------------------------------------------

    def _info(self, key: str) -> str:
        return self._native.info(_liangyan.INFO[key]) or ""

    @property
    def pack_id(self) -> str:
        """Id of the base pack, e.g. ``"liangyan-default"``."""
        return self._info("pack_id")

    @property
    def pack_version(self) -> str:
        """Version of the base pack."""
        return self._info("pack_version")

    @property
    def rule_count(self) -> int:
        """Number of enabled rules in all packs together."""
        return int(self._info("rule_count") or 0)

    @property
    def packs(self) -> List[str]:
        """Every loaded pack as ``"id@version"``, in the order they apply."""
        value = self._info("packs")
        return value.split(",") if value else []

    def __repr__(self) -> str:
        return f"<liangyan.Engine packs={self.packs} rules={self.rule_count}>"

    # -- checking -------------------------------------------------------------------------

    def check(self, text: Text, context: Optional[Context] = None) -> Result:
        """Checks one utterance.  ``context`` fills rewrite slots (``{"reason": "..."}``).

        Raises ``InvalidUtf8Error``, ``InputTooLargeError`` or ``LimitError``.
        """
        return self._native.check(text, _context(context))

    def check_encoded(
        self, data: bytes, charset: str, context: Optional[Context] = None
    ) -> Result:
        """Checks bytes in a legacy charset (``"GBK"``, ``"GB18030"``, ``"Big5"``).

        ``Result.text`` is the decoded text and ``start``/``end`` index it;
        ``byte_start``/``byte_end`` point into ``data``.  Raises ``EncodingError``.
        """
        return self._native.check_encoded(bytes(data), charset, _context(context))

    def check_json(self, text: Text, context: Optional[Context] = None) -> str:
        """The library's own JSON dump of the result (``ly_result_to_json``), which may
        carry fields this package does not model yet."""
        return self._native.check_json(text, _context(context))

    def coach(
        self,
        dialogue: Union[Mapping[str, Any], str, bytes],
        context: Optional[Context] = None,
        *,
        html: bool = False,
    ) -> Report:
        """Coaches a whole dialogue: every agent turn is checked, then the pack's score card
        judges the conversation (greeting, closing question, apology before the solution,
        talk share, interruptions, silences, ...).

        ``dialogue`` is ``{"turns": [{"role": "agent"|"customer", "text": ..., "start_ms"?,
        "end_ms"?}], "id"?, "agent_id"?}`` or that object as JSON text.  ``html=True`` also
        renders the trainers' page.  Raises ``InvalidArgumentError`` for a malformed dialogue
        (the message names the turn), ``LimitError`` past ``max_turns``.
        """
        if isinstance(dialogue, Mapping):
            dialogue = json.dumps(dialogue, ensure_ascii=False)
        native = self._native.coach(dialogue, _context(context), bool(html))
        *numbers, turns, data, page = native
        return Report(*numbers, turns=turns, data=json.loads(data), html=page)

    @overload
    def check_many(
        self,
        texts: Iterable[Text],
        *,
        threads: Optional[int] = ...,
        context: Optional[Context] = ...,
        on_error: Literal["raise"] = ...,
    ) -> List[Result]: ...

    @overload
    def check_many(
        self,
        texts: Iterable[Text],
        *,
        threads: Optional[int] = ...,
        context: Optional[Context] = ...,
        on_error: Literal["return"],
    ) -> List[Union[Result, LiangyanError]]: ...

    def check_many(self, texts, *, threads=None, context=None, on_error="raise"):
        """Checks a batch on ``threads`` native threads (default: the CPUs this process may
        use) and returns the results in input order.

        The whole batch is read into memory first, so that the threads never wait for Python.
        ``on_error="raise"`` raises the error of the first bad item (``error.index`` says
        which); ``"return"`` puts the exception object in that item's place instead, so that
        bad input is data, as in the CLI.
        """
        if on_error not in ("raise", "return"):
            raise ValueError("on_error must be 'raise' or 'return'")
        threads = _default_threads() if threads is None else int(threads)
        if threads < 1:
            raise ValueError("threads must be at least 1")
        items = texts if isinstance(texts, (list, tuple)) else list(texts)
        return self._native.check_many(
            items, _context(context), threads, on_error == "raise"
        )

    # -- pickling: one engine per process -------------------------------------------------

    def __reduce__(self):
        # An engine is rebuilt from its packs and options where it is unpickled, once per
        # process: shipping it to every Dask task or multiprocessing job costs one build a
        # worker, not one a task.
        return (_engine_for_process, self._spec)

    def __dask_tokenize__(self):
        # Equal packs and options make equal engines: Dask may reuse graph keys across them.
        return ("liangyan.Engine", self._spec)


_PROCESS_ENGINES: dict = {}
_PROCESS_LOCK = threading.Lock()


def _engine_for_process(
    packs_spec: Sequence[tuple], options: Sequence[Tuple[int, int]]
) -> Engine:
    key = (tuple(packs_spec), tuple(options))
    with _PROCESS_LOCK:
        engine = _PROCESS_ENGINES.get(key)
        if engine is None:
            engine = Engine.__new__(Engine)
            engine._native = _liangyan.Engine(list(options), list(packs_spec))
            engine._spec = key
            _PROCESS_ENGINES[key] = engine
        return engine


def _context(context: Optional[Context]) -> Optional[dict]:
    if context is None:
        return None
    return context if type(context) is dict else dict(context)


_DEFAULT_ENGINE: Optional[Engine] = None


def default_engine() -> Engine:
    """A shared engine with the embedded default pack, built on first use."""
    global _DEFAULT_ENGINE
    with _PROCESS_LOCK:
        if _DEFAULT_ENGINE is None:
            _DEFAULT_ENGINE = Engine()
        return _DEFAULT_ENGINE


def check(text: Text, context: Optional[Context] = None) -> Result:
    """Checks one utterance with the default pack (see ``default_engine``)."""
    return default_engine().check(text, context)
