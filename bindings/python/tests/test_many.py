import gc
import threading

import pytest

import liangyan

PIECES = [
    "对不起，您不能退货。",
    "请您等一下。",
    "好的，我马上帮您处理。",
    "你不可以这样，我们没办法处理。",
    "對不起，您不能退貨。",
    "😀您不能退货",
    "不好意思，让您久等了。",
    "",
]


def corpus(n):
    # Varied lengths so that threads finish their chunks at different times.
    return [PIECES[i % len(PIECES)] * (1 + i % 5) for i in range(n)]


@pytest.mark.parametrize("threads", [1, 2, 3, 8])
def test_check_many_equals_check(mini, threads):
    texts = corpus(3000)
    expected = [mini.check(t) for t in texts]
    assert mini.check_many(texts, threads=threads) == expected


def test_check_many_default_engine(engine):
    texts = corpus(500)
    assert engine.check_many(texts, threads=2) == [engine.check(t) for t in texts]


def test_inputs_of_any_iterable(mini):
    texts = corpus(100)
    expected = mini.check_many(texts, threads=2)
    assert mini.check_many(tuple(texts), threads=2) == expected
    assert mini.check_many((t for t in texts), threads=2) == expected
    assert mini.check_many(iter(texts)) == expected
    assert mini.check_many([]) == []
    mixed = [t.encode() if i % 2 else t for i, t in enumerate(texts)]
    assert mini.check_many(mixed, threads=2) == expected


def test_results_keep_input_identity(mini):
    texts = corpus(50)
    for text, result in zip(texts, mini.check_many(texts, threads=2)):
        assert result.text is text


def test_context_applies_to_the_batch(mini):
    results = mini.check_many(["您不能退货。"] * 40, threads=2, context={"reason": "已拆封"})
    assert all("已拆封" in r.rewrite for r in results)


def test_first_error_is_raised_deterministically(mini):
    texts = corpus(5000)
    texts[1234] = b"\xff"
    texts[4321] = b"\xfe"
    for threads in (1, 2, 4):
        with pytest.raises(liangyan.InvalidUtf8Error) as caught:
            mini.check_many(texts, threads=threads)
        assert caught.value.index == 1234
        assert "item 1234" in str(caught.value)


def test_errors_returned_in_place(mini):
    texts = corpus(200)
    texts[3] = b"\xff"
    texts[150] = "x" * 70000
    results = mini.check_many(texts, threads=2, on_error="return")
    assert len(results) == len(texts)
    assert isinstance(results[3], liangyan.InvalidUtf8Error) and results[3].index == 3
    assert isinstance(results[150], liangyan.InputTooLargeError)
    assert results[150].index == 150
    good = [i for i in range(len(texts)) if i not in (3, 150)]
    assert all(isinstance(results[i], liangyan.Result) for i in good)


def test_bad_arguments(mini):
    with pytest.raises(ValueError):
        mini.check_many(["a"], threads=0)
    with pytest.raises(ValueError):
        mini.check_many(["a"], on_error="ignore")
    with pytest.raises(TypeError):
        mini.check_many(["a", 3])


def test_garbage_collector_state_is_restored(mini):
    assert gc.isenabled()
    mini.check_many(corpus(100), threads=2)
    assert gc.isenabled()
    gc.disable()
    try:
        mini.check_many(corpus(100), threads=2)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_one_engine_from_many_python_threads(mini):
    texts = corpus(400)
    expected = [mini.check(t) for t in texts]
    failures = []

    def run(k):
        try:
            if k % 2:
                got = [mini.check(t) for t in texts]
            else:
                got = mini.check_many(texts, threads=2)
            if got != expected:
                failures.append(k)
        except Exception as error:  # pragma: no cover - reported below
            failures.append(error)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
