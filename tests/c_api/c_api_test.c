/* Exercises every function of the C API from plain C99, so that the header stays C-clean and
 * the documented contracts (status codes, ownership, offsets, charsets) hold end to end.
 * Build: gcc -std=c99 -Wall -Wextra -pedantic c_api_test.c -lliangyan */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liangyan/liangyan.h"

static int g_checks = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    ++g_checks;                                                                \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      exit(1);                                                                 \
    }                                                                          \
  } while (0)

#define CHECK_STATUS(expr, expected)                                                     \
  do {                                                                                   \
    ly_status got_ = (expr);                                                             \
    ++g_checks;                                                                          \
    if (got_ != (expected)) {                                                            \
      fprintf(stderr, "%s:%d: %s returned %s, expected %s\n", __FILE__, __LINE__, #expr, \
              ly_status_name(got_), ly_status_name(expected));                           \
      exit(1);                                                                           \
    }                                                                                    \
  } while (0)

static const char kNegative[] = "对不起，您不能退货。";
static const char kPolite[] = "不好意思，让您久等了。";
/* kNegative in GBK (iconv -f utf-8 -t gbk). */
static const char kNegativeGbk[] =
    "\xb6\xd4\xb2\xbb\xc6\xf0\xa3\xac\xc4\xfa\xb2\xbb\xc4\xdc\xcd\xcb\xbb\xf5\xa1\xa3";
static const char kCannotGbk[] = "\xb2\xbb\xc4\xdc"; /* 不能 */

/* A user pack that adds one rule; the phrase is not in the default pack's vocabulary. */
static const char kUserPack[] =
    "pack: c-api-test\n"
    "version: 0.0.1\n"
    "format: 1\n"
    "rules:\n"
    "  - id: TEST-ZHIMA\n"
    "    category: rude\n"
    "    severity: 2\n"
    "    weight: 5\n"
    "    cite: c_api_test\n"
    "    message: test rule\n"
    "    when: '\"芝麻开门\"'\n";

/* Does haystack[0, n) contain needle? */
static int Contains(const char* haystack, size_t n, const char* needle) {
  size_t m = strlen(needle);
  size_t i;
  if (m > n) return 0;
  for (i = 0; i + m <= n; ++i) {
    if (memcmp(haystack + i, needle, m) == 0) return 1;
  }
  return 0;
}

/* Code points in UTF-8 text[0, n): every byte that is not a continuation byte starts one. */
static long CountCodePoints(const char* text, size_t n) {
  long count = 0;
  size_t i;
  for (i = 0; i < n; ++i) count += ((unsigned char)text[i] & 0xC0) != 0x80;
  return count;
}

static int HasFinding(const ly_result* result, const char* category, const char* rule) {
  size_t n = ly_result_count(result, LY_ITEM_FINDING);
  size_t i;
  for (i = 0; i < n; ++i) {
    const char* c = ly_result_get_str(result, LY_ITEM_FINDING, i, LY_FIELD_CATEGORY, NULL);
    const char* r = ly_result_get_str(result, LY_ITEM_FINDING, i, LY_FIELD_RULE_ID, NULL);
    if (category != NULL && c != NULL && strcmp(c, category) == 0) return 1;
    if (rule != NULL && r != NULL && strcmp(r, rule) == 0) return 1;
  }
  return 0;
}

static ly_result* Check(const ly_engine* engine, const char* text, const ly_context* context) {
  ly_result* result = NULL;
  CHECK_STATUS(ly_check(engine, text, strlen(text), context, &result), LY_OK);
  CHECK(result != NULL);
  CHECK(ly_result_count(result, LY_ITEM_SUMMARY) == 1);
  return result;
}

