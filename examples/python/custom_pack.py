#!/usr/bin/env python3
"""Custom pack: a company's own banned phrases and rule changes on top of the default pack,
without recompiling (see docs/rule-pack.md for the format).

    PYTHONPATH=build/bindings/python /usr/bin/python3 examples/python/custom_pack.py
"""

from pathlib import Path

import liangyan

COMPANY_PACK = """
pack: acme-service
version: 2024.1
format: 1
lexicons:
  acme_banned: [不归我们管, 你自己看, 这是规定]
rules:
  - id: ACME-BANNED
    category: negative
    severity: 4
    weight: 20
    cite: 公司服务禁语 2024 版
    message: 公司服务禁语，请改用积极、负责的说法。
    when: '@acme_banned'
    rewrite:
      replace: 我来帮您确认
    examples:
      flag: [这个不归我们管。]
      pass: [这个我们来处理。]
"""

# A pack is YAML text (str/bytes) or a file (pathlib.Path); packs apply in order.
engine = liangyan.Engine([COMPANY_PACK])
print(engine.packs)
result = engine.check("这是规定，你自己看说明书吧。")
for finding in result.findings:
    print(f"{finding.rule:14} {finding.severity.name:8} 「{result.span_text(finding)}」"
          f" {finding.citation}")
print("rewrite:", result.rewrite)

# Only the company's rules, without the default pack.
only = liangyan.Engine([COMPANY_PACK], use_default_pack=False)
print("alone:", only.rule_count, "rule(s);", only.check("这个不归我们管。").rules)

# A broken pack says where: PackError carries the pack's name, line and column.
try:
    liangyan.Engine([COMPANY_PACK.replace("'@acme_banned'", "'@acme_banned and ('")])
except liangyan.PackError as error:
    print(f"PackError at line {error.line}, column {error.column}: {error.message}")

# Packs from files: pass a Path (a bare str is taken as YAML text).
pack_file = Path("/tmp/acme-service.yaml")
pack_file.write_text(COMPANY_PACK, encoding="utf-8")
print("from file:", liangyan.Engine([pack_file]).packs[-1])
