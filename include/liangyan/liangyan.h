/*
 * liangyan (良言): coaching for Chinese customer-service wording.  Stable C API (C99).
 *
 * ----------------------------------------------------------------------------------------
 * Tutorial
 * ----------------------------------------------------------------------------------------
 * Build one engine at start-up and share it across all threads:
 *
 *     ly_engine* engine = NULL;
 *     char* error = NULL;
 *     if (ly_engine_create(NULL, &engine, &error) != LY_OK) {   // NULL: embedded default pack
 *       fprintf(stderr, "%s\n", error);
 *       ly_free(error);
 *       return 1;
 *     }
 *
 * Check every sentence an agent writes or says (UTF-8, pointer + length):
 *
 *     const char* text = "对不起，您不能退货。";
 *     ly_result* result = NULL;
 *     if (ly_check(engine, text, strlen(text), NULL, &result) == LY_OK) {
 *       printf("score %d\n", (int)ly_result_get_int(result, LY_ITEM_SUMMARY, 0, LY_FIELD_SCORE));
 *       size_t n = ly_result_count(result, LY_ITEM_FINDING);
 *       for (size_t i = 0; i < n; ++i) {
 *         size_t len = 0;
 *         const char* rule = ly_result_get_str(result, LY_ITEM_FINDING, i, LY_FIELD_RULE_ID, &len);
 *         int64_t begin = ly_result_get_int(result, LY_ITEM_FINDING, i, LY_FIELD_BEGIN);
 *         ...
 *       }
 *       const char* rewrite = ly_result_get_str(result, LY_ITEM_REWRITE, 0, LY_FIELD_TEXT, NULL);
 *     }
 *     ly_result_free(result);   // accepts NULL
 *     ly_engine_free(engine);   // accepts NULL
 *
 * Everything not reachable through a getter is in the JSON dump (ly_result_to_json).
 *
 * ----------------------------------------------------------------------------------------
 * Contracts that hold for every function
 * ----------------------------------------------------------------------------------------
 * Ownership
 *   - An object returned through `ly_X** out` by ly_X_create / ly_check is owned by the
 *     caller and released with the matching ly_X_free.  Every *_free accepts NULL.
 *   - A `char**` output (error messages, JSON) is released with ly_free.
 *   - A `const char*` return is borrowed: it stays valid until its parent object is freed.
 *     Borrowed strings are NUL-terminated and their byte length is also returned when asked.
 *   - Input buffers are never retained after a call returns (packs are copied).
 *   - On failure, every `out` pointer is set to NULL (or 0), so freeing it is always safe.
 * Threads
 *   - There is no global or thread-local state, and no init or shutdown function.
 *   - A const object (ly_engine, ly_result) may be used from any number of threads at once.
 *   - A non-const object (ly_options, ly_context) must not be used by two threads at once.
 *   - A result copies what it exposes: it may outlive the engine that made it.
 * Errors
 *   - Fallible functions return ly_status; values are pinned forever and only appended to.
 *   - Nothing is printed.  Detail (e.g. a rule pack's line:column) comes back as an optional
 *     message string the caller frees.
 * Offsets
 *   - LY_FIELD_BEGIN/END are byte offsets into the caller's original input;
 *     LY_FIELD_BEGIN_CP/END_CP are the same span in Unicode code points.
 */
#ifndef LIANGYAN_LIANGYAN_H_
#define LIANGYAN_LIANGYAN_H_

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32) && defined(LIANGYAN_SHARED)
#if defined(LIANGYAN_BUILDING)
#define LY_API __declspec(dllexport)
#else
#define LY_API __declspec(dllimport)
#endif
#elif defined(__GNUC__)
#define LY_API __attribute__((visibility("default")))
#else
#define LY_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The public header is aligned by hand for reading; the formatter leaves it alone. */
/* clang-format off */

/* Version of this header.  Compare with ly_version_number() to detect a mismatched library. */
#define LY_VERSION_MAJOR 0
#define LY_VERSION_MINOR 1
#define LY_VERSION_PATCH 0
#define LY_VERSION_NUMBER (LY_VERSION_MAJOR * 10000 + LY_VERSION_MINOR * 100 + LY_VERSION_PATCH)
/* The C ABI generation; the shared library's SONAME carries it. */
#define LY_ABI_VERSION 0

