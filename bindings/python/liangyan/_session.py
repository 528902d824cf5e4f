"""Streaming checks: one utterance whose text grows or is revised."""

from __future__ import annotations

from typing import Optional

from . import _liangyan
from ._engine import Context, Engine, Text, _context, default_engine
from ._types import Result


class Session:
    """Checks one utterance while it is being typed or recognised.

    Pass the whole current text on every change (an agent typing, a speech recogniser's
    partial results that may revise earlier words); each ``update`` returns the findings and
    score of the text as it stands, equal to ``engine.check(text)`` without the rewrites.
    ``update(text, rewrites=True)`` (typically once, for the finished utterance) returns
    exactly what ``engine.check(text, context)`` returns.

    Cheaper than checking every change: rewrites, more than half of a check's cost, are only
    made when asked for; an unchanged text (recognisers repeat partials) is answered without
    any work; only the changed bytes are validated again.  ``reset()`` starts the next
    utterance.  A session belongs to one thread at a time (a second thread calling it
    meanwhile gets ``RuntimeError``); any number of sessions share one engine, which the
    session keeps alive.
    """

    __slots__ = ("_engine", "_native")

    def __init__(self, engine: Optional[Engine] = None) -> None:
        self._engine = engine if engine is not None else default_engine()
        self._native = _liangyan.Session(self._engine._native)

    @property
    def engine(self) -> Engine:
        """The engine this session checks with."""
        return self._engine

    def update(
        self,
        text: Text,
        context: Optional[Context] = None,
        *,
        rewrites: bool = False,
    ) -> Result:
        """Checks ``text``, the utterance as it stands now.

        Without ``rewrites`` the result has no rewrites, edits or slots and every finding's
        ``replacement`` is empty; everything else equals ``engine.check(text)``.  After an
        error (``InvalidUtf8Error``, ``InputTooLargeError``, ``LimitError``) the session
        starts afresh and the next update is answered normally.
        """
        return self._native.update(text, _context(context), bool(rewrites))

    def reset(self) -> None:
        """Starts a new utterance (the memory is kept)."""
        self._native.reset()

    def __reduce__(self):
        raise TypeError("a liangyan.Session holds one utterance's state and cannot be pickled")

    def __repr__(self) -> str:
        return f"<liangyan.Session on {self._engine!r}>"