static void TestStatusAndVersion(void) {
  static const ly_status kAll[] = {LY_OK,
                                   LY_E_INVALID_ARGUMENT,
                                   LY_E_INVALID_UTF8,
                                   LY_E_INPUT_TOO_LARGE,
                                   LY_E_ENCODING,
                                   LY_E_PACK_SYNTAX,
                                   LY_E_PACK_INVALID,
                                   LY_E_PACK_VERSION,
                                   LY_E_PATTERN,
                                   LY_E_LIMIT,
                                   LY_E_OUT_OF_MEMORY,
                                   LY_E_NOT_FOUND,
                                   LY_E_IO,
                                   LY_E_INTERNAL};
  const size_t n = sizeof kAll / sizeof kAll[0];
  size_t i, j;
  char expected[32];
  for (i = 0; i < n; ++i) {
    CHECK(ly_status_name(kAll[i]) != NULL);
    CHECK(ly_status_name(kAll[i])[0] != '\0');
    for (j = 0; j < i; ++j) CHECK(strcmp(ly_status_name(kAll[i]), ly_status_name(kAll[j])) != 0);
  }
  CHECK(strcmp(ly_status_name(LY_OK), "LY_OK") == 0);
  CHECK(strcmp(ly_status_name(LY_E_INVALID_UTF8), "LY_E_INVALID_UTF8") == 0);
  CHECK(ly_status_name((ly_status)12345) != NULL); /* "never NULL", even for unknown codes */

  CHECK(ly_version_number() == LY_VERSION_NUMBER);
  sprintf(expected, "%d.%d.%d", LY_VERSION_MAJOR, LY_VERSION_MINOR, LY_VERSION_PATCH);
  CHECK(ly_version_string() != NULL);
  CHECK(strcmp(ly_version_string(), expected) == 0);
}

static void TestFreeAcceptsNull(void) {
  ly_free(NULL);
  ly_options_free(NULL);
  ly_engine_free(NULL);
  ly_context_free(NULL);
  ly_result_free(NULL);
  CHECK(1);
}

static void TestOptions(void) {
  ly_options* options = ly_options_create();
  CHECK(options != NULL);
  CHECK_STATUS(ly_options_set(NULL, LY_OPT_MAX_INPUT_BYTES, 100), LY_E_INVALID_ARGUMENT);
  CHECK_STATUS(ly_options_set(options, (ly_option)999, 1), LY_E_INVALID_ARGUMENT);
  CHECK_STATUS(ly_options_set(options, LY_OPT_MAX_INPUT_BYTES, 0), LY_E_INVALID_ARGUMENT);
  CHECK_STATUS(ly_options_set(options, LY_OPT_MAX_INPUT_BYTES, ((int64_t)1 << 30) + 1),
               LY_E_INVALID_ARGUMENT);
  CHECK_STATUS(ly_options_set(options, LY_OPT_INVALID_UTF8, 7), LY_E_INVALID_ARGUMENT);
  CHECK_STATUS(ly_options_set(options, LY_OPT_MAX_REWRITES, 17), LY_E_INVALID_ARGUMENT);
  CHECK_STATUS(ly_options_set(options, LY_OPT_MAX_INPUT_BYTES, 4096), LY_OK);
  CHECK_STATUS(ly_options_set(options, LY_OPT_MAX_REWRITES, 2), LY_OK);
  CHECK_STATUS(ly_options_add_pack(NULL, "x", 1, NULL), LY_E_INVALID_ARGUMENT);
  CHECK_STATUS(ly_options_add_pack(options, NULL, 5, NULL), LY_E_INVALID_ARGUMENT);
  CHECK_STATUS(ly_options_add_pack_file(options, "/nonexistent/liangyan/pack.yaml"), LY_E_IO);
  ly_options_free(options);
}

static void TestEngine(const ly_engine* engine) {
  const char* id = ly_engine_info(engine, LY_INFO_PACK_ID);
  const char* rules = ly_engine_info(engine, LY_INFO_RULE_COUNT);
  CHECK(id != NULL && id[0] != '\0');
  CHECK(ly_engine_info(engine, LY_INFO_PACK_VERSION) != NULL);
  CHECK(rules != NULL && atoi(rules) > 0);
  CHECK(ly_engine_info(engine, LY_INFO_PACKS) != NULL);
  CHECK(strstr(ly_engine_info(engine, LY_INFO_PACKS), id) != NULL);
  CHECK(ly_engine_info(NULL, LY_INFO_PACK_ID) == NULL);
  CHECK(ly_engine_info(engine, (ly_info)999) == NULL);
  CHECK_STATUS(ly_engine_create(NULL, NULL, NULL), LY_E_INVALID_ARGUMENT);
}

