/* "A program built against this version's header runs against the library unchanged."
 *
 * Compiled twice (tests/hardening/CMakeLists.txt):
 *   - against the live header, with LY_ABI_TEST_SAME_VERSION: the runtime library must report
 *     exactly the header's version;
 *   - against the frozen copy in abi/v0.1.0/: a program built for 0.1.0 must keep running
 *     against any later library of the same ABI generation (LY_ABI_VERSION, the SONAME).
 * Both then drive the whole single-utterance API the way a host would, through the
 * declarations and enum values of the header they were compiled with. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liangyan/liangyan.h"

#define REQUIRE(cond)                                                              \
  do {                                                                             \
    if (!(cond)) {                                                                 \
      fprintf(stderr, "%s:%d: ABI check failed: %s\n", __FILE__, __LINE__, #cond); \
      exit(1);                                                                     \
    }                                                                              \
  } while (0)

static void CheckVersion(void) {
  const unsigned long runtime = (unsigned long)ly_version_number();
  char expected[32];
  REQUIRE(ly_version_string() != NULL);
#if defined(LY_ABI_TEST_SAME_VERSION)
  REQUIRE(runtime == (unsigned long)LY_VERSION_NUMBER);
  snprintf(expected, sizeof expected, "%d.%d.%d", LY_VERSION_MAJOR, LY_VERSION_MINOR,
           LY_VERSION_PATCH);
  REQUIRE(strcmp(ly_version_string(), expected) == 0);
#else
  /* Older header, newer library: same major (0.x keeps one ABI generation), not older. */
  REQUIRE(runtime / 10000 == (unsigned long)LY_VERSION_MAJOR);
  REQUIRE(runtime >= (unsigned long)LY_VERSION_NUMBER);
  snprintf(expected, sizeof expected, "%lu.%lu.%lu", runtime / 10000, runtime / 100 % 100,
           runtime % 100);
  REQUIRE(strcmp(ly_version_string(), expected) == 0);
#endif
}

static void DriveTheApi(void) {
  static const char kText[] = "对不起，您不能退货。";
  static const char kGbk[] =
      "\xb6\xd4\xb2\xbb\xc6\xf0\xa3\xac\xc4\xfa\xb2\xbb\xc4\xdc\xcd\xcb\xbb\xf5\xa1\xa3";
  static const char kPack[] =
      "pack: abi\nversion: 1\nformat: 1\nrules:\n  - id: ABI-RULE\n    category: rude\n"
      "    message: m\n    when: '\"芝麻\"'\n    rewrite: {replace: '{reason}'}\n";
  ly_options* options = ly_options_create();
  ly_engine* engine = NULL;
  ly_context* context = ly_context_create();
  ly_result* result = NULL;
  char* error = NULL;
  char* json = NULL;
  size_t len = 0;
  size_t i;
  REQUIRE(options != NULL && context != NULL);
  REQUIRE(ly_options_set(options, LY_OPT_MAX_INPUT_BYTES, 4096) == LY_OK);
  REQUIRE(ly_options_set(options, LY_OPT_INVALID_UTF8, LY_INVALID_UTF8_REPLACE) == LY_OK);
  REQUIRE(ly_options_set(options, LY_OPT_MAX_REWRITES, 2) == LY_OK);
  REQUIRE(ly_options_add_pack(options, kPack, strlen(kPack), "abi.yaml") == LY_OK);
  REQUIRE(ly_engine_create(options, &engine, &error) == LY_OK);
  REQUIRE(error == NULL);
  ly_options_free(options);
  REQUIRE(ly_engine_info(engine, LY_INFO_PACK_ID) != NULL);
  REQUIRE(strstr(ly_engine_info(engine, LY_INFO_PACKS), "abi@1") != NULL);
  REQUIRE(ly_context_set(context, "reason", 6, "x", 1) == LY_OK);

  REQUIRE(ly_check(engine, kText, strlen(kText), context, &result) == LY_OK);
  REQUIRE(ly_result_count(result, LY_ITEM_SUMMARY) == 1);
  REQUIRE(ly_result_get_int(result, LY_ITEM_SUMMARY, 0, LY_FIELD_SCORE) < 100);
  REQUIRE(ly_result_count(result, LY_ITEM_FINDING) > 0);
  for (i = 0; i < ly_result_count(result, LY_ITEM_FINDING); ++i) {
    REQUIRE(ly_result_get_str(result, LY_ITEM_FINDING, i, LY_FIELD_RULE_ID, &len) != NULL);
    REQUIRE(len > 0);
    REQUIRE(ly_result_get_int(result, LY_ITEM_FINDING, i, LY_FIELD_END) <= (int64_t)strlen(kText));
  }
  REQUIRE(ly_result_to_json(result, &json, &len) == LY_OK && json != NULL && strlen(json) == len);
  ly_free(json);
  ly_result_free(result);

  REQUIRE(ly_check(engine, "\xff芝麻", 7, context, &result) == LY_OK);
  REQUIRE(ly_result_get_int(result, LY_ITEM_SUMMARY, 0, LY_FIELD_REPLACED_INVALID) == 1);
  REQUIRE(ly_result_count(result, LY_ITEM_REWRITE) >= 1);
  ly_result_free(result);

  REQUIRE(ly_check_encoded(engine, "GBK", kGbk, strlen(kGbk), NULL, &result, &error) == LY_OK);
  REQUIRE(ly_result_count(result, LY_ITEM_FINDING) > 0);
  ly_result_free(result);
  REQUIRE(ly_check_encoded(engine, "nope", kGbk, 2, NULL, &result, &error) == LY_E_ENCODING);
  REQUIRE(result == NULL && error != NULL);
  ly_free(error);

  ly_context_free(context);
  ly_engine_free(engine);
}

int main(void) {
  CheckVersion();
  DriveTheApi();
  printf("abi: library %s runs a program built against header %d.%d.%d\n", ly_version_string(),
         LY_VERSION_MAJOR, LY_VERSION_MINOR, LY_VERSION_PATCH);
  return 0;
}
