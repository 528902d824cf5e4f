#!/usr/bin/env python3
"""Context slots: rewrites leave gaps (【原因】, 【可行方案】) for facts only the host knows;
fill them from the ticket or the order system through `context`.

    PYTHONPATH=build/bindings/python /usr/bin/python3 examples/python/context_slots.py
"""

import liangyan

engine = liangyan.Engine()
text = "对不起，您不能退货。"

bare = engine.check(text)
print("rewrite :", bare.rewrite)
# The slots the best rewrite still needs, for a host to prompt the agent for.
for slot in bare.slots:
    print(f"  needs {slot.name!r}, shown as {slot.marker}")

# The host knows the facts: the rewrite says them instead of the markers.
facts = {"reason": "商品已拆封影响二次销售", "alternative": "办理换货"}
filled = engine.check(text, context=facts)
print("filled  :", filled.rewrite)
print("missing :", [slot.name for slot in filled.slots] or "nothing")

# The same context for a whole batch.
for result in engine.check_many([text, "您不能改地址。"], context=facts):
    print(f"{result.text} → {result.rewrite}")

# How the rewrite was made: each edit replaces text[start:end] of the original.
for edit in filled.edits:
    print(f"  edit {edit.start}:{edit.end} 「{filled.text[edit.start:edit.end]}」"
          f" → 「{edit.replacement}」")
