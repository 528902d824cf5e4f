import dataclasses
import json
import pickle
import re
from pathlib import Path

import pytest

import liangyan
from conftest import MINI_PACK


def test_versions(engine):
    assert re.fullmatch(r"\d+\.\d+\.\d+", liangyan.library_version())
    assert engine.pack_id
    assert engine.rule_count > 0
    assert engine.packs[0].startswith(engine.pack_id + "@")


def test_custom_pack_alone(mini):
    assert mini.pack_id == "python-test-mini"
    assert mini.pack_version == "1.2.3"
    assert mini.rule_count == 3
    assert mini.packs == ["python-test-mini@1.2.3"]


def test_pack_as_text_equals_pack_as_file(mini):
    text = MINI_PACK.read_text(encoding="utf-8")
    from_text = liangyan.Engine([text], use_default_pack=False)
    from_bytes = liangyan.Engine([text.encode()], use_default_pack=False)
    sample = "对不起，您不能退货。"
    assert from_text.check(sample) == mini.check(sample) == from_bytes.check(sample)


def test_pack_on_top_of_default(engine):
    both = liangyan.Engine([MINI_PACK])
    assert both.rule_count == engine.rule_count + 3
    assert both.packs[-1] == "python-test-mini@1.2.3"


def test_finding_fields(mini):
    text = "对不起，您不能退货。"
    result = mini.check(text)
    assert isinstance(result, liangyan.Result)
    assert result.text is text  # the very str checked, not a copy
    assert result.script == "simplified"
    cannot, reason = result.findings
    assert cannot.rule == "MINI-CANNOT"
    assert cannot.category == "negative"
    assert cannot.severity is liangyan.Severity.MAJOR
    assert cannot.weight == 12
    assert cannot.citation == "python test pack"
    assert result.span_text(cannot) == "您不能"
    assert text[reason.start:reason.end] == "不能"
    assert result.rules == ("MINI-CANNOT", "MINI-REASON")
    assert [c.rule for c in result.credits] == ["MINI-SORRY"]
    assert result.score == 100 - 12 - 6 + 3


@pytest.mark.parametrize(
    "prefix", ["", "ＡＢＣ", "😀🎉", "é\u0301", "客户说：“", "𠀀"]
)
def test_spans_are_str_indices(mini, prefix):
    # Non-BMP and combining characters before the span: code points, as Python indexes str.
    text = prefix + "您不能退货"
    result = mini.check(text)
    finding = result.findings[0]
    assert text[finding.start:finding.end] == "您不能"
    encoded = text.encode("utf-8")
    assert finding.byte_start == len(text[:finding.start].encode("utf-8"))
    assert encoded[finding.byte_start:finding.byte_end].decode() == "您不能"


def test_edits_rebuild_the_best_rewrite(mini):
    for text in ["对不起，您不能退货。", "请您等一下。", "你不可以这样，我们没办法处理。"]:
        result = mini.check(text)
        assert result.rewrites, text
        rebuilt = text
        for edit in sorted(result.edits, key=lambda e: e.start, reverse=True):
            rebuilt = rebuilt[:edit.start] + edit.replacement + rebuilt[edit.end:]
        assert rebuilt == result.rewrite == result.rewrites[0].text


def test_clean_text_has_no_rewrite(mini):
    result = mini.check("好的，我马上帮您处理。")
    assert result.findings == () and result.rewrites == () and result.edits == ()
    assert result.rewrite == result.text
    assert result.score == 100


def test_slots_and_context(mini):
    bare = mini.check("对不起，您不能退货。")
    assert {s.name for s in bare.slots} == {"alternative", "reason"}
    assert "【原因】" in bare.rewrite
    filled = mini.check("对不起，您不能退货。", context={"reason": "商品已拆封"})
    assert "商品已拆封" in filled.rewrite and "【原因】" not in filled.rewrite
    assert [s.name for s in filled.slots] == ["alternative"]


def test_traditional_in_traditional_out(mini):
    result = mini.check("對不起，您不能退貨。")
    assert result.script == "traditional"
    assert result.findings[0].rule == "MINI-CANNOT"
    assert "因為" in result.rewrite


def test_bytes_and_str_agree(mini):
    text = "你不可以这样，请您等一下。"
    as_str = mini.check(text)
    as_bytes = mini.check(text.encode("utf-8"))
    assert as_str == as_bytes
    assert mini.check(bytearray(text.encode())) == as_str


def test_check_encoded_gbk(mini):
    text = "对不起，您不能退货。"
    data = text.encode("gbk")
    result = mini.check_encoded(data, "GBK")
    assert result.text == text
    finding = result.findings[0]
    assert text[finding.start:finding.end] == "您不能"
    assert data[finding.byte_start:finding.byte_end].decode("gbk") == "您不能"


def test_check_json_is_the_library_dump(mini):
    dump = json.loads(mini.check_json("对不起，您不能退货。"))
    result = mini.check("对不起，您不能退货。")
    assert dump["score"] == result.score
    assert [f["rule"] for f in dump["findings"]] == list(result.rules)


def test_results_are_immutable_and_picklable(mini):
    result = mini.check("对不起，您不能退货。")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.score = 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.findings[0].rule = "X"
    again = pickle.loads(pickle.dumps(result))
    assert again == result and hash(again) == hash(result)


def test_engine_pickles_to_one_engine_per_process(mini):
    first = pickle.loads(pickle.dumps(mini))
    second = pickle.loads(pickle.dumps(mini))
    assert first is second
    assert first.check("您不能退货") == mini.check("您不能退货")


def test_module_level_check(engine):
    assert liangyan.check("好的") == engine.check("好的")
    assert liangyan.default_engine() is liangyan.default_engine()


def test_path_objects_and_file_name_slip(tmp_path):
    copy = tmp_path / "copy.yaml"
    copy.write_bytes(MINI_PACK.read_bytes())
    assert liangyan.Engine([copy], use_default_pack=False).rule_count == 3
    with pytest.raises(TypeError, match="pathlib.Path"):
        liangyan.Engine([str(copy)], use_default_pack=False)
    with pytest.raises(TypeError):
        liangyan.Engine([42])


def test_max_rewrites_option(mini):
    pack = Path(MINI_PACK)
    none = liangyan.Engine([pack], use_default_pack=False, max_rewrites=0)
    assert none.check("对不起，您不能退货。").rewrites == ()
