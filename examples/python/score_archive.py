#!/usr/bin/env python3
"""Scores a folder of JSONL transcripts on a Dask cluster, one engine per worker process.

Every input line is an object with a "text" field (other fields, such as "id", are carried
over).  Every output line is what `liangyan check --input jsonl --format jsonl` prints for it:
the input's id, then text, score, findings, rewrite, credits, slots, then the other input
fields.  Output goes to OUTPUT_DIR as one file per partition (part-00000.jsonl, ... in input
order), or Parquet when pyarrow is installed and --format parquet (or auto) asks for it.

    # 2 worker processes on this machine (a LocalCluster), with a progress bar
    python3 examples/python/score_archive.py /work/shared/eval/real out/ --workers 2
    # the same in this process alone, without Dask: the reference to compare with
    python3 examples/python/score_archive.py /work/shared/eval/real ref/ --workers 0
    # an existing cluster
    python3 examples/python/score_archive.py in/ out/ --scheduler tcp://10.0.0.5:8786

Needs Debian's python3-dask and python3-distributed (the scheduler="processes" fallback
needs only python3-dask).
"""

from __future__ import annotations

import argparse
import glob
import json
import sys
import time
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional

import liangyan

# Keys the CLI writes itself and so never copies from the input (tools/cli/output.cc).
RESERVED = {
    "id", "text", "score", "findings", "rewrite", "credits", "slots", "error", "line",
    "message", "replaced_invalid",
}
PARQUET_COLUMNS = {
    "id": "object", "text": "object", "score": "float64", "rewrite": "object",
    "findings": "object", "credits": "object", "slots": "object", "error": "object",
    "message": "object", "extra": "object",
}


def score_lines(
    lines: Iterable[str], engine: liangyan.Engine, context: Optional[Dict[str, str]]
) -> List[Dict[str, Any]]:
    """Scores one partition's lines; returns one output object per non-blank line."""
    inputs: List[Optional[Dict[str, Any]]] = []
    errors: List[Optional[Dict[str, Any]]] = []
    for line in lines:
        line = line.rstrip("\n").removesuffix("\r")
        if not line.strip(" \t\r\f\v"):
            continue  # as the CLI: blank lines are no utterances
        record, error = None, None
        try:
            record = json.loads(line)
        except ValueError as failure:
            error = {"error": "LY_E_INVALID_ARGUMENT", "message": f"invalid JSON: {failure}"}
        else:
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                error = {
                    "error": "LY_E_INVALID_ARGUMENT",
                    "message": 'invalid JSONL: no string "text" field',
                }
                if isinstance(record, dict) and "id" in record:
                    error = {"id": record["id"], **error}
                record = None
        inputs.append(record)
        errors.append(error)

    texts = [r["text"] for r in inputs if r is not None]
    # One thread: the cluster already runs one worker process per core.
    results = iter(engine.check_many(texts, threads=1, context=context, on_error="return"))
    out = []
    for record, error in zip(inputs, errors):
        if record is None:
            out.append(error)
            continue
        result = next(results)
        line: Dict[str, Any] = {"id": record["id"]} if "id" in record else {}
        if isinstance(result, liangyan.LiangyanError):
            line.update(error=result.status_name, message=result.message)
        else:
            line.update(result.to_dict())
            line.update((k, v) for k, v in record.items() if k not in RESERVED)
        out.append(line)
    return out