/* ---------------------------------------------------------------------------------------- */
/* Status codes (values pinned)                                                              */
/* ---------------------------------------------------------------------------------------- */
typedef enum ly_status {
  LY_OK = 0,
  LY_E_INVALID_ARGUMENT = 1, /* NULL where not allowed, NULL data with length > 0, unknown key */
  LY_E_INVALID_UTF8 = 2,     /* input is not UTF-8 (see LY_OPT_INVALID_UTF8)                   */
  LY_E_INPUT_TOO_LARGE = 3,  /* input longer than LY_OPT_MAX_INPUT_BYTES                       */
  LY_E_ENCODING = 4,         /* unknown charset, or bytes that do not decode in it             */
  LY_E_PACK_SYNTAX = 5,      /* rule pack cannot be parsed; message has line:column            */
  LY_E_PACK_INVALID = 6,     /* pack parses but is wrong: unknown lexicon, bad category, cycle */
  LY_E_PACK_VERSION = 7,     /* pack format version not supported by this library              */
  LY_E_PATTERN = 8,          /* a regex in the pack does not compile                           */
  LY_E_LIMIT = 9,            /* a configured limit was exceeded (rules, depth, pattern memory) */
  LY_E_OUT_OF_MEMORY = 10,
  LY_E_NOT_FOUND = 11,       /* file path, item index or field that does not exist            */
  LY_E_IO = 12,              /* a file could not be read                                        */
  LY_E_INTERNAL = 99         /* an unexpected internal error: a bug, please report it          */
} ly_status;

/* Name of a status ("LY_E_INVALID_UTF8").  Static storage, never NULL.  Thread-safe. */
LY_API const char* ly_status_name(ly_status status);

/* Runtime library version as MAJOR*10000+MINOR*100+PATCH, and as "MAJOR.MINOR.PATCH".
 * Static storage.  Thread-safe. */
LY_API uint32_t ly_version_number(void);
LY_API const char* ly_version_string(void);

/* Releases a string returned through a char** output.  Accepts NULL.  Thread-safe. */
LY_API void ly_free(void* p);

/* ---------------------------------------------------------------------------------------- */
/* Options: how an engine is built (rule packs) and how it treats input (limits)             */
/* ---------------------------------------------------------------------------------------- */
typedef struct ly_options ly_options;

typedef enum ly_option {
  LY_OPT_MAX_INPUT_BYTES = 1,    /* default 65536; 1..(1<<30)                                    */
  LY_OPT_INVALID_UTF8 = 2,       /* LY_INVALID_UTF8_REJECT (default) or _REPLACE (U+FFFD)        */
  LY_OPT_USE_DEFAULT_PACK = 3,   /* 1 (default): start from the embedded pack; 0: only added packs */
  LY_OPT_MAX_REWRITES = 4,       /* candidates per result, default 3; 0..16                      */
  LY_OPT_MAX_RULES = 5,          /* rules in all packs together, default 10000                   */
  LY_OPT_MAX_CONDITION_DEPTH = 6,/* nesting depth of a condition, default 32; 1..128             */
  LY_OPT_REGEX_MAX_MEM = 7,      /* RE2 memory of all regexes, fixed at creation; default 64 MiB */
  LY_OPT_MAX_PATTERN_BYTES = 8,  /* length of one phrase or regex, default 1024                  */
  LY_OPT_MAX_TURNS = 9,          /* turns in one dialogue, default 10000                         */
  LY_OPT_MAX_SLOTS = 10          /* context key/values per call, default 64                      */
} ly_option;

enum { LY_INVALID_UTF8_REJECT = 0, LY_INVALID_UTF8_REPLACE = 1 };

/* Creates an option set holding the defaults.  Returns NULL only when out of memory.
 * The caller owns it; it may be freed as soon as the engine is built. */
LY_API ly_options* ly_options_create(void);
LY_API void ly_options_free(ly_options* options);

/* Sets one option.  LY_E_INVALID_ARGUMENT for a NULL options, unknown key or a value out of
 * range (the option keeps its previous value).  Not thread-safe on the same options. */
LY_API ly_status ly_options_set(ly_options* options, ly_option key, int64_t value);

