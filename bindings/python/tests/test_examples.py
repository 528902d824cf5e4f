"""The examples in examples/python run as written."""

import json
import subprocess
import sys

import pytest

from conftest import REPO, package_env

EXAMPLES = REPO / "examples" / "python"


def run(script, *args, cwd=None):
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *map(str, args)],
        capture_output=True,
        text=True,
        env=package_env(),
        cwd=cwd,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_quick_start():
    out = run("quick_start.py")
    assert "score" in out and "rejected" in out


def test_batch(tmp_path):
    pytest.importorskip("pandas")
    csv = tmp_path / "scores.csv"
    out = run("batch.py", REPO / "examples" / "utterances.txt", "--threads", 2, "--csv", csv)
    assert "mean score" in out
    assert csv.read_text(encoding="utf-8").startswith("index,text,score")


def test_custom_pack():
    out = run("custom_pack.py")
    assert "ACME-BANNED" in out and "PackError at line" in out


def test_context_slots():
    out = run("context_slots.py")
    assert "商品已拆封影响二次销售" in out


def test_score_archive_single_process(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    lines = [{"id": i, "text": t} for i, t in enumerate(["您好", "请您等一下。", "好的"])]
    (source / "agent_utterances_a.jsonl").write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8"
    )
    run("score_archive.py", source, tmp_path / "out", "--workers", 0)
    written = (tmp_path / "out" / "part-00000.jsonl").read_text(encoding="utf-8")
    assert [json.loads(x)["id"] for x in written.splitlines()] == [0, 1, 2]