static void TestNegative(const ly_engine* engine) {
  const size_t len = strlen(kNegative);
  ly_result* result = Check(engine, kNegative, NULL);
  size_t n = ly_result_count(result, LY_ITEM_FINDING);
  size_t i, str_len = 0;
  int found = 0;
  const char* rewrite;
  int64_t score = ly_result_get_int(result, LY_ITEM_SUMMARY, 0, LY_FIELD_SCORE);
  char* json = NULL;
  size_t json_len = 0;

  CHECK(n >= 1);
  for (i = 0; i < n; ++i) {
    const char* category = ly_result_get_str(result, LY_ITEM_FINDING, i, LY_FIELD_CATEGORY, NULL);
    const char* rule = ly_result_get_str(result, LY_ITEM_FINDING, i, LY_FIELD_RULE_ID, &str_len);
    int64_t begin = ly_result_get_int(result, LY_ITEM_FINDING, i, LY_FIELD_BEGIN);
    int64_t end = ly_result_get_int(result, LY_ITEM_FINDING, i, LY_FIELD_END);
    int64_t severity = ly_result_get_int(result, LY_ITEM_FINDING, i, LY_FIELD_SEVERITY);
    CHECK(rule != NULL && str_len == strlen(rule) && str_len > 0);
    CHECK(category != NULL);
    CHECK(ly_result_get_str(result, LY_ITEM_FINDING, i, LY_FIELD_MESSAGE, NULL) != NULL);
    CHECK(ly_result_get_str(result, LY_ITEM_FINDING, i, LY_FIELD_CITATION, NULL) != NULL);
    CHECK(ly_result_get_str(result, LY_ITEM_FINDING, i, LY_FIELD_REPLACEMENT, NULL) != NULL);
    CHECK(severity >= 1 && severity <= 4);
    CHECK(ly_result_get_int(result, LY_ITEM_FINDING, i, LY_FIELD_WEIGHT) >= 0);
    CHECK(0 <= begin && begin < end && end <= (int64_t)len);
    /* Code-point offsets describe the same span as the byte offsets. */
    CHECK(ly_result_get_int(result, LY_ITEM_FINDING, i, LY_FIELD_BEGIN_CP) ==
          CountCodePoints(kNegative, (size_t)begin));
    CHECK(ly_result_get_int(result, LY_ITEM_FINDING, i, LY_FIELD_END_CP) ==
          CountCodePoints(kNegative, (size_t)end));
    if (strcmp(category, "negative") == 0) {
      found = 1;
      CHECK(Contains(kNegative + begin, (size_t)(end - begin), "不能"));
    }
  }
  CHECK(found);
  CHECK(score >= 0 && score < 100);

  CHECK(ly_result_count(result, LY_ITEM_REWRITE) >= 1);
  rewrite = ly_result_get_str(result, LY_ITEM_REWRITE, 0, LY_FIELD_TEXT, &str_len);
  CHECK(rewrite != NULL && str_len == strlen(rewrite));
  CHECK(strcmp(rewrite, kNegative) != 0);
  CHECK(ly_result_get_int(result, LY_ITEM_REWRITE, 0, LY_FIELD_SCORE) >= score);
  CHECK(ly_result_get_int(result, LY_ITEM_REWRITE, 0, LY_FIELD_FIXES) >= 1);
  CHECK(strcmp(ly_result_get_str(result, LY_ITEM_SUMMARY, 0, LY_FIELD_SCRIPT, NULL),
               "simplified") == 0);
  CHECK(ly_result_get_int(result, LY_ITEM_SUMMARY, 0, LY_FIELD_REPLACED_INVALID) == 0);
  for (i = 0; i < ly_result_count(result, LY_ITEM_EDIT); ++i) {
    int64_t begin = ly_result_get_int(result, LY_ITEM_EDIT, i, LY_FIELD_BEGIN);
    int64_t end = ly_result_get_int(result, LY_ITEM_EDIT, i, LY_FIELD_END);
    CHECK(0 <= begin && begin <= end && end <= (int64_t)len);
    CHECK(ly_result_get_str(result, LY_ITEM_EDIT, i, LY_FIELD_TEXT, NULL) != NULL);
  }

  /* Lookups that do not exist: NULL and -1, never a crash. */
  CHECK(ly_result_get_str(result, LY_ITEM_FINDING, n, LY_FIELD_RULE_ID, NULL) == NULL);
  CHECK(ly_result_get_int(result, LY_ITEM_FINDING, n, LY_FIELD_BEGIN) == -1);
  CHECK(ly_result_get_str(result, LY_ITEM_FINDING, 0, LY_FIELD_BEGIN, NULL) == NULL);
  CHECK(ly_result_get_int(result, LY_ITEM_SUMMARY, 0, LY_FIELD_RULE_ID) == -1);
  CHECK(ly_result_count(NULL, LY_ITEM_FINDING) == 0);
  CHECK(ly_result_get_str(NULL, LY_ITEM_SUMMARY, 0, LY_FIELD_TEXT, NULL) == NULL);
  CHECK(ly_result_get_int(NULL, LY_ITEM_SUMMARY, 0, LY_FIELD_SCORE) == -1);

  CHECK_STATUS(ly_result_to_json(result, &json, &json_len), LY_OK);
  CHECK(json != NULL && json[0] == '{');
  CHECK(json_len == strlen(json));
  CHECK(strstr(json, "negative") != NULL);
  ly_free(json);
  json = NULL;
  CHECK_STATUS(ly_result_to_json(result, &json, NULL), LY_OK);
  CHECK(json != NULL && json[0] == '{');
  ly_free(json);
  CHECK_STATUS(ly_result_to_json(NULL, &json, NULL), LY_E_INVALID_ARGUMENT);
  ly_result_free(result);
}