/* Adds a user rule pack (text, see docs/rule-pack.md) on top of what the engine already has:
 * new rules and lexicon entries, overrides of severity and weight, disabled rules, extra
 * exception phrases.  Packs apply in the order added.  The bytes are copied (NULL data is
 * allowed with len 0, and fails to parse as a pack); `name` (may be NULL) labels the pack in
 * error messages.  The pack is parsed when the engine is built.  Without the default pack
 * (LY_OPT_USE_DEFAULT_PACK = 0) the first added pack is the base that LY_INFO_PACK_ID names. */
LY_API ly_status ly_options_add_pack(ly_options* options, const char* data, size_t len,
                                     const char* name);

/* Same, reading the pack from an explicit file path now (LY_E_IO if it cannot be read). */
LY_API ly_status ly_options_add_pack_file(ly_options* options, const char* path);

/* ---------------------------------------------------------------------------------------- */
/* Engine: compiled rules, immutable, shared by any number of threads                        */
/* ---------------------------------------------------------------------------------------- */
typedef struct ly_engine ly_engine;

/* Builds an engine.  `options` may be NULL (defaults: the embedded pack only).  On failure
 * *out_engine is NULL and, if out_error is not NULL, *out_error receives a message the caller
 * frees with ly_free ("pack.yaml:12:7: expected ')' ..."). */
LY_API ly_status ly_engine_create(const ly_options* options, ly_engine** out_engine,
                                  char** out_error);
LY_API void ly_engine_free(ly_engine* engine);

typedef enum ly_info {
  LY_INFO_PACK_ID = 1,      /* id of the base pack, e.g. "liangyan-default"              */
  LY_INFO_PACK_VERSION = 2, /* its version                                               */
  LY_INFO_RULE_COUNT = 3,   /* number of enabled rules, as a decimal string              */
  LY_INFO_PACKS = 4         /* every loaded pack as "id@version" joined by ","           */
} ly_info;

/* Borrowed string describing the engine; valid while the engine lives.  NULL for a NULL
 * engine or an unknown key.  Thread-safe. */
LY_API const char* ly_engine_info(const ly_engine* engine, ly_info key);

/* Runs the examples written in the engine's packs (each rule's must-flag / must-not-flag
 * texts and expected rewrites, each score-card item's dialogues) and reports as JSON:
 *   {"passed": N, "failed": M, "failures": [{"rule", "expect", "text", "at", "detail"}]}
 * where "at" is the example's "pack:line:column".  `pack_name` (may be NULL: all packs)
 * restricts the run to the examples of one pack, named as when it was added (its path for
 * ly_options_add_pack_file).  *out_failed (may be NULL) receives M.  The caller frees
 * *out_json with ly_free.  Thread-safe. */
LY_API ly_status ly_engine_run_examples(const ly_engine* engine, const char* pack_name,
                                        char** out_json, int64_t* out_failed);

/* ---------------------------------------------------------------------------------------- */
/* Context: facts the host knows, used to fill rewrite slots (reason, alternative, ...)      */
/* ---------------------------------------------------------------------------------------- */
typedef struct ly_context ly_context;

LY_API ly_context* ly_context_create(void); /* NULL only when out of memory */
LY_API void ly_context_free(ly_context* context);

/* Sets slot `key` (e.g. "reason", "alternative") to a UTF-8 value; setting a key again
 * replaces its value.  Both are copied.  LY_E_INVALID_ARGUMENT for an empty key;
 * LY_E_INVALID_UTF8 for a key or value that is not UTF-8.  More slots than
 * LY_OPT_MAX_SLOTS make ly_check return LY_E_LIMIT.  Not thread-safe on the same context. */
LY_API ly_status ly_context_set(ly_context* context, const char* key, size_t key_len,
                                const char* value, size_t value_len);

/* ---------------------------------------------------------------------------------------- */
/* Checking one utterance                                                                    */
/* ---------------------------------------------------------------------------------------- */
typedef struct ly_result ly_result;

/* Checks one utterance (UTF-8, `len` bytes, need not be NUL-terminated; NULL is allowed when
 * len is 0).  `context` may be NULL.  On success *out_result owns the findings, score and
 * rewrites.  Errors: LY_E_INVALID_ARGUMENT, LY_E_INPUT_TOO_LARGE, LY_E_INVALID_UTF8 (unless
 * LY_OPT_INVALID_UTF8 is REPLACE, in which case the result says how many sequences were
 * replaced), LY_E_OUT_OF_MEMORY.  Thread-safe: any number of threads may check on one engine. */
