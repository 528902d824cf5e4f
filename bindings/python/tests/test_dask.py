"""examples/python/score_archive.py on a local Dask cluster of 2 worker processes gives what
one process gives, and what the CLI gives for the same JSONL."""

import json
import random
import subprocess
import sys

import pytest

from conftest import BUILD, REPO, package_env

pytest.importorskip("dask.bag")
pytest.importorskip("distributed")

SCRIPT = REPO / "examples" / "python" / "score_archive.py"
PIECES = [
    "对不起，您不能退货。", "请您等一下。", "好的，我马上帮您处理。", "對不起，您不能退貨。",
    "这个活动我们没办法参加，您下次再看看吧。", "不好意思，让您久等了。", "您必须先交费。",
    "亲，这边帮您查一下哦", "😀您不能退货", "您 不能 退货",
]


def make_archive(folder, files=3, per_file=120):
    folder.mkdir()
    rng = random.Random(6)
    for f in range(files):
        rows = []
        for i in range(per_file):
            text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 3)))
            rows.append({"id": f"f{f}:{i}", "text": text, "turn": i, "source": f"s{f}"})
        body = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows)
        # A blank line, as the real archives sometimes have: skipped by every path.
        (folder / f"agent_utterances_{f}.jsonl").write_text(body + "\n\n", encoding="utf-8")
    (folder / "dialogues.jsonl").write_text('{"text": "not matched by the pattern"}\n')


def score(source, out, *args):
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(source), str(out), "--no-progress", *args],
        capture_output=True, text=True, env=package_env(), timeout=170,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    parts = sorted(out.glob("part-*.jsonl"))
    return "".join(p.read_text(encoding="utf-8") for p in parts), len(parts)


def test_two_workers_equal_one_process(tmp_path):
    source = tmp_path / "archive"
    make_archive(source)
    single, single_parts = score(source, tmp_path / "single", "--workers", "0")
    # Small blocks: several partitions per file, spread over both workers.
    cluster, cluster_parts = score(
        source, tmp_path / "cluster", "--workers", "2", "--blocksize", "4KiB"
    )
    assert single_parts == 1 and cluster_parts > 3
    assert cluster == single
    assert len(single.splitlines()) == 360

    # And both are what the CLI prints for the same files.
    cli = BUILD / "liangyan"
    if not cli.exists():
        pytest.skip(f"cluster equals single process; no CLI at {cli} to compare with")
    inputs = sorted(source.glob("agent_utterances_*.jsonl"))
    done = subprocess.run(
        [str(cli), "check", "--input", "jsonl", "--format", "jsonl", "-"],
        input=b"".join(p.read_bytes() for p in inputs), capture_output=True, check=True,
        timeout=60,
    )
    expected = [json.loads(x) for x in done.stdout.decode().splitlines()]
    assert [json.loads(x) for x in single.splitlines()] == expected