static void TestPolite(const ly_engine* engine) {
  ly_result* result = Check(engine, kPolite, NULL);
  CHECK(!HasFinding(result, "negative", NULL));
  ly_result_free(result);
}

static void TestArguments(const ly_engine* engine) {
  ly_result* result = (ly_result*)&result; /* must be overwritten with NULL on failure */
  CHECK_STATUS(ly_check(engine, NULL, 0, NULL, &result), LY_OK);
  CHECK(result != NULL);
  CHECK(ly_result_count(result, LY_ITEM_FINDING) == 0);
  CHECK(ly_result_get_int(result, LY_ITEM_SUMMARY, 0, LY_FIELD_SCORE) == 100);
  ly_result_free(result);
  result = NULL;
  CHECK_STATUS(ly_check(engine, NULL, 3, NULL, &result), LY_E_INVALID_ARGUMENT);
  CHECK(result == NULL);
  CHECK_STATUS(ly_check(NULL, "x", 1, NULL, &result), LY_E_INVALID_ARGUMENT);
  CHECK_STATUS(ly_check(engine, "x", 1, NULL, NULL), LY_E_INVALID_ARGUMENT);
}

static void TestInvalidUtf8(const ly_engine* engine) {
  static const char kBroken[] = "对不起\xff\xfe您不能退货。";
  ly_options* options = ly_options_create();
  ly_engine* replacing = NULL;
  ly_result* result = (ly_result*)&result;
  const char* text;

  CHECK_STATUS(ly_check(engine, "\xff\xfe", 2, NULL, &result), LY_E_INVALID_UTF8);
  CHECK(result == NULL);

  CHECK_STATUS(ly_options_set(options, LY_OPT_INVALID_UTF8, LY_INVALID_UTF8_REPLACE), LY_OK);
  CHECK_STATUS(ly_engine_create(options, &replacing, NULL), LY_OK);
  ly_options_free(options); /* the engine must not depend on it */
  CHECK_STATUS(ly_check(replacing, "\xff\xfe", 2, NULL, &result), LY_OK);
  CHECK(ly_result_get_int(result, LY_ITEM_SUMMARY, 0, LY_FIELD_REPLACED_INVALID) >= 1);
  ly_result_free(result);

  CHECK_STATUS(ly_check(replacing, kBroken, strlen(kBroken), NULL, &result), LY_OK);
  CHECK(ly_result_get_int(result, LY_ITEM_SUMMARY, 0, LY_FIELD_REPLACED_INVALID) >= 1);
  text = ly_result_get_str(result, LY_ITEM_SUMMARY, 0, LY_FIELD_TEXT, NULL);
  CHECK(text != NULL && strstr(text, "\xEF\xBF\xBD") != NULL);
  CHECK(HasFinding(result, "negative", NULL));
  ly_result_free(result);
  ly_engine_free(replacing);
}

static void TestInputLimit(void) {
  ly_options* options = ly_options_create();
  ly_engine* engine = NULL;
  ly_result* result = (ly_result*)&result;
  CHECK_STATUS(ly_options_set(options, LY_OPT_MAX_INPUT_BYTES, 16), LY_OK);
  CHECK_STATUS(ly_engine_create(options, &engine, NULL), LY_OK);
  CHECK_STATUS(ly_check(engine, kNegative, strlen(kNegative), NULL, &result), LY_E_INPUT_TOO_LARGE);
  CHECK(result == NULL);
  CHECK_STATUS(ly_check(engine, "abcdefghijklmnop", 16, NULL, &result), LY_OK);
  ly_result_free(result);
  ly_engine_free(engine);
  ly_options_free(options);
}