LY_API ly_status ly_check(const ly_engine* engine, const char* text, size_t len,
                          const ly_context* context, ly_result** out_result);

/* Same for text in a legacy charset ("GBK", "GB18030", "Big5", "UTF-8").  Offsets then point
 * into the caller's original bytes.  LY_E_ENCODING for an unknown charset or undecodable bytes
 * (the message names the byte offset); nothing is skipped silently. */
LY_API ly_status ly_check_encoded(const ly_engine* engine, const char* charset, const char* bytes,
                                  size_t len, const ly_context* context, ly_result** out_result,
                                  char** out_error);

LY_API void ly_result_free(ly_result* result);

/* ---------------------------------------------------------------------------------------- */
/* Reading a result: counted items with typed fields; no struct layouts in the ABI           */
/* ---------------------------------------------------------------------------------------- */
typedef enum ly_item {
  LY_ITEM_SUMMARY = 0, /* always exactly one                                          */
  LY_ITEM_FINDING = 1, /* what breaks a rule, in text order                            */
  LY_ITEM_CREDIT = 2,  /* what the courseware credits (apology, reason, consultation)  */
  LY_ITEM_REWRITE = 3, /* candidate rewrites, best first                               */
  LY_ITEM_SLOT = 4,    /* unfilled slots of the best rewrite, for a host to prompt     */
  LY_ITEM_EDIT = 5     /* edits of the best rewrite: original span -> replacement       */
} ly_item;

typedef enum ly_field {
  /* strings */
  LY_FIELD_RULE_ID = 1,     /* FINDING, CREDIT                                           */
  LY_FIELD_CATEGORY = 2,    /* FINDING: one of the nine taxonomy names                   */
  LY_FIELD_MESSAGE = 3,     /* FINDING, CREDIT                                           */
  LY_FIELD_CITATION = 4,    /* FINDING: courseware lecture and seed line                 */
  LY_FIELD_REPLACEMENT = 5, /* FINDING: suggested replacement of the span ("" if none)   */
  LY_FIELD_TEXT = 6,        /* SUMMARY: the input as checked: the caller's UTF-8 unchanged,
                               or with each maximal ill-formed subsequence replaced by one
                               U+FFFD (LY_OPT_INVALID_UTF8 = REPLACE; offsets then count
                               into this text), or the decoded UTF-8 (ly_check_encoded);
                               REWRITE: rewritten text; EDIT: replacement text;
                               SLOT: the slot's marker                                   */
  LY_FIELD_NAME = 7,        /* SLOT: slot key ("reason")                                  */
  LY_FIELD_SCRIPT = 8,      /* SUMMARY: "simplified", "traditional" or "none"            */
  /* integers */
  LY_FIELD_BEGIN = 20,      /* FINDING, CREDIT, EDIT: byte offset into the original input */
  LY_FIELD_END = 21,
  LY_FIELD_BEGIN_CP = 22,   /* same span in code points                                   */
  LY_FIELD_END_CP = 23,
  LY_FIELD_SEVERITY = 24,   /* FINDING: 1 (hint) .. 4 (critical)                          */
  LY_FIELD_WEIGHT = 25,     /* FINDING: points deducted; CREDIT: points credited           */
  LY_FIELD_SCORE = 26,      /* SUMMARY: 0..100; REWRITE: score of the rewritten text       */
  LY_FIELD_REPLACED_INVALID = 27, /* SUMMARY: invalid UTF-8 sequences replaced by U+FFFD   */
  LY_FIELD_FIXES = 28       /* REWRITE: number of findings this candidate fixes           */
} ly_field;

/* Number of items of a kind (0 for a NULL result).  Thread-safe. */
LY_API size_t ly_result_count(const ly_result* result, ly_item item);

/* Borrowed string field of item `index`, valid until the result is freed; *out_len (may be
 * NULL) receives its byte length.  NULL if the item, index or field does not exist. */
LY_API const char* ly_result_get_str(const ly_result* result, ly_item item, size_t index,
                                     ly_field field, size_t* out_len);

