#!/usr/bin/env python3
"""End-to-end test of crm_score (Python 3 standard library only).

1. A CRM database with a few thousand turns (agent and customer, UTF-8, GBK and Big5 bodies,
   a few undecodable ones) is scored in one run; every agent turn gets exactly one row, no
   customer turn gets any, spans point into the stored bytes, and a second run changes nothing.
2. An identical database is scored by a run killed with SIGKILL after some batches have been
   committed and while one is open, then by a second run; the outcome must equal step 1's.
3. Turns added later are scored by the next run, and only they are.

    test_crm_score.py --host build/examples/crm_sqlite/crm_score --work /tmp/crm-test
"""

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

AGENT_LINES = [
    "对不起，您不能退货。",
    "请您等一下。",
    "您必须先交费。",
    "这样吧，给您换一个吧。",
    "不好意思，让您久等了。",
    "没问题，我马上帮您查一下，您看可以吗？",
    "这个活动我们没办法参加，您下次再看看吧。",
    "我知道了。",
    "商品可以换货，但是运费需要您自己承担。",
    "这个不归我管，你去找快递公司。",
    "这是您自己操作不当造成的。",
    "刚才不是告诉你了吗，你自己看订单页面。",
    "您好，很高兴为您服务，请问有什么可以帮您？",
    "非常理解您的心情，因为系统升级，退款会晚一到两天到账，您看可以吗？",
    "喂您好这边是售后那个您的订单我看了一下已经发货了您耐心等一下就好",
    "亲，这款暂时没有货了，您看换个颜色可以吗？",
    "不客气，祝您生活愉快！",
]
# Big5 can only carry Traditional text.
AGENT_LINES_TRADITIONAL = [
    "對不起，您不能退貨。",
    "您好請問有什麼可以幫您的嗎我這邊幫您查一下訂單",
    "這個不歸我管，你去找快遞公司。",
]
CUSTOMER_LINES = [
    "我要退货，东西坏了。",
    "快递一周了还没到。",
    "你们这是什么服务态度？",
    "好的，谢谢。",
    "能不能便宜一点？",
    "我已经等了半个小时了！",
]
NEGATIVE_SENTENCE = "对不起，您不能退货。"
BATCH = 50


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def make_database(path, conversations, seed):
    """Creates a CRM database; returns {turn_id: (role, body bytes, encoding)}."""
    rng = random.Random(seed)
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    with open(os.path.join(HERE, "schema.sql"), encoding="utf-8") as f:
        db.executescript(f.read())
    turns = {}
    turn_id = 0
    for conv in range(1, conversations + 1):
        db.execute("INSERT INTO conversations VALUES (?, ?, ?, ?)",
                   (conv, rng.choice(["chat", "phone", "email"]), "A%03d" % rng.randrange(40),
                    "2024-05-%02dT10:00:00Z" % (1 + conv % 28)))
        role = rng.choice(["agent", "customer"])
        for seq in range(rng.randrange(4, 12)):
            turn_id += 1
            encoding = "UTF-8"
            if role == "agent":
                pick = rng.random()
                if pick < 0.10:
                    text, encoding = rng.choice(AGENT_LINES_TRADITIONAL), "Big5"
                elif pick < 0.25:
                    text, encoding = rng.choice(AGENT_LINES), rng.choice(["GBK", "GB18030"])
                else:
                    text = rng.choice(AGENT_LINES)
            else:
                text = rng.choice(CUSTOMER_LINES)
                if rng.random() < 0.2:
                    encoding = "GBK"
            body = text.encode(encoding.lower().replace("-", ""))
            turns[turn_id] = (role, body, encoding)
            db.execute("INSERT INTO turns VALUES (?, ?, ?, ?, ?, ?)",
                       (turn_id, conv, seq, role, body, encoding))
            # Mostly alternating, sometimes two turns in a row from the same side.
            if rng.random() < 0.85:
                role = "customer" if role == "agent" else "agent"
    # Bodies that cannot be checked, at known byte offsets, and an empty one.
    specials = [
        ("您好".encode("gbk") + b"\x81\x7f" + "退货".encode("gbk"), "GBK"),  # byte 4
        ("您好".encode("utf-8") + b"\xc3(", "UTF-8"),                       # byte 6
        ("您好".encode("utf-8"), "EBCDIC"),                                 # unknown charset
        (b"", "UTF-8"),
    ]
    conv += 1
    db.execute("INSERT INTO conversations VALUES (?, 'chat', 'A000', NULL)", (conv,))
    for seq, (body, encoding) in enumerate(specials):
        turn_id += 1
        turns[turn_id] = ("agent", body, encoding)
        db.execute("INSERT INTO turns VALUES (?, ?, ?, 'agent', ?, ?)",
                   (turn_id, conv, seq, body, encoding))
    db.commit()
    db.close()
    return turns


def run_host(host, database, *options, expect_exit=0):
    proc = subprocess.run([host, *options, database], capture_output=True, text=True, timeout=120)
    check(proc.returncode == expect_exit,
          "%s exited %d, expected %d\nstdout: %s\nstderr: %s"
          % (" ".join(proc.args), proc.returncode, expect_exit, proc.stdout, proc.stderr))
    return proc.stdout