static void TestPacks(void) {
  ly_options* options = ly_options_create();
  ly_engine* engine = (ly_engine*)&engine;
  ly_result* result = NULL;
  char* error = NULL;
  const char* path = "c_api_test_pack.yaml";
  FILE* file;

  /* A broken pack fails at engine build, with a located message. */
  CHECK_STATUS(ly_options_add_pack(options, "rules: [", 8, "broken.yaml"), LY_OK);
  CHECK_STATUS(ly_engine_create(options, &engine, &error), LY_E_PACK_SYNTAX);
  CHECK(engine == NULL);
  CHECK(error != NULL && strchr(error, ':') != NULL);
  CHECK(strstr(error, "broken.yaml") != NULL);
  ly_free(error);
  ly_options_free(options);

  /* A user pack from memory adds its rule on top of the default pack. */
  options = ly_options_create();
  CHECK_STATUS(ly_options_add_pack(options, kUserPack, strlen(kUserPack), "user.yaml"), LY_OK);
  CHECK_STATUS(ly_engine_create(options, &engine, NULL), LY_OK);
  CHECK(strstr(ly_engine_info(engine, LY_INFO_PACKS), "c-api-test@0.0.1") != NULL);
  result = Check(engine, "你就说芝麻开门吧。", NULL);
  CHECK(HasFinding(result, NULL, "TEST-ZHIMA"));
  ly_result_free(result);
  result = Check(engine, kNegative, NULL);
  CHECK(HasFinding(result, "negative", NULL));
  ly_result_free(result);
  ly_engine_free(engine);
  ly_options_free(options);

  /* The same pack from a file, alone. */
  file = fopen(path, "wb");
  CHECK(file != NULL);
  CHECK(fwrite(kUserPack, 1, strlen(kUserPack), file) == strlen(kUserPack));
  CHECK(fclose(file) == 0);
  options = ly_options_create();
  CHECK_STATUS(ly_options_set(options, LY_OPT_USE_DEFAULT_PACK, 0), LY_OK);
  CHECK_STATUS(ly_options_add_pack_file(options, path), LY_OK);
  remove(path); /* the file was read when it was added */
  CHECK_STATUS(ly_engine_create(options, &engine, NULL), LY_OK);
  result = Check(engine, "芝麻开门", NULL);
  CHECK(HasFinding(result, NULL, "TEST-ZHIMA"));
  ly_result_free(result);
  result = Check(engine, kNegative, NULL);
  CHECK(!HasFinding(result, "negative", NULL));
  ly_result_free(result);
  ly_engine_free(engine);
  ly_options_free(options);
}

static void TestContext(const ly_engine* engine) {
  static const char kValue[] = "为您换一件同款";
  ly_context* context = ly_context_create();
  ly_result* plain = Check(engine, kNegative, NULL);
  ly_result* filled;
  size_t slots = ly_result_count(plain, LY_ITEM_SLOT);
  size_t i;

  CHECK(context != NULL);
  CHECK_STATUS(ly_context_set(NULL, "reason", 6, "x", 1), LY_E_INVALID_ARGUMENT);
  CHECK_STATUS(ly_context_set(context, "reason", 6, "\xff", 1), LY_E_INVALID_UTF8);
  CHECK_STATUS(ly_context_set(context, "reason", 6, "库存不足", strlen("库存不足")), LY_OK);
  CHECK_STATUS(ly_context_set(context, "reason", 6, "系统升级", strlen("系统升级")), LY_OK);

  /* Filling every slot the plain rewrite asked for puts the values into the rewrite. */
  for (i = 0; i < slots; ++i) {
    size_t name_len = 0;
    const char* name = ly_result_get_str(plain, LY_ITEM_SLOT, i, LY_FIELD_NAME, &name_len);
    CHECK(name != NULL && name_len > 0);
    CHECK(ly_result_get_str(plain, LY_ITEM_SLOT, i, LY_FIELD_TEXT, NULL) != NULL);
    CHECK_STATUS(ly_context_set(context, name, name_len, kValue, strlen(kValue)), LY_OK);
  }
  filled = Check(engine, kNegative, context);
  if (slots > 0) {
    const char* rewrite = ly_result_get_str(filled, LY_ITEM_REWRITE, 0, LY_FIELD_TEXT, NULL);
    CHECK(ly_result_count(filled, LY_ITEM_SLOT) == 0);
    CHECK(rewrite != NULL && strstr(rewrite, kValue) != NULL);
  } else {
    fprintf(stderr, "c_api_test: note: the rewrite of %s has no slots to fill\n", kNegative);
  }
  ly_result_free(filled);
  ly_result_free(plain);
  ly_context_free(context);
}

