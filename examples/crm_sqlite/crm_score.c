/*
 * crm_score: a host of liangyan's C API inside a CRM's SQLite database.
 *
 * It scores every agent turn of the `turns` table (schema.sql) that has no score yet and writes
 * the score, the findings and the best rewrite into result tables of its own.  Each batch of
 * turns is scored and written in one transaction, so the program may be killed at any moment
 * (SIGKILL included) and simply run again: committed batches stay, the interrupted one rolls
 * back, and the next run carries on with the turns still unscored.  A turn is never scored
 * twice: `ly_turn_scores.turn_id` is the primary key, and the batch is chosen inside the write
 * transaction, so even two copies running at once split the work instead of repeating it.
 *
 * Turns that cannot be checked (bytes that are not in their declared encoding, text over the
 * input limit) are data, not failures: they get a row with the status name and the library's
 * message (which names the byte offset) and are not retried.  The exit status is nonzero only
 * when the program itself could not work: bad arguments, an unusable database, a bad pack.
 */
#include <liangyan/liangyan.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kExitOk = 0, kExitFailure = 1, kExitUsage = 2 };

static const char kUsage[] =
    "usage: crm_score [options] DATABASE\n"
    "\n"
    "Scores every agent turn of DATABASE's `turns` table that has not been scored yet\n"
    "(see schema.sql) and writes ly_turn_scores and ly_findings, one transaction per batch.\n"
    "Safe to run again, and to kill: a new run continues where the last one stopped.\n"
    "\n"
    "options:\n"
    "  --batch-size N      agent turns per transaction (default 500; 1..100000)\n"
    "  --pack FILE         add a rule pack on top of the embedded default one\n"
    "  --verbose           print one line per committed batch\n"
    "  --batch-pause-ms N  testing aid: sleep N ms before each COMMIT, with the batch's\n"
    "                      transaction open (0..60000; default 0)\n"
    "  --help              print this and exit\n"
    "\n"
    "exit status: 0 done (turns that cannot be decoded are recorded, not fatal),\n"
    "1 database or engine error, 2 bad arguments.\n";

/* The result tables.  ly_runs records which library and packs scored what; ly_turn_scores has
 * exactly one row per scored agent turn; ly_findings one row per finding of such a turn. */
static const char kResultSchema[] =
    "CREATE TABLE IF NOT EXISTS ly_runs (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),\n"
    "  library TEXT NOT NULL,     -- ly_version_string()\n"
    "  packs TEXT NOT NULL,       -- every pack as id@version\n"
    "  batches INTEGER NOT NULL DEFAULT 0,\n"
    "  turns INTEGER NOT NULL DEFAULT 0);\n"
    "CREATE TABLE IF NOT EXISTS ly_turn_scores (\n"
    "  turn_id INTEGER PRIMARY KEY REFERENCES turns(id),\n"
    "  run_id INTEGER NOT NULL REFERENCES ly_runs(id),\n"
    "  status TEXT NOT NULL,      -- LY_OK, or why the turn could not be checked\n"
    "  score INTEGER,             -- 0..100; NULL unless status is LY_OK\n"
    "  finding_count INTEGER NOT NULL DEFAULT 0,\n"
    "  rewrite TEXT,              -- the best rewrite (UTF-8); NULL when none is offered\n"
    "  rewrite_score INTEGER,\n"
    "  error TEXT                 -- the library's message for a turn not checked\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS ly_findings (\n"
    "  turn_id INTEGER NOT NULL REFERENCES ly_turn_scores(turn_id),\n"
    "  ordinal INTEGER NOT NULL,  -- from 0, in text order\n"
    "  rule TEXT NOT NULL,\n"
    "  category TEXT NOT NULL,\n"
    "  severity INTEGER NOT NULL, -- 1 hint .. 4 critical\n"
    "  weight INTEGER NOT NULL,   -- points deducted\n"
    "  begin_byte INTEGER NOT NULL, -- [begin_byte, end_byte) of turns.body as stored\n"
    "  end_byte INTEGER NOT NULL,\n"
    "  begin_cp INTEGER NOT NULL, -- the same span in code points of the decoded text\n"
    "  end_cp INTEGER NOT NULL,\n"
    "  message TEXT,\n"
    "  replacement TEXT,\n"
    "  PRIMARY KEY (turn_id, ordinal)) WITHOUT ROWID;\n";