/* Integer field of item `index`; -1 if the item, index or field does not exist. */
LY_API int64_t ly_result_get_int(const ly_result* result, ly_item item, size_t index,
                                 ly_field field);

/* The whole result as one JSON object (UTF-8, NUL-terminated), including fields that have no
 * getter yet: {"text", "score", "script", "replaced_invalid", "offsets", "findings": [{"rule",
 * "category", "severity", "weight", "start", "end", "start_byte", "end_byte", "message",
 * "citation", "replacement"}], "credits": [...], "rewrites": [{"text", "score", "fixes",
 * "fixed_rules", "edits", "slots"}], "rewrite"}; start/end are code points, *_byte bytes.
 * The caller frees *out_json with ly_free.  *out_len may be NULL. */
LY_API ly_status ly_result_to_json(const ly_result* result, char** out_json, size_t* out_len);

/* ---------------------------------------------------------------------------------------- */
/* Coaching a whole dialogue                                                                 */
/* ---------------------------------------------------------------------------------------- */
typedef struct ly_report ly_report;

/* Coaches one dialogue given as JSON (UTF-8):
 *   {"id"?: "...", "agent_id"?: "...", "turns": [{"role": "agent"|"customer", "text": "...",
 *    "start_ms"?: int, "end_ms"?: int, "agent_id"?: "..."}]}
 * Every agent turn is checked like ly_check; then the pack's score card judges the
 * conversation (greeting first, service question at the close, apology before the solution,
 * talk share, interruptions, silences, ...).  Items that need timestamps are reported as
 * skipped when the turns have none.  Errors: LY_E_INVALID_ARGUMENT (malformed dialogue; the
 * message names the byte or the turn), LY_E_INVALID_UTF8, LY_E_INPUT_TOO_LARGE (a turn over
 * LY_OPT_MAX_INPUT_BYTES), LY_E_LIMIT (more than LY_OPT_MAX_TURNS turns, JSON nested deeper
 * than 8).  *out_error (may be NULL) receives a message to free with ly_free.  Thread-safe. */
LY_API ly_status ly_coach(const ly_engine* engine, const char* dialogue_json, size_t len,
                          const ly_context* context, ly_report** out_report, char** out_error);
LY_API void ly_report_free(ly_report* report);

typedef enum ly_report_field {
  LY_REPORT_SCORE = 1,           /* 0..100: mean of the two below (0 if a fatal item failed) */
  LY_REPORT_CARD_SCORE = 2,      /* 100 - points of failed score-card items                 */
  LY_REPORT_UTTERANCE_SCORE = 3, /* mean score of the agent turns                           */
  LY_REPORT_FATAL_FAILED = 4,    /* 1 if a fatal (一票否决) item failed                      */
  LY_REPORT_TURN_COUNT = 5,
  LY_REPORT_ITEM_COUNT = 6,      /* score-card items in the report (any outcome)             */
  LY_REPORT_FAILED_COUNT = 7     /* of which failed                                          */
} ly_report_field;

/* An integer of the report; -1 for a NULL report or an unknown field. */
LY_API int64_t ly_report_get_int(const ly_report* report, ly_report_field field);

/* The check of turn `index` (borrowed, valid until the report is freed), for agent turns;
 * NULL for customer turns and out-of-range indices. */
LY_API const ly_result* ly_report_turn(const ly_report* report, size_t index);

/* The whole report as JSON (score card with outcome, points, evidence turns and spans; every
 * turn with its check), or as a self-contained HTML page for trainers (no network, no external
 * assets).  The caller frees *out with ly_free; *out_len may be NULL. */
LY_API ly_status ly_report_to_json(const ly_report* report, char** out_json, size_t* out_len);
LY_API ly_status ly_report_to_html(const ly_report* report, char** out_html, size_t* out_len);