static void TestSlotLimit(void) {
  ly_options* options = ly_options_create();
  ly_engine* engine = NULL;
  ly_context* context = ly_context_create();
  ly_result* result = (ly_result*)&result;
  CHECK_STATUS(ly_options_set(options, LY_OPT_MAX_SLOTS, 1), LY_OK);
  CHECK_STATUS(ly_engine_create(options, &engine, NULL), LY_OK);
  CHECK_STATUS(ly_context_set(context, "reason", 6, "a", 1), LY_OK);
  CHECK_STATUS(ly_context_set(context, "alternative", 11, "b", 1), LY_OK);
  CHECK_STATUS(ly_check(engine, kNegative, strlen(kNegative), context, &result), LY_E_LIMIT);
  CHECK(result == NULL);
  ly_context_free(context);
  ly_engine_free(engine);
  ly_options_free(options);
}

static void TestEncoded(const ly_engine* engine) {
  const size_t len = strlen(kNegativeGbk);
  ly_result* utf8 = Check(engine, kNegative, NULL);
  ly_result* gbk = (ly_result*)&gbk;
  char* error = NULL;
  size_t n, i;

  CHECK_STATUS(ly_check_encoded(engine, "GBK", kNegativeGbk, len, NULL, &gbk, &error), LY_OK);
  CHECK(gbk != NULL && error == NULL);
  n = ly_result_count(gbk, LY_ITEM_FINDING);
  CHECK(n == ly_result_count(utf8, LY_ITEM_FINDING));
  for (i = 0; i < n; ++i) {
    const char* category = ly_result_get_str(gbk, LY_ITEM_FINDING, i, LY_FIELD_CATEGORY, NULL);
    int64_t begin = ly_result_get_int(gbk, LY_ITEM_FINDING, i, LY_FIELD_BEGIN);
    int64_t end = ly_result_get_int(gbk, LY_ITEM_FINDING, i, LY_FIELD_END);
    CHECK(strcmp(category, ly_result_get_str(utf8, LY_ITEM_FINDING, i, LY_FIELD_CATEGORY, NULL)) ==
          0);
    /* Every character here is two bytes in GBK: offsets land on character boundaries. */
    CHECK(0 <= begin && begin < end && end <= (int64_t)len);
    CHECK(begin % 2 == 0 && end % 2 == 0);
    CHECK(ly_result_get_int(gbk, LY_ITEM_FINDING, i, LY_FIELD_BEGIN_CP) ==
          ly_result_get_int(utf8, LY_ITEM_FINDING, i, LY_FIELD_BEGIN_CP));
    CHECK(ly_result_get_int(gbk, LY_ITEM_FINDING, i, LY_FIELD_END_CP) ==
          ly_result_get_int(utf8, LY_ITEM_FINDING, i, LY_FIELD_END_CP));
    if (strcmp(category, "negative") == 0) {
      CHECK(Contains(kNegativeGbk + begin, (size_t)(end - begin), kCannotGbk));
    }
  }
  CHECK(HasFinding(gbk, "negative", NULL));
  ly_result_free(gbk);
  ly_result_free(utf8);

  gbk = (ly_result*)&gbk;
  CHECK_STATUS(ly_check_encoded(engine, "X-NO-SUCH-CHARSET", kNegativeGbk, len, NULL, &gbk, &error),
               LY_E_ENCODING);
  CHECK(gbk == NULL);
  ly_free(error);
  error = NULL;
  /* A lone lead byte does not decode; nothing is skipped silently. */
  CHECK_STATUS(ly_check_encoded(engine, "GBK", "\xc4", 1, NULL, &gbk, &error), LY_E_ENCODING);
  CHECK(gbk == NULL);
  ly_free(error);
  /* out_error may be NULL. */
  CHECK_STATUS(ly_check_encoded(engine, "X-NO-SUCH-CHARSET", "a", 1, NULL, &gbk, NULL),
               LY_E_ENCODING);
}

