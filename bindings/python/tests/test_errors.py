import pickle
import re

import pytest

import liangyan
from conftest import MINI_PACK, REPO

BROKEN = REPO / "tests" / "data" / "broken"


def test_hierarchy():
    for cls in (
        liangyan.InvalidUtf8Error,
        liangyan.InputTooLargeError,
        liangyan.EncodingError,
        liangyan.PackError,
        liangyan.LimitError,
        liangyan.InvalidArgumentError,
    ):
        assert issubclass(cls, liangyan.LiangyanError)
    for cls in (liangyan.InvalidUtf8Error, liangyan.InputTooLargeError, liangyan.EncodingError):
        assert issubclass(cls, ValueError)


def test_invalid_utf8_bytes(mini):
    with pytest.raises(liangyan.InvalidUtf8Error) as caught:
        mini.check(b"\xff\xfe\xe6\x82")
    assert caught.value.status_name == "LY_E_INVALID_UTF8"
    assert caught.value.index is None


def test_lone_surrogate_is_invalid_utf8(mini):
    with pytest.raises(liangyan.InvalidUtf8Error):
        mini.check("您不能\udc80退货")


def test_replace_invalid(mini):
    lenient = liangyan.Engine([MINI_PACK], use_default_pack=False, invalid_utf8="replace")
    result = lenient.check("您不能退货\xff".encode("utf-8")[:-2] + b"\xff")
    assert result.replaced_invalid == 1
    assert result.text.endswith("\ufffd")
    surrogate = lenient.check("您不能\udc80退货")
    assert surrogate.replaced_invalid >= 1
    finding = surrogate.findings[0]
    assert surrogate.text[finding.start:finding.end] == "您不能"


def test_input_too_large_counts_bytes():
    small = liangyan.Engine([MINI_PACK], use_default_pack=False, max_input_bytes=12)
    small.check("您不能退")  # 12 bytes of UTF-8
    with pytest.raises(liangyan.InputTooLargeError, match="13 bytes"):
        small.check("您不能退a")


def _expectations():
    for path in sorted(BROKEN.glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        found = re.match(r"# expect: (\S+)(?: (\d+):(\d+))?", first)
        if found:
            yield pytest.param(path, *found.groups(), id=path.stem)


@pytest.mark.parametrize("path,status,line,column", list(_expectations()))
def test_broken_packs(path, status, line, column):
    # Every status a pack can fail with maps to its class.  Exact positions are the C++
    # tests' business (tests/unit); here the message's position must reach the attributes.
    with pytest.raises(liangyan.LiangyanError) as caught:
        liangyan.Engine([path], use_default_pack=False)
    error = caught.value
    assert error.status_name == status
    expected = liangyan.LimitError if status == "LY_E_LIMIT" else liangyan.PackError
    assert type(error) is expected
    found = re.match(r"(.*?):(\d+):(\d+):", error.message)
    if found and expected is liangyan.PackError:
        assert error.source == found[1] == str(path)
        assert (error.line, error.column) == (int(found[2]), int(found[3]))


def test_pack_error_position():
    pack = (
        "pack: broken\n"
        "version: 1\n"
        "format: 1\n"
        "rules:\n"
        "  - id: X\n"
        "    category: negative\n"
        "    message: m\n"
        "    when: '(\"不能\" and'\n"
    )
    with pytest.raises(liangyan.PackError) as caught:
        liangyan.Engine([pack], use_default_pack=False)
    error = caught.value
    assert error.status_name == "LY_E_PACK_SYNTAX"
    assert error.source == "pack #1" and error.line == 8 and error.column > 10
    assert f"pack #1:8:{error.column}:" in str(error)


def test_pack_text_error_names_the_pack():
    with pytest.raises(liangyan.PackError) as caught:
        liangyan.Engine(["pack: x\nversion: 1\nformat: 1\nrules: [\n"], use_default_pack=False)
    assert caught.value.source == "pack #1"
    assert caught.value.line is not None


def test_unreadable_pack_file(tmp_path):
    with pytest.raises(liangyan.PackError) as caught:
        liangyan.Engine([tmp_path / "missing.yaml"])
    assert caught.value.status_name == "LY_E_IO"
    assert "missing.yaml" in str(caught.value)


def test_encoding_errors(mini):
    with pytest.raises(liangyan.EncodingError):
        mini.check_encoded("您好".encode("gbk"), "NO-SUCH-CHARSET")
    with pytest.raises(liangyan.EncodingError):
        mini.check_encoded(b"\x81", "GBK")


def test_too_many_context_slots():
    few = liangyan.Engine([MINI_PACK], use_default_pack=False, max_slots=1)
    few.check("您不能退货", context={"reason": "a"})
    with pytest.raises(liangyan.LimitError):
        few.check("您不能退货", context={"reason": "a", "alternative": "b"})


def test_option_out_of_range():
    with pytest.raises(liangyan.InvalidArgumentError):
        liangyan.Engine(max_rewrites=99)
    with pytest.raises(ValueError):
        liangyan.Engine(invalid_utf8="ignore")


def test_context_types(mini):
    with pytest.raises(TypeError):
        mini.check("您不能退货", context={"reason": 3})
    with pytest.raises(TypeError):
        mini.check(42)


def test_errors_pickle():
    syntax = liangyan._liangyan.STATUS["LY_E_PACK_SYNTAX"]
    original = liangyan.PackError("p.yaml:3:4: bad", syntax, 7)
    again = pickle.loads(pickle.dumps(original))
    assert type(again) is liangyan.PackError
    assert (again.line, again.column, again.index, again.status_name) == (
        3, 4, 7, "LY_E_PACK_SYNTAX")
    assert str(again) == str(original)
