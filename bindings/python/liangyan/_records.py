"""Flat records of many results, for tables (pandas, CSV, Parquet)."""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Literal, Union

from ._errors import LiangyanError
from ._types import Result

Level = Literal["utterance", "finding"]

UTTERANCE_COLUMNS = (
    "index",
    "text",
    "score",
    "rewrite",
    "n_findings",
    "rules",
    "categories",
    "max_severity",
    "slots",
    "error",
    "error_message",
)
FINDING_COLUMNS = (
    "index",
    "text",
    "rule",
    "category",
    "severity",
    "weight",
    "start",
    "end",
    "span",
    "message",
    "replacement",
)


def _utterance(index: int, item: Union[Result, LiangyanError]) -> Dict[str, Any]:
    if isinstance(item, LiangyanError):
        # A bad input stays a row, so that row i still is input i.
        return {
            "index": index,
            "text": None,
            "score": None,
            "rewrite": None,
            "n_findings": None,
            "rules": [],
            "categories": [],
            "max_severity": None,
            "slots": [],
            "error": item.status_name,
            "error_message": item.message,
        }
    findings = item.findings
    return {
        "index": index,
        "text": item.text,
        "score": item.score,
        "rewrite": item.rewrite,
        "n_findings": len(findings),
        "rules": [f.rule for f in findings],
        "categories": [f.category for f in findings],
        "max_severity": max((int(f.severity) for f in findings), default=0),
        "slots": [s.name for s in item.slots],
        "error": None,
        "error_message": None,
    }


def to_records(
    results: Iterable[Union[Result, LiangyanError]], level: Level = "utterance"
) -> List[Dict[str, Any]]:
    """Plain dicts of a batch of results (as ``check_many`` returns them).

    ``level="utterance"``: one record per input, columns ``UTTERANCE_COLUMNS``; an error
    (``on_error="return"``) becomes a record with ``error`` set.  ``level="finding"``: one
    record per finding, columns ``FINDING_COLUMNS``, where ``index`` is the input's position
    and ``span`` the text the finding covers.
    """
    if level == "utterance":
        return [_utterance(i, item) for i, item in enumerate(results)]
    if level != "finding":
        raise ValueError("level must be 'utterance' or 'finding'")
    records: List[Dict[str, Any]] = []
    for index, item in enumerate(results):
        if isinstance(item, LiangyanError):
            continue
        text = item.text
        for f in item.findings:
            records.append(
                {
                    "index": index,
                    "text": text,
                    "rule": f.rule,
                    "category": f.category,
                    "severity": int(f.severity),
                    "weight": f.weight,
                    "start": f.start,
                    "end": f.end,
                    "span": text[f.start:f.end],
                    "message": f.message,
                    "replacement": f.replacement,
                }
            )
    return records


def to_dataframe(
    results: Iterable[Union[Result, LiangyanError]], level: Level = "utterance"
) -> Any:
    """``to_records`` as a pandas DataFrame (needs pandas; Debian: python3-pandas)."""
    try:
        import pandas
    except ImportError as error:  # pragma: no cover - depends on the machine
        raise ImportError(
            "to_dataframe needs pandas (Debian: apt-get install python3-pandas); "
            "to_records gives the same rows as dicts"
        ) from error
    columns = UTTERANCE_COLUMNS if level == "utterance" else FINDING_COLUMNS
    return pandas.DataFrame.from_records(to_records(results, level), columns=columns)