def to_json_line(obj: Dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def to_parquet_row(obj: Dict[str, Any]) -> Dict[str, Any]:
    """A flat row: nested lists as JSON text, carried input fields in "extra"."""
    row = {key: obj.get(key) for key in ("id", "text", "score", "rewrite", "error", "message")}
    for key in ("findings", "credits", "slots"):
        row[key] = to_json_line(obj[key]) if key in obj else None
    extra = {k: v for k, v in obj.items() if k not in RESERVED}
    row["id"] = None if row["id"] is None else str(row["id"])
    row["extra"] = to_json_line(extra) if extra else None
    return row


def input_files(folder: Path, pattern: str) -> List[str]:
    files = sorted(glob.glob(str(folder / pattern)))
    if not files:
        sys.exit(f"score_archive: no {pattern} in {folder}")
    return files


def choose_format(wanted: str) -> str:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        if wanted == "parquet":
            sys.exit("score_archive: --format parquet needs pyarrow, which is not installed")
        return "jsonl"
    return "parquet" if wanted in ("auto", "parquet") else "jsonl"


def write_part(scored: List[Dict[str, Any]], out: Path, index: int, fmt: str) -> int:
    """Writes one partition's results as part-<index>.<fmt>; returns how many."""
    target = out / f"part-{index:05d}.{fmt}"
    if fmt == "jsonl":
        with open(target, "w", encoding="utf-8") as sink:
            sink.writelines(to_json_line(o) + "\n" for o in scored)
    else:
        import pandas

        rows = [to_parquet_row(o) for o in scored]
        pandas.DataFrame(rows, columns=list(PARQUET_COLUMNS)).to_parquet(target)
    return len(scored)


def score_part(lines, engine, context, out: Path, index: int, fmt: str) -> int:
    """One Dask task: score a partition and write it where it runs."""
    return write_part(score_lines(lines, engine, context), out, index, fmt)


def run_single(files: List[str], out: Path, engine, context, fmt: str) -> int:
    """The reference: this process, one thread, no Dask; one output file."""
    scored: List[Dict[str, Any]] = []
    for number, path in enumerate(files, 1):
        with open(path, encoding="utf-8") as source:
            scored.extend(score_lines(source, engine, context))
        print(f"\r[{number}/{len(files)}] {len(scored)} utterances", end="", file=sys.stderr)
    print(file=sys.stderr)
    return write_part(scored, out, 0, fmt)


def run_dask(files: List[str], out: Path, engine, context, fmt: str, args) -> int:
    import dask
    import dask.bag as db

    # The lines of every file as a bag, split into blocks; partition order is input order.
    lines = db.read_text(files, blocksize=args.blocksize, encoding="utf-8")
    # One task a partition scores it and writes part-<partition>.  The engine is pickled into
    # the graph; each worker process rebuilds it once and reuses it for all its tasks
    # (Engine.__reduce__).
    score = dask.delayed(score_part, pure=True)
    tasks = [
        score(part, engine, context, out, index, fmt)
        for index, part in enumerate(lines.to_delayed())
    ]

    if args.scheduler == "processes":
        # Without distributed: dask's own process pool, with dask's progress bar.
        from dask.diagnostics import ProgressBar

        with ProgressBar(out=sys.stderr):
            counts = dask.compute(*tasks, scheduler="processes", num_workers=args.workers)
        return sum(counts)

    from distributed import Client, LocalCluster, progress

    cluster = None
    started = time.perf_counter()
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(
            n_workers=args.workers, threads_per_worker=1, processes=True,
            dashboard_address=None, silence_logs=40,
        )
        client = Client(cluster)
    print(f"cluster of {len(client.scheduler_info()['workers'])} workers ready in "
          f"{time.perf_counter() - started:.2f} s", file=sys.stderr)
    try:
        started = time.perf_counter()
        futures = client.compute(tasks)
        if not args.no_progress:
            progress(futures)
            print(flush=True)
        total = sum(client.gather(futures))
        print(f"scoring on the cluster took {time.perf_counter() - started:.2f} s",
              file=sys.stderr)
        return total
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def parse_args(argv: Optional[List[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", type=Path, help="folder of JSONL transcripts")
    parser.add_argument("output", type=Path, help="folder for the results (created)")
    parser.add_argument("--pattern", default="agent_utterances_*.jsonl",
                        help="file names to read in INPUT (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=2,
                        help="worker processes; 0 scores in this process without Dask")
    parser.add_argument("--scheduler", default="",
                        help="address of an existing Dask scheduler, or 'processes' for "
                             "dask's process pool without distributed")
    parser.add_argument("--blocksize", default="512KiB",
                        help="bytes of input per partition (default: %(default)s)")
    parser.add_argument("--format", choices=("auto", "jsonl", "parquet"), default="jsonl",
                        help="output format; auto: Parquet when pyarrow is installed")
    parser.add_argument("--pack", type=Path, action="append", default=[],
                        help="a rule pack to add on top of the default (repeatable)")
    parser.add_argument("--no-default-pack", action="store_true")
    parser.add_argument("--context", action="append", default=[], metavar="KEY=VALUE",
                        help="fill a rewrite slot, e.g. reason=系统升级 (repeatable)")
    parser.add_argument("--no-progress", action="store_true")
    return parser.parse_args(argv)


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    files = input_files(args.input, args.pattern)
    args.output.mkdir(parents=True, exist_ok=True)
    for stale in list(args.output.glob("part-*.jsonl")) + list(args.output.glob("part-*.parquet")):
        stale.unlink()
    context = dict(item.split("=", 1) for item in args.context) or None
    engine = liangyan.Engine(args.pack, use_default_pack=not args.no_default_pack)
    fmt = choose_format(args.format)

    started = time.perf_counter()
    if args.workers <= 0:
        total = run_single(files, args.output, engine, context, fmt)
        how = "1 process"
    else:
        total = run_dask(files, args.output, engine, context, fmt, args)
        how = args.scheduler or f"{args.workers} worker processes"
    seconds = time.perf_counter() - started
    print(f"scored {total} utterances from {len(files)} files on {how} in {seconds:.2f} s "
          f"({total / max(seconds, 1e-9):.0f}/s) -> {args.output} ({fmt})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
