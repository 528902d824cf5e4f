"""The package and the CLI are two clients of one C API: for the same input lines they must
print the same findings, scores and rewrites."""

import json
import subprocess

import pytest

from conftest import MINI_PACK, REPO

UTTERANCES = REPO / "examples" / "utterances.txt"

TRICKY = [
    "对不起，您不能退货。",
    "對不起，您不能退貨。",
    "ＡＢＣ您不能退货！",
    "😀您不能退货",
    "请您等一下",
    "请您等一下好吗？",
    "你不可以这样，我们没办法处理，请您等一下。",
    "不好意思，让您久等了。",
    "您 不能 退货",
    "好的",
]


def run_cli(cli, args, data):
    done = subprocess.run(
        [str(cli), "check", "--format", "jsonl", *args, "-"],
        input=data.encode("utf-8"),
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]


def lines_of(text):
    # The CLI drops a trailing '\r' and skips blank lines.
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    return [line for line in lines if line.strip(" \t\r\f\v")]


def test_examples_file_equals_cli(engine, cli):
    text = UTTERANCES.read_text(encoding="utf-8")
    expected = run_cli(cli, [], text)
    lines = lines_of(text)
    assert len(expected) == len(lines) > 0
    got = [r.to_dict() for r in engine.check_many(lines, threads=2)]
    assert got == expected


@pytest.mark.parametrize(
    "context", [{}, {"reason": "商品已拆封", "alternative": "为您换货"}], ids=["bare", "context"]
)
def test_custom_pack_equals_cli(mini, cli, context):
    args = ["--no-default-pack", "--pack", str(MINI_PACK)]
    for key, value in context.items():
        args += ["--context", f"{key}={value}"]
    expected = run_cli(cli, args, "\n".join(TRICKY) + "\n")
    got = [mini.check(t, context=context or None).to_dict() for t in TRICKY]
    assert got == expected


def test_json_text_is_the_cli_line(engine, cli):
    # Beyond equal values: the same JSON text, key order included.
    line = "对不起，您不能退货。"
    done = subprocess.run(
        [str(cli), "check", "--format", "jsonl", "-"],
        input=line.encode(),
        capture_output=True,
        check=True,
        timeout=60,
    )
    assert engine.check(line).to_json() == done.stdout.decode().strip()


def test_jsonl_input_carries_ids(engine, cli):
    records = [{"id": f"u{i}", "text": t} for i, t in enumerate(TRICKY)]
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"
    expected = run_cli(cli, ["--input", "jsonl"], data)
    for record, line in zip(records, expected):
        assert line.pop("id") == record["id"]
        assert engine.check(record["text"]).to_dict() == line