/* The next batch: agent turns after the cursor with no score.  Keyset order on the rowid
 * keeps each batch's query cheap however many turns earlier runs already scored. */
static const char kSelectBatch[] =
    "SELECT t.id FROM turns AS t WHERE t.role = 'agent' AND t.id > ?1 AND NOT EXISTS "
    "(SELECT 1 FROM ly_turn_scores AS s WHERE s.turn_id = t.id) ORDER BY t.id LIMIT ?2";
static const char kSelectTurn[] = "SELECT body, encoding FROM turns WHERE id = ?1";
static const char kInsertRun[] = "INSERT INTO ly_runs (library, packs) VALUES (?1, ?2)";
static const char kUpdateRun[] =
    "UPDATE ly_runs SET batches = batches + 1, turns = turns + ?2 WHERE id = ?1";
static const char kInsertScore[] =
    "INSERT INTO ly_turn_scores (turn_id, run_id, status, score, finding_count, rewrite, "
    "rewrite_score, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char kInsertFinding[] =
    "INSERT INTO ly_findings (turn_id, ordinal, rule, category, severity, weight, begin_byte, "
    "end_byte, begin_cp, end_cp, message, replacement) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

typedef struct {
  const char* database;
  const char* pack;
  long batch_size;
  long pause_ms;
  int verbose;
} Args;

typedef struct {
  sqlite3* db;
  const char* path;
  ly_engine* engine;
  sqlite3_stmt* select_batch;
  sqlite3_stmt* select_turn;
  sqlite3_stmt* insert_run;
  sqlite3_stmt* update_run;
  sqlite3_stmt* insert_score;
  sqlite3_stmt* insert_finding;
  sqlite3_int64 run_id; /* 0 until the first batch with work: an idle run writes nothing */
  sqlite3_int64* ids;   /* the current batch's turn ids */
  long scored;
  long unreadable;
  long batches;
} Host;

static int db_error(const Host* host, const char* what) {
  fprintf(stderr, "crm_score: %s: %s: %s\n", host->path, what, sqlite3_errmsg(host->db));
  return -1;
}

static int parse_long(const char* option, const char* text, long min, long max, long* out) {
  char* end = NULL;
  long value = text ? strtol(text, &end, 10) : 0;
  if (text == NULL || *text == '\0' || *end != '\0' || value < min || value > max) {
    fprintf(stderr, "crm_score: %s needs a number from %ld to %ld, got '%s'\n", option, min, max,
            text ? text : "");
    return -1;
  }
  *out = value;
  return 0;
}

/* 0: run; 1: --help printed; -1: bad arguments (reported). */
static int parse_args(int argc, char** argv, Args* args) {
  memset(args, 0, sizeof *args);
  args->batch_size = 500;
  for (int i = 1; i < argc; ++i) {
    const char* arg = argv[i];
    const char* value = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
      fputs(kUsage, stdout);
      return 1;
    } else if (strcmp(arg, "--verbose") == 0) {
      args->verbose = 1;
    } else if (strcmp(arg, "--batch-size") == 0) {
      if (parse_long(arg, value, 1, 100000, &args->batch_size) != 0) return -1;
      ++i;
    } else if (strcmp(arg, "--batch-pause-ms") == 0) {
      if (parse_long(arg, value, 0, 60000, &args->pause_ms) != 0) return -1;
      ++i;
    } else if (strcmp(arg, "--pack") == 0) {
      if (value == NULL) {
        fprintf(stderr, "crm_score: --pack needs a file\n");
        return -1;
      }
      args->pack = value;
      ++i;
    } else if (arg[0] == '-' && arg[1] != '\0') {
      fprintf(stderr, "crm_score: unknown option %s (see --help)\n", arg);
      return -1;
    } else if (args->database != NULL) {
      fprintf(stderr, "crm_score: one DATABASE only, got '%s' and '%s'\n", args->database, arg);
      return -1;
    } else {
      args->database = arg;
    }
  }
  if (args->database == NULL) {
    fprintf(stderr, "crm_score: no DATABASE given (see --help)\n");
    return -1;
  }
  return 0;
}

