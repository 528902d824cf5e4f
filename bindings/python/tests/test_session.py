import dataclasses
import pickle
import threading

import pytest

import liangyan
from conftest import MINI_PACK, REPO

GOLDEN = REPO / "tests" / "golden" / "cases.jsonl"


def _without_rewrites(result):
    """What an update without rewrites promises: the one-shot result minus the rewrites."""
    findings = tuple(dataclasses.replace(f, replacement="") for f in result.findings)
    return dataclasses.replace(result, findings=findings, rewrites=(), edits=(), slots=())


def _golden_texts():
    import json

    return [json.loads(line)["text"] for line in GOLDEN.read_text("utf-8").splitlines() if line]


def _edits(text, other):
    """Typing, an unchanged re-send, backspacing, recogniser revisions, splices, a paste."""
    n = len(text)
    steps = [text[:k] for k in range(n + 1)] + [text]
    steps += [text[:k] for k in range(n - 1, n // 2 - 1, -1)] + [text]
    for k in range(3, n + 1, 3):
        steps += [text[: k - 2] + other[:2], text[:k]]
    steps += [text[: n // 2] + other[len(other) // 2 :], text]
    steps += [text[:1] + "您必须" + text[1:], text[: n // 3] + text[n // 3 + 1 :], "", text]
    return steps


def test_every_step_equals_check(engine):
    texts = _golden_texts()
    assert len(texts) > 50
    session = liangyan.Session(engine)
    steps = 0
    for i, text in enumerate(texts):
        context = {"reason": "系统升级"} if i % 2 else None
        sequence = _edits(text, texts[(i + 1) % len(texts)])
        for k, step in enumerate(sequence):
            final = k + 1 == len(sequence)
            got = session.update(step, context, rewrites=final)
            want = engine.check(step, context)
            assert got == (want if final else _without_rewrites(want)), (i, k, step)
            steps += 1
        session.reset()
    assert steps > 20 * len(texts)


def test_intermediate_updates_have_no_rewrites(engine):
    session = liangyan.Session(engine)
    text = "对不起，您不能退货。"
    live = session.update(text)
    assert live.findings and not live.rewrites and not live.edits
    assert all(f.replacement == "" for f in live.findings)
    assert live.text is text
    final = session.update(text, {"reason": "商品已拆封"}, rewrites=True)
    assert final == engine.check(text, {"reason": "商品已拆封"})
    assert "商品已拆封" in final.rewrite


def test_errors_mid_stream_then_recovery(mini):
    session = liangyan.Session(mini)
    assert session.update("您不能").rules == ("MINI-CANNOT", "MINI-REASON")
    with pytest.raises(liangyan.InvalidUtf8Error):
        session.update(b"\xe6\x82\xa8\xe4\xb8")  # a character cut in half
    with pytest.raises(liangyan.InvalidUtf8Error):
        session.update("您不能\udc80")
    assert session.update("您不能退货") == _without_rewrites(mini.check("您不能退货"))
    small = liangyan.Engine([MINI_PACK], use_default_pack=False, max_input_bytes=12)
    bounded = liangyan.Session(small)
    bounded.update("您不能退")
    with pytest.raises(liangyan.InputTooLargeError, match="13 bytes"):
        bounded.update("您不能退a")
    assert bounded.update("您不能").rules == ("MINI-CANNOT", "MINI-REASON")


def test_replace_mode_counts_like_check():
    lenient = liangyan.Engine([MINI_PACK], use_default_pack=False, invalid_utf8="replace")
    session = liangyan.Session(lenient)
    data = "您不能".encode() + b"\xff" + "退货".encode()
    assert session.update(data) == _without_rewrites(lenient.check(data))
    assert session.update(data).replaced_invalid == 1


def test_reset_and_default_engine():
    session = liangyan.Session()
    assert session.engine is liangyan.default_engine()
    first = session.update("您必须先付款")
    session.reset()
    assert session.update("好的，马上为您处理。") == _without_rewrites(
        session.engine.check("好的，马上为您处理。")
    )
    session.reset()
    assert session.update("您必须先付款") == first


def test_session_keeps_its_engine_alive():
    session = liangyan.Session(liangyan.Engine([MINI_PACK], use_default_pack=False))
    import gc

    gc.collect()
    assert session.update("您不能").score == 100 - 12 - 6


def test_not_picklable(engine):
    with pytest.raises(TypeError):
        pickle.dumps(liangyan.Session(engine))


def test_one_thread_at_a_time(engine):
    # Each thread has its own session: no error, and every answer is the serial one.
    texts = _golden_texts()[:20]
    expected = [_without_rewrites(engine.check(t)) for t in texts]
    failures = []

    def run():
        session = liangyan.Session(engine)
        for _ in range(3):
            for text, want in zip(texts, expected):
                if session.update(text) != want:
                    failures.append(text)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures

    # One session shared by threads: either an answer or RuntimeError, never a wrong answer.
    shared = liangyan.Session(engine)
    long_text = "对不起，您不能退货，这个是规定。" * 50
    want = _without_rewrites(engine.check(long_text))
    outcomes = []

    def hammer():
        for _ in range(5):
            try:
                outcomes.append(shared.update(long_text + "") == want)
            except RuntimeError as error:
                outcomes.append(str(error))

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(o is True or "one thread at a time" in o for o in outcomes)
