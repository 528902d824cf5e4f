"""Dialogue coaching through ly_coach: the report's numbers, the agent turns' checks, JSON and
HTML, and errors."""

import json
import pickle

import pytest

import liangyan

DIALOGUE = {
    "id": "d1",
    "agent_id": "a7",
    "turns": [
        {"role": "customer", "text": "我要退货，东西坏了"},
        {"role": "agent", "text": "您好，很高兴为您服务。"},
        {"role": "agent", "text": "对不起，您不能退货。"},
        {"role": "customer", "text": "为什么"},
        {"role": "agent", "text": "请问还有什么可以帮您的吗？"},
    ],
}


def test_report(engine):
    report = engine.coach(DIALOGUE)
    assert isinstance(report, liangyan.Report)
    assert 0 <= report.score <= 100 and 0 <= report.card_score <= 100
    assert report.turn_count == 5 == len(report.turns)
    assert report.turns[0] is None and report.turns[3] is None
    agent = [t["text"] for t in DIALOGUE["turns"] if t["role"] == "agent"]
    assert [t.text for t in report.agent_turns] == agent
    # Each agent turn is checked like ly_check.
    assert list(report.agent_turns) == [engine.check(t) for t in agent]
    assert report.data["id"] == "d1" and report.data["score"] == report.score
    assert report.failed_count <= report.item_count == len(report.data["scorecard"])
    assert report.html is None


def test_json_text_and_html(engine):
    from_text = engine.coach(json.dumps(DIALOGUE, ensure_ascii=False), html=True)
    assert from_text.score == engine.coach(DIALOGUE).score
    assert from_text.html.lstrip().lower().startswith(("<!doctype html", "<html"))
    again = pickle.loads(pickle.dumps(from_text))
    assert again == from_text


def test_context_reaches_the_turns(engine):
    reason = "已超过七天无理由期"
    bare = engine.coach(DIALOGUE)
    filled = engine.coach(DIALOGUE, context={"reason": reason})
    for without, with_context in zip(bare.agent_turns, filled.agent_turns):
        if "【原因】" in without.rewrite:
            assert reason in with_context.rewrite
            assert "【原因】" not in with_context.rewrite


def test_malformed_dialogues(engine):
    with pytest.raises(liangyan.InvalidArgumentError):
        engine.coach('{"turns": [')
    with pytest.raises(liangyan.InvalidArgumentError):
        engine.coach({"turns": [{"role": "robot", "text": "x"}]})
    with pytest.raises(liangyan.InvalidUtf8Error):
        engine.coach(b'{"turns": [{"role": "agent", "text": "\xff"}]}')


def test_turn_limit():
    few = liangyan.Engine(max_turns=2)
    with pytest.raises(liangyan.LimitError):
        few.coach(DIALOGUE)