static int create_engine(const Args* args, ly_engine** engine) {
  ly_options* options = ly_options_create();
  if (options == NULL) {
    fprintf(stderr, "crm_score: out of memory\n");
    return -1;
  }
  if (args->pack != NULL) {
    ly_status status = ly_options_add_pack_file(options, args->pack);
    if (status != LY_OK) {
      fprintf(stderr, "crm_score: cannot read the rule pack %s (%s)\n", args->pack,
              ly_status_name(status));
      ly_options_free(options);
      return -1;
    }
  }
  char* error = NULL;
  ly_status status = ly_engine_create(options, engine, &error);
  ly_options_free(options);
  if (status != LY_OK) {
    fprintf(stderr, "crm_score: rule pack %s: %s%s%s\n", args->pack ? args->pack : "(default)",
            ly_status_name(status), error ? ": " : "", error ? error : "");
    ly_free(error);
    return -1;
  }
  return 0;
}

static int open_database(Host* host) {
  /* No SQLITE_OPEN_CREATE: a mistyped path must not become a new, empty "CRM". */
  if (sqlite3_open_v2(host->path, &host->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
    return db_error(host, "cannot open");
  }
  /* A CRM keeps using its database while we score: wait for its locks instead of failing. */
  sqlite3_busy_timeout(host->db, 30000);
  /* Before creating anything: a database without the CRM's turns is the wrong database. */
  sqlite3_stmt* probe = NULL;
  int rc = sqlite3_prepare_v2(host->db, "SELECT id, role, body, encoding FROM turns LIMIT 0", -1,
                              &probe, NULL);
  sqlite3_finalize(probe);
  if (rc != SQLITE_OK) {
    fprintf(stderr, "crm_score: %s: %s (expected the CRM tables of schema.sql)\n", host->path,
            sqlite3_errmsg(host->db));
    return -1;
  }
  char* message = NULL;
  if (sqlite3_exec(host->db, kResultSchema, NULL, NULL, &message) != SQLITE_OK) {
    fprintf(stderr, "crm_score: %s: cannot create the result tables: %s\n", host->path,
            message ? message : "?");
    sqlite3_free(message);
    return -1;
  }
  struct {
    const char* sql;
    sqlite3_stmt** stmt;
  } statements[] = {
      {kSelectBatch, &host->select_batch}, {kSelectTurn, &host->select_turn},
      {kInsertRun, &host->insert_run},     {kUpdateRun, &host->update_run},
      {kInsertScore, &host->insert_score}, {kInsertFinding, &host->insert_finding},
  };
  for (size_t i = 0; i < sizeof statements / sizeof statements[0]; ++i) {
    if (sqlite3_prepare_v2(host->db, statements[i].sql, -1, statements[i].stmt, NULL) !=
        SQLITE_OK) {
      fprintf(stderr, "crm_score: %s: %s\n", host->path, sqlite3_errmsg(host->db));
      return -1;
    }
  }
  return 0;
}

static void close_database(Host* host) {
  sqlite3_finalize(host->select_batch);
  sqlite3_finalize(host->select_turn);
  sqlite3_finalize(host->insert_run);
  sqlite3_finalize(host->update_run);
  sqlite3_finalize(host->insert_score);
  sqlite3_finalize(host->insert_finding);
  sqlite3_close(host->db); /* with a transaction still open, this rolls it back */
}

static int step_done(Host* host, sqlite3_stmt* stmt, const char* what) {
  int rc = sqlite3_step(stmt);
  sqlite3_reset(stmt);
  return rc == SQLITE_DONE ? 0 : db_error(host, what);
}

static int exec(Host* host, const char* sql) {
  return sqlite3_exec(host->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : db_error(host, sql);
}

/* Borrowed strings of a result are bound SQLITE_STATIC: the statement runs before the result
 * is freed. */
static void bind_str(sqlite3_stmt* stmt, int index, const ly_result* result, ly_item item, size_t i,
                     ly_field field) {
  size_t len = 0;
  const char* s = ly_result_get_str(result, item, i, field, &len);
  if (s == NULL) {
    sqlite3_bind_null(stmt, index);
  } else {
    sqlite3_bind_text(stmt, index, s, (int)len, SQLITE_STATIC);
  }
}

static int write_findings(Host* host, sqlite3_int64 turn, const ly_result* result) {
  sqlite3_stmt* stmt = host->insert_finding;
  size_t n = ly_result_count(result, LY_ITEM_FINDING);
  for (size_t i = 0; i < n; ++i) {
    sqlite3_bind_int64(stmt, 1, turn);
    sqlite3_bind_int64(stmt, 2, (sqlite3_int64)i);
    bind_str(stmt, 3, result, LY_ITEM_FINDING, i, LY_FIELD_RULE_ID);
    bind_str(stmt, 4, result, LY_ITEM_FINDING, i, LY_FIELD_CATEGORY);
    static const ly_field kInts[] = {LY_FIELD_SEVERITY, LY_FIELD_WEIGHT,   LY_FIELD_BEGIN,
                                     LY_FIELD_END,      LY_FIELD_BEGIN_CP, LY_FIELD_END_CP};
    for (int k = 0; k < 6; ++k) {
      sqlite3_bind_int64(stmt, 5 + k, ly_result_get_int(result, LY_ITEM_FINDING, i, kInts[k]));
    }
    bind_str(stmt, 11, result, LY_ITEM_FINDING, i, LY_FIELD_MESSAGE);
    bind_str(stmt, 12, result, LY_ITEM_FINDING, i, LY_FIELD_REPLACEMENT);
    if (step_done(host, stmt, "cannot write a finding") != 0) return -1;
  }
  return 0;
}

/* Checks one turn and writes its rows.  -1 only for errors that end the run. */
static int score_turn(Host* host, sqlite3_int64 turn) {
  sqlite3_stmt* read = host->select_turn;
  sqlite3_bind_int64(read, 1, turn);
  if (sqlite3_step(read) != SQLITE_ROW) {
    db_error(host, "cannot read a turn");
    sqlite3_reset(read);
    return -1;
  }
  const char* body = (const char*)sqlite3_column_blob(read, 0);
  size_t len = (size_t)sqlite3_column_bytes(read, 0);
  const char* encoding = (const char*)sqlite3_column_text(read, 1);
  if (encoding == NULL || *encoding == '\0') encoding = "UTF-8";

  ly_result* result = NULL;
  char* error = NULL;
  ly_status status;
  if (strcmp(encoding, "UTF-8") == 0) {
    status = ly_check(host->engine, body, len, NULL, &result);
    /* ly_check says only that the bytes are not UTF-8; the decoder also says where. */
    if (status == LY_E_INVALID_UTF8) {
      ly_result* unused = NULL;
      ly_check_encoded(host->engine, "UTF-8", body, len, NULL, &unused, &error);
      ly_result_free(unused);
    }
  } else {
    status = ly_check_encoded(host->engine, encoding, body, len, NULL, &result, &error);
  }
  sqlite3_reset(read); /* body is no longer needed */

  if (status == LY_E_OUT_OF_MEMORY) {
    fprintf(stderr, "crm_score: out of memory checking turn %lld\n", (long long)turn);
    ly_free(error);
    return -1;
  }
  sqlite3_stmt* stmt = host->insert_score;
  sqlite3_bind_int64(stmt, 1, turn);
  sqlite3_bind_int64(stmt, 2, host->run_id);
  sqlite3_bind_text(stmt, 3, ly_status_name(status), -1, SQLITE_STATIC);
  if (status == LY_OK) {
    sqlite3_bind_int64(stmt, 4, ly_result_get_int(result, LY_ITEM_SUMMARY, 0, LY_FIELD_SCORE));
    sqlite3_bind_int64(stmt, 5, (sqlite3_int64)ly_result_count(result, LY_ITEM_FINDING));
    if (ly_result_count(result, LY_ITEM_REWRITE) > 0) {
      bind_str(stmt, 6, result, LY_ITEM_REWRITE, 0, LY_FIELD_TEXT);
      sqlite3_bind_int64(stmt, 7, ly_result_get_int(result, LY_ITEM_REWRITE, 0, LY_FIELD_SCORE));
    } else {
      sqlite3_bind_null(stmt, 6);
      sqlite3_bind_null(stmt, 7);
    }
    sqlite3_bind_null(stmt, 8);
  } else {
    ++host->unreadable;
    sqlite3_bind_null(stmt, 4);
    sqlite3_bind_int64(stmt, 5, 0);
    sqlite3_bind_null(stmt, 6);
    sqlite3_bind_null(stmt, 7);
    sqlite3_bind_text(stmt, 8, error ? error : ly_status_name(status), -1, SQLITE_TRANSIENT);
  }
  int rc = step_done(host, stmt, "cannot write a score");
  sqlite3_clear_bindings(stmt);
  if (rc == 0 && status == LY_OK) rc = write_findings(host, turn, result);
  ly_result_free(result);
  ly_free(error);
  return rc;
}

/* One transaction: choose the batch, score it, record it.  Returns the number of turns
 * scored (0: nothing left) or -1, in which case the transaction is rolled back. */
static long run_batch(Host* host, const Args* args, sqlite3_int64* cursor) {
  /* IMMEDIATE takes the write lock before choosing the batch, so a concurrent copy of this
   * program cannot choose the same turns. */
  if (exec(host, "BEGIN IMMEDIATE") != 0) return -1;
  long n = 0;
  sqlite3_stmt* select = host->select_batch;
  sqlite3_bind_int64(select, 1, *cursor);
  sqlite3_bind_int64(select, 2, args->batch_size);
  int rc;
  while ((rc = sqlite3_step(select)) == SQLITE_ROW)
    host->ids[n++] = sqlite3_column_int64(select, 0);
  sqlite3_reset(select);
  if (rc != SQLITE_DONE) {
    db_error(host, "cannot choose the next batch");
    goto rollback;
  }
  if (n == 0) return exec(host, "COMMIT") == 0 ? 0 : -1;

  if (host->run_id == 0) {
    sqlite3_bind_text(host->insert_run, 1, ly_version_string(), -1, SQLITE_STATIC);
    sqlite3_bind_text(host->insert_run, 2, ly_engine_info(host->engine, LY_INFO_PACKS), -1,
                      SQLITE_STATIC);
    if (step_done(host, host->insert_run, "cannot record the run") != 0) goto rollback;
    host->run_id = sqlite3_last_insert_rowid(host->db);
  }
  for (long i = 0; i < n; ++i) {
    if (score_turn(host, host->ids[i]) != 0) goto rollback;
  }
  sqlite3_bind_int64(host->update_run, 1, host->run_id);
  sqlite3_bind_int64(host->update_run, 2, n);
  if (step_done(host, host->update_run, "cannot record the batch") != 0) goto rollback;
  if (args->pause_ms > 0) sqlite3_sleep((int)args->pause_ms);
  if (exec(host, "COMMIT") != 0) goto rollback;
  *cursor = host->ids[n - 1];
  return n;

rollback:
  sqlite3_exec(host->db, "ROLLBACK", NULL, NULL, NULL);
  /* The run row may have been rolled back with the batch. */
  host->run_id = 0;
  return -1;
}

int main(int argc, char** argv) {
  Args args;
  int parsed = parse_args(argc, argv, &args);
  if (parsed != 0) return parsed > 0 ? kExitOk : kExitUsage;

  Host host;
  memset(&host, 0, sizeof host);
  host.path = args.database;
  int exit_code = kExitFailure;
  host.ids = malloc(sizeof(sqlite3_int64) * (size_t)args.batch_size);
  if (host.ids == NULL) {
    fprintf(stderr, "crm_score: out of memory\n");
    return kExitFailure;
  }
  if (create_engine(&args, &host.engine) != 0 || open_database(&host) != 0) goto done;

  sqlite3_int64 cursor = 0;
  for (;;) {
    long n = run_batch(&host, &args, &cursor);
    if (n < 0) goto done;
    if (n == 0) break;
    host.scored += n;
    ++host.batches;
    if (args.verbose) {
      printf("batch %ld: %ld turns committed (%ld this run)\n", host.batches, n, host.scored);
      fflush(stdout);
    }
  }
  printf("crm_score: %ld agent turns scored in %ld batches", host.scored, host.batches);
  if (host.unreadable > 0) {
    printf("; %ld could not be checked (ly_turn_scores.status, .error)", host.unreadable);
  }
  printf("\n");
  exit_code = kExitOk;

done:
  close_database(&host);
  ly_engine_free(host.engine);
  free(host.ids);
  return exit_code;
}
