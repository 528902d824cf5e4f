import json

import pytest

import liangyan


def test_to_dict_and_json(mini):
    result = mini.check("对不起，您不能退货。")
    plain = result.to_dict()
    assert json.loads(result.to_json()) == plain
    assert list(plain) == ["text", "score", "findings", "rewrite", "credits", "slots"]
    assert plain["findings"][0]["severity"] == 3
    assert type(plain["findings"][0]["severity"]) is int
    extended = result.to_dict(extended=True)
    assert extended["edits"] and extended["rewrites"][0]["text"] == result.rewrite
    assert extended["findings"][0]["byte_start"] == result.findings[0].byte_start
    assert "byte_start" not in plain["findings"][0]


def test_records(mini):
    texts = ["对不起，您不能退货。", b"\xff", "好的"]
    results = mini.check_many(texts, on_error="return")
    rows = liangyan.to_records(results)
    assert [r["index"] for r in rows] == [0, 1, 2]
    assert set(rows[0]) == set(liangyan.UTTERANCE_COLUMNS)
    assert rows[0]["rules"] == ["MINI-CANNOT", "MINI-REASON"]
    assert rows[0]["max_severity"] == 3
    assert rows[1]["error"] == "LY_E_INVALID_UTF8" and rows[1]["score"] is None
    assert rows[2]["n_findings"] == 0 and rows[2]["max_severity"] == 0
    findings = liangyan.to_records(results, level="finding")
    assert [(f["index"], f["rule"], f["span"]) for f in findings] == [
        (0, "MINI-CANNOT", "您不能"),
        (0, "MINI-REASON", "不能"),
    ]
    assert set(findings[0]) == set(liangyan.FINDING_COLUMNS)
    with pytest.raises(ValueError):
        liangyan.to_records(results, level="word")


def test_dataframe(mini):
    pandas = pytest.importorskip("pandas")
    results = mini.check_many(["对不起，您不能退货。", "好的", "请您等一下。"])
    frame = liangyan.to_dataframe(results)
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == list(liangyan.UTTERANCE_COLUMNS)
    assert frame["score"].tolist() == [r.score for r in results]
    by_finding = liangyan.to_dataframe(results, level="finding")
    assert by_finding["rule"].tolist() == ["MINI-CANNOT", "MINI-REASON", "MINI-WAIT"]
    empty = liangyan.to_dataframe([], level="finding")
    assert list(empty.columns) == list(liangyan.FINDING_COLUMNS) and len(empty) == 0