def dump(database):
    """The results that must not depend on how the work was split into runs and batches."""
    db = sqlite3.connect(database)
    scores = db.execute("SELECT turn_id, status, score, finding_count, rewrite, rewrite_score, "
                        "error FROM ly_turn_scores ORDER BY turn_id").fetchall()
    findings = db.execute("SELECT * FROM ly_findings ORDER BY turn_id, ordinal").fetchall()
    db.close()
    return scores, findings


def count_scores(database):
    db = sqlite3.connect(database, timeout=30)
    try:
        return db.execute("SELECT count(*) FROM ly_turn_scores").fetchone()[0]
    except sqlite3.OperationalError:  # the host has not created its tables yet
        return 0
    finally:
        db.close()


def check_complete(database, turns):
    """Every agent turn scored exactly once, no customer turn, spans consistent with bodies."""
    agents = {i for i, (role, _, _) in turns.items() if role == "agent"}
    db = sqlite3.connect(database)
    rows = db.execute("SELECT turn_id FROM ly_turn_scores").fetchall()
    ids = [r[0] for r in rows]
    check(len(ids) == len(set(ids)), "a turn was scored twice")
    customers = set(ids) - agents
    check(not customers, "customer turns scored: %s" % sorted(customers)[:10])
    missing = agents - set(ids)
    check(not missing, "%d agent turns not scored, e.g. %s" % (len(missing), sorted(missing)[:10]))
    ran = db.execute("SELECT coalesce(sum(turns), 0) FROM ly_runs").fetchone()[0]
    check(ran == len(ids), "ly_runs counts %d turns, ly_turn_scores has %d" % (ran, len(ids)))

    # Spans are byte offsets into the body as stored; in the decoded text the code-point span
    # must select the same characters.
    negative_seen = set()
    for turn_id, rule, category, b0, b1, c0, c1 in db.execute(
            "SELECT turn_id, rule, category, begin_byte, end_byte, begin_cp, end_cp "
            "FROM ly_findings"):
        _, body, encoding = turns[turn_id]
        codec = encoding.lower().replace("-", "")
        check(0 <= b0 <= b1 <= len(body), "turn %d %s: span [%d, %d) outside %d bytes"
              % (turn_id, rule, b0, b1, len(body)))
        by_bytes = body[b0:b1].decode(codec)
        by_cp = body.decode(codec)[c0:c1]
        check(by_bytes == by_cp, "turn %d %s: bytes give %r, code points %r"
              % (turn_id, rule, by_bytes, by_cp))
        if category == "negative" and by_bytes == "不能":
            negative_seen.add(encoding)
    check({"UTF-8", "GBK", "GB18030", "Big5"} <= negative_seen,
          "不能 flagged as negative only in %s" % sorted(negative_seen))

    # The sentence of the tutorial: negative finding, score below 100, a rewrite without 不能.
    utf8_negative = [i for i, (r, b, e) in turns.items()
                     if r == "agent" and e == "UTF-8" and b == NEGATIVE_SENTENCE.encode()]
    check(utf8_negative, "the generator made no UTF-8 copy of the negative sentence")
    score, rewrite = db.execute("SELECT score, rewrite FROM ly_turn_scores WHERE turn_id = ?",
                                (utf8_negative[0],)).fetchone()
    check(score is not None and score < 100 and rewrite and "不能" not in rewrite,
          "negative sentence: score %r, rewrite %r" % (score, rewrite))

    errors = dict(db.execute("SELECT status || ':' || coalesce(error, ''), count(*) "
                             "FROM ly_turn_scores WHERE status <> 'LY_OK' GROUP BY 1"))
    db.close()
    expected_errors = ["LY_E_ENCODING:byte 4 does not decode as GBK",
                       "LY_E_INVALID_UTF8:byte 6 does not decode as UTF-8",
                       "LY_E_ENCODING:unknown charset 'EBCDIC'"]
    for prefix in expected_errors:
        check(any(k.startswith(prefix) for k in errors),
              "no recorded error starting %r; errors: %s" % (prefix, errors))
    check(len(errors) == len(expected_errors), "unexpected errors: %s" % errors)


