"""Typed results of a check.

The native module builds these classes positionally, so the field order of every dataclass
here is part of the contract with ``src/convert.cc``: change both together.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from typing import Any, Optional, Union


class Severity(enum.IntEnum):
    """How badly a finding breaks the courseware (the pack's ``severity: 1..4``)."""

    HINT = 1
    MINOR = 2
    MAJOR = 3
    CRITICAL = 4


@dataclass(frozen=True, slots=True)
class Finding:
    """Where the wording breaks one rule.

    ``start``/``end`` index the checked ``str`` (code points): ``result.text[f.start:f.end]``
    is the span.  ``byte_start``/``byte_end`` are the same span in the original input bytes
    (UTF-8, or the legacy charset given to ``check_encoded``).
    """

    rule: str
    category: str
    severity: Severity
    weight: int
    start: int
    end: int
    byte_start: int
    byte_end: int
    message: str
    citation: str
    replacement: str

    def to_dict(self) -> dict[str, Any]:
        """The finding as the CLI's ``--format jsonl`` prints it."""
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": int(self.severity),
            "weight": self.weight,
            "start": self.start,
            "end": self.end,
            "message": self.message,
            "citation": self.citation,
            "replacement": self.replacement,
        }


@dataclass(frozen=True, slots=True)
class Credit:
    """Wording the courseware credits (an apology, a reason, a consultative question)."""

    rule: str
    weight: int
    start: int
    end: int
    byte_start: int
    byte_end: int
    message: str

    def to_dict(self) -> dict[str, Any]:
        """The credit as the CLI's ``--format jsonl`` prints it."""
        return {
            "rule": self.rule,
            "weight": self.weight,
            "start": self.start,
            "end": self.end,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Rewrite:
    """A candidate rewrite of the whole utterance; ``Result.rewrites`` lists them best first."""

    text: str
    score: int
    fixes: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "score": self.score, "fixes": self.fixes}


@dataclass(frozen=True, slots=True)
class Edit:
    """One change the best rewrite makes: ``text[start:end]`` becomes ``replacement``."""

    start: int
    end: int
    byte_start: int
    byte_end: int
    replacement: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "byte_start": self.byte_start,
            "byte_end": self.byte_end,
            "replacement": self.replacement,
        }


@dataclass(frozen=True, slots=True)
class Slot:
    """A gap in the best rewrite that no context value filled (``reason`` shown as 【原因】)."""

    name: str
    marker: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "marker": self.marker}


Span = Union[Finding, Credit, Edit]


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome of checking one utterance.  Immutable, picklable, independent of the engine.

    ``text`` is the utterance as checked (for ``str`` input, the very same object); spans index
    it.  ``rewrites`` is empty when nothing needs rewriting; ``rewrite`` then is ``text``.
    """

    text: str
    score: int
    script: str
    findings: tuple[Finding, ...]
    credits: tuple[Credit, ...]
    rewrites: tuple[Rewrite, ...]
    edits: tuple[Edit, ...]
    slots: tuple[Slot, ...]
    replaced_invalid: int = 0

    @property
    def rewrite(self) -> str:
        """The best rewrite, or the text itself when it needs none (as the CLI prints it)."""
        return self.rewrites[0].text if self.rewrites else self.text

    @property
    def rules(self) -> tuple[str, ...]:
        """The rule ids of the findings, in text order."""
        return tuple(f.rule for f in self.findings)

    def span_text(self, item: Span) -> str:
        """The part of ``text`` a finding, credit or edit covers."""
        return self.text[item.start:item.end]

    def to_dict(self, extended: bool = False) -> dict[str, Any]:
        """Plain data: exactly the CLI's ``--format jsonl`` object, so ``json.dumps`` of it
        parses back equal to the CLI's line.  ``extended`` adds what the CLI leaves out:
        script, every candidate rewrite, the edits and the byte offsets of each span.
        """
        out: dict[str, Any] = {
            "text": self.text,
            "score": self.score,
            "findings": [f.to_dict() for f in self.findings],
            "rewrite": self.rewrite,
            "credits": [c.to_dict() for c in self.credits],
            "slots": [s.to_dict() for s in self.slots],
        }
        if self.replaced_invalid:
            out["replaced_invalid"] = self.replaced_invalid
        if extended:
            for spans, items in (
                (out["findings"], self.findings),
                (out["credits"], self.credits),
            ):
                for record, item in zip(spans, items):
                    record["byte_start"] = item.byte_start
                    record["byte_end"] = item.byte_end
            out["script"] = self.script
            out["rewrites"] = [r.to_dict() for r in self.rewrites]
            out["edits"] = [e.to_dict() for e in self.edits]
        return out

    def to_json(self, extended: bool = False) -> str:
        """``to_dict`` as one line of JSON (UTF-8 text kept as is, not ``\\u`` escaped)."""
        return json.dumps(
            self.to_dict(extended), ensure_ascii=False, separators=(",", ":")
        )


@dataclass(frozen=True, slots=True)
class Report:
    """The coaching report of one dialogue (``Engine.coach``).

    ``score`` is the mean of ``card_score`` (100 minus the points of failed score-card items)
    and ``utterance_score`` (mean score of the agent turns), or 0 when a fatal item failed.
    ``turns`` holds each agent turn's check, ``None`` for customer turns.  ``data`` is the
    library's full report (score card with outcomes, points, evidence); ``html`` the
    self-contained page for trainers when it was asked for.
    """

    score: int
    card_score: int
    utterance_score: int
    fatal_failed: bool
    turn_count: int
    item_count: int
    failed_count: int
    turns: tuple[Optional[Result], ...]
    data: dict[str, Any] = field(hash=False, repr=False)
    html: Optional[str] = field(default=None, repr=False)

    @property
    def agent_turns(self) -> tuple[Result, ...]:
        """The checks of the agent's turns, in dialogue order."""
        return tuple(t for t in self.turns if t is not None)


# What the native module needs to build results: index -> Severity (0 is no severity).
SEVERITIES = (0, Severity.HINT, Severity.MINOR, Severity.MAJOR, Severity.CRITICAL)