/* ---------------------------------------------------------------------------------------- */
/* Streaming: one utterance whose text grows or is revised                                  */
/* ---------------------------------------------------------------------------------------- */
/* An agent typing, or a speech recogniser's partial results that may revise earlier words:
 * pass the whole current text on every change and read the findings of the text as it
 * stands.
 *
 *     ly_session* session = NULL;
 *     ly_session_create(engine, &session);
 *     const ly_result* now = NULL;
 *     while (typing) {                                  // findings and score only: cheap
 *       if (ly_session_update(session, text, len, NULL, 0, &now) == LY_OK) show(now);
 *     }
 *     ly_session_update(session, text, len, context, LY_SESSION_REWRITES, &now);  // final
 *     ly_session_reset(session);                        // next utterance, same memory
 *     ly_session_free(session);
 *
 * Guarantee: after any sequence of updates, the result equals a one-shot ly_check of the same
 * text: findings (rule, category, message, citation, severity, weight, spans), credits, score,
 * script, text and replaced_invalid always; rewrites, edits, slots and each finding's
 * LY_FIELD_REPLACEMENT as well when LY_SESSION_REWRITES is given (without it there are no
 * REWRITE, EDIT or SLOT items and replacements are "").
 *
 * What a session reuses from earlier updates (only what cannot change the answer):
 *   - the whole result when the text is byte-identical to the previous update's (recognisers
 *     re-send unchanged partials; user interfaces re-render);
 *   - UTF-8 validation of the unchanged prefix: only the bytes from the first change on are
 *     validated again;
 *   - its working memory (folded text, clause structure, match buffers) and result storage,
 *     so that updates allocate little and findings-only ones take nothing from the engine's
 *     shared pool.
 * Rewrites, more than half of ly_check's time, run only when LY_SESSION_REWRITES asks.
 * Normalisation, sentence split, pattern scan and rule evaluation run over the whole current
 * text on every changed update: their outcome for an unchanged prefix depends on what follows
 * (utterance-wide rules and credits, utterance_end, which sentence is last, the script and the
 * transcript-or-chat decision counted over the whole text, regex hits found left to right).
 *
 * Threads: a session is used by one thread at a time (like ly_context); any number of
 * sessions, on any threads, share one engine, which must outlive them.  A result returned by
 * ly_session_update is borrowed from the session. */
typedef struct ly_session ly_session;

/* Flags of ly_session_update (a bit set; unknown bits are LY_E_INVALID_ARGUMENT). */
enum {
  LY_SESSION_FINDINGS = 0, /* findings, credits and score: ly_check's result without rewrites */
  LY_SESSION_REWRITES = 1  /* also the rewrites: the result is exactly ly_check's            */
};

/* Creates a session on `engine` (which must outlive it).  The caller owns *out_session and
 * frees it with ly_session_free.  LY_E_INVALID_ARGUMENT for a NULL engine or out_session,
 * LY_E_OUT_OF_MEMORY.  Thread-safe: the engine is only read. */
LY_API ly_status ly_session_create(const ly_engine* engine, ly_session** out_session);

/* Frees a session and the result it lent out.  Accepts NULL. */
LY_API void ly_session_free(ly_session* session);

/* Forgets the text, so that the next update starts a new utterance, but keeps the memory.  The
 * result lent out before becomes invalid.  Accepts NULL.  Not thread-safe on the same
 * session. */
LY_API void ly_session_reset(ly_session* session);

/* Checks `text` (UTF-8, `len` bytes, need not be NUL-terminated; NULL is allowed when len is
 * 0), the whole utterance as it stands now, and sets *out_result to the session's result.  That
 * result is borrowed: read it with the ly_result_* getters (any number of threads may) until
 * the next ly_session_update, ly_session_reset or ly_session_free of this session; never pass
 * it to ly_result_free.  `context` (may be NULL) fills rewrite slots; `flags` is
 * LY_SESSION_FINDINGS or LY_SESSION_REWRITES.  The bytes are copied, never referenced after
 * the call returns.
 * Errors: those of ly_check (LY_E_INVALID_ARGUMENT, LY_E_INPUT_TOO_LARGE, LY_E_INVALID_UTF8
 * unless LY_OPT_INVALID_UTF8 is REPLACE, LY_E_LIMIT, LY_E_OUT_OF_MEMORY), plus
 * LY_E_INVALID_ARGUMENT for unknown flags.  On failure *out_result is NULL and the session is
 * as after ly_session_reset; the next valid update is answered normally.  Not thread-safe on
 * the same session. */
LY_API ly_status ly_session_update(ly_session* session, const char* text, size_t len,
                                   const ly_context* context, uint32_t flags,
                                   const ly_result** out_result);

/* clang-format on */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* LIANGYAN_LIANGYAN_H_ */