/* A result copies what it exposes, so it stays readable after its engine is gone. */
static void TestResultOutlivesEngine(void) {
  ly_engine* engine = NULL;
  ly_result* result;
  char* json = NULL;
  CHECK_STATUS(ly_engine_create(NULL, &engine, NULL), LY_OK);
  result = Check(engine, kNegative, NULL);
  ly_engine_free(engine);
  CHECK(HasFinding(result, "negative", NULL));
  CHECK_STATUS(ly_result_to_json(result, &json, NULL), LY_OK);
  ly_free(json);
  ly_result_free(result);
}

/* Dialogue coaching and the pack self-test, added after the first API version. */
static void TestCoachAndExamples(ly_engine* engine) {
  static const char kDialogue[] =
      "{\"turns\": [{\"role\": \"customer\", \"text\": \"\u6211\u8981\u9000\u8d27\"},"
      " {\"role\": \"agent\", \"text\": \"\u5bf9\u4e0d\u8d77\uff0c\u60a8\u4e0d\u80fd"
      "\u9000\u8d27\u3002\"}]}";
  ly_report* report = NULL;
  char* error = NULL;
  char* text = NULL;
  size_t len = 0;
  int64_t failed = -1;
  CHECK_STATUS(ly_coach(engine, kDialogue, strlen(kDialogue), NULL, &report, &error), LY_OK);
  CHECK(report != NULL && error == NULL);
  CHECK(ly_report_get_int(report, LY_REPORT_TURN_COUNT) == 2);
  CHECK(ly_report_get_int(report, LY_REPORT_SCORE) >= 0 &&
        ly_report_get_int(report, LY_REPORT_SCORE) <= 100);
  CHECK(ly_report_get_int(report, LY_REPORT_ITEM_COUNT) > 0);
  CHECK(ly_report_turn(report, 0) == NULL); /* customer turn */
  CHECK(ly_report_turn(report, 1) != NULL);
  CHECK(ly_result_count(ly_report_turn(report, 1), LY_ITEM_FINDING) >= 1);
  CHECK(ly_report_turn(report, 2) == NULL);
  CHECK_STATUS(ly_report_to_json(report, &text, &len), LY_OK);
  CHECK(text != NULL && text[0] == '{' && len == strlen(text));
  ly_free(text);
  CHECK_STATUS(ly_report_to_html(report, &text, &len), LY_OK);
  CHECK(text != NULL && strstr(text, "<html") != NULL);
  ly_free(text);
  ly_report_free(report);
  ly_report_free(NULL);
  CHECK(ly_report_get_int(NULL, LY_REPORT_SCORE) == -1);

  report = NULL;
  {
    static const char kNoTurns[] = "{\"turns\": 3}";
    CHECK_STATUS(ly_coach(engine, kNoTurns, strlen(kNoTurns), NULL, &report, &error),
                 LY_E_INVALID_ARGUMENT);
  }
  CHECK(report == NULL && error != NULL);
  ly_free(error);

  CHECK_STATUS(ly_engine_run_examples(engine, NULL, &text, &failed), LY_OK);
  CHECK(text != NULL && strstr(text, "\"passed\":") != NULL);
  CHECK(failed == 0);
  ly_free(text);
  CHECK_STATUS(ly_engine_run_examples(NULL, NULL, &text, NULL), LY_E_INVALID_ARGUMENT);
}

int main(void) {
  ly_engine* engine = NULL;
  char* error = NULL;

  TestStatusAndVersion();
  TestFreeAcceptsNull();
  TestOptions();

  CHECK_STATUS(ly_engine_create(NULL, &engine, &error), LY_OK);
  CHECK(engine != NULL && error == NULL);
  TestEngine(engine);
  TestNegative(engine);
  TestPolite(engine);
  TestArguments(engine);
  TestInvalidUtf8(engine);
  TestInputLimit();
  TestPacks();
  TestContext(engine);
  TestSlotLimit();
  TestEncoded(engine);
  TestCoachAndExamples(engine);
  ly_engine_free(engine);
  TestResultOutlivesEngine();

  printf("c_api_test: %d checks passed\n", g_checks);
  return 0;
}