def killed_run(host, database, agent_total):
    """Starts a slow run, kills it with SIGKILL once 3 batches are committed; returns the count
    committed at that point and whether a transaction was open."""
    proc = subprocess.Popen([host, "--batch-size", str(BATCH), "--batch-pause-ms", "200",
                             database], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    # Each batch holds its transaction open for 200 ms before COMMIT, so once 3 batches are
    # visible the run is far from its end (dozens of batches) and almost surely mid-batch.
    while count_scores(database) < 3 * BATCH:
        if proc.poll() is not None:
            fail("the host ended before it could be killed: exit %d, %s"
                 % (proc.returncode, proc.stderr.read().decode()))
        if time.monotonic() > deadline:
            proc.kill()
            fail("no 3 batches committed within 60 s")
        time.sleep(0.02)
    check(proc.poll() is None, "the host finished before the kill")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    check(proc.returncode == -signal.SIGKILL, "host exit %r after SIGKILL" % proc.returncode)
    hot_journal = os.path.exists(database + "-journal")
    committed = count_scores(database)  # opening the database rolls back the open batch
    check(committed % BATCH == 0, "%d rows after the kill: a batch was half-committed" % committed)
    check(3 * BATCH <= committed < agent_total,
          "%d of %d turns committed at the kill: not halfway" % (committed, agent_total))
    db = sqlite3.connect(database)
    check(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "database corrupt")
    db.close()
    return committed, hot_journal


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", required=True, help="the crm_score executable")
    parser.add_argument("--work", required=True, help="scratch directory (recreated)")
    parser.add_argument("--conversations", type=int, default=500)
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    started = time.monotonic()

    # Usage errors: nonzero, and the message says what is wrong.
    proc = subprocess.run([args.host, "--help"], capture_output=True, text=True)
    check(proc.returncode == 0 and "--batch-size" in proc.stdout, "--help: %r" % proc.stdout)
    missing = os.path.join(args.work, "missing.db")
    proc = subprocess.run([args.host, missing], capture_output=True, text=True)
    check(proc.returncode == 1 and "cannot open" in proc.stderr and not os.path.exists(missing),
          "missing database: exit %d, %r" % (proc.returncode, proc.stderr))
    proc = subprocess.run([args.host, "--batch-size", "0", missing], capture_output=True, text=True)
    check(proc.returncode == 2 and "--batch-size" in proc.stderr,
          "bad batch size: %r" % proc.stderr)
    other = os.path.join(args.work, "not-a-crm.db")
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    db.close()
    proc = subprocess.run([args.host, other], capture_output=True, text=True)
    db = sqlite3.connect(other)
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    db.close()
    check(proc.returncode == 1 and "no such table: turns" in proc.stderr and tables == ["invoices"],
          "not a CRM database: exit %d, %r, tables %s" % (proc.returncode, proc.stderr, tables))
    bad_pack = os.path.join(args.work, "bad-pack.yaml")
    with open(bad_pack, "w", encoding="utf-8") as f:
        f.write("rules: [\n")
    proc = subprocess.run([args.host, "--pack", bad_pack, other], capture_output=True, text=True)
    check(proc.returncode == 1 and "LY_E_PACK_SYNTAX" in proc.stderr
          and bad_pack + ":" in proc.stderr,
          "bad pack: exit %d, %r" % (proc.returncode, proc.stderr))

    # 1. One uninterrupted run, then an idle one.
    one = os.path.join(args.work, "one-run.db")
    turns = make_database(one, args.conversations, seed=9)
    agent_total = sum(1 for role, _, _ in turns.values() if role == "agent")
    check(len(turns) >= 2000 and agent_total >= 1000, "too little data: %d turns" % len(turns))
    out = run_host(args.host, one)
    check("%d agent turns scored" % agent_total in out, "first run: %r" % out)
    check_complete(one, turns)
    reference = dump(one)
    out = run_host(args.host, one)
    check("0 agent turns scored" in out, "second run did work: %r" % out)
    check(dump(one) == reference, "an idle run changed the results")
    db = sqlite3.connect(one)
    runs = db.execute("SELECT count(*) FROM ly_runs").fetchone()[0]
    db.close()
    check(runs == 1, "an idle run recorded itself: %d runs" % runs)

    # 2. Killed mid-way, then resumed, on identical data.
    two = os.path.join(args.work, "killed-run.db")
    check(make_database(two, args.conversations, seed=9) == turns, "generator not deterministic")
    committed, hot_journal = killed_run(args.host, two, agent_total)
    out = run_host(args.host, two, "--batch-size", str(BATCH))
    check("%d agent turns scored" % (agent_total - committed) in out, "resumed run: %r" % out)
    check_complete(two, turns)
    check(dump(two) == reference, "killed and resumed results differ from the uninterrupted run")

    # 3. New turns arrive: the next run scores those and nothing else.
    db = sqlite3.connect(one)
    conv = db.execute("SELECT max(id) + 1 FROM conversations").fetchone()[0]
    first = db.execute("SELECT max(id) + 1 FROM turns").fetchone()[0]
    db.execute("INSERT INTO conversations VALUES (?, 'chat', 'A001', NULL)", (conv,))
    for seq, (role, text) in enumerate([("customer", "我要退货"), ("agent", NEGATIVE_SENTENCE),
                                        ("customer", "为什么？"), ("agent", "请您等一下。")]):
        db.execute("INSERT INTO turns VALUES (?, ?, ?, ?, ?, 'UTF-8')",
                   (first + seq, conv, seq, role, text.encode()))
        turns[first + seq] = (role, text.encode(), "UTF-8")
    db.commit()
    db.close()
    out = run_host(args.host, one, "--verbose")
    check("2 agent turns scored in 1 batches" in out, "incremental run: %r" % out)
    check_complete(one, turns)

    print("ok: %d turns (%d agent), killed after %d committed (%s), %.1f s"
          % (len(turns), agent_total, committed,
             "inside an open batch" if hot_journal else "between batches",
             time.monotonic() - started))


if __name__ == "__main__":
    main()
