/* Pins the numeric values of the C ABI: statuses (with their names), options, items, fields
 * and infos.  A program compiled against any earlier header passes these numbers, so they may
 * only ever be appended to.  Also feeds each function values outside its enums, which C allows
 * and a host in another language will do: they must be refused, never undefined.
 *
 * A failure here means an ABI break: restore the old value and append a new one instead. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liangyan/liangyan.h"

static int g_failures = 0;

#define PIN(name, value)                                                                \
  do {                                                                                  \
    if ((long)(name) != (long)(value)) {                                                \
      fprintf(stderr, "ABI break: %s is %ld, was pinned at %ld\n", #name, (long)(name), \
              (long)(value));                                                           \
      ++g_failures;                                                                     \
    }                                                                                   \
  } while (0)

#define EXPECT(cond)                                                      \
  do {                                                                    \
    if (!(cond)) {                                                        \
      fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
      ++g_failures;                                                       \
    }                                                                     \
  } while (0)

/* The status, its pinned value, and the name ly_status_name must give it. */
#define PIN_STATUS(name, value)                                                \
  do {                                                                         \
    PIN(name, value);                                                          \
    if (strcmp(ly_status_name((ly_status)(value)), #name) != 0) {              \
      fprintf(stderr, "ly_status_name(%d) is %s, expected %s\n", (int)(value), \
              ly_status_name((ly_status)(value)), #name);                      \
      ++g_failures;                                                            \
    }                                                                          \
  } while (0)

static void PinStatuses(void) {
  PIN_STATUS(LY_OK, 0);
  PIN_STATUS(LY_E_INVALID_ARGUMENT, 1);
  PIN_STATUS(LY_E_INVALID_UTF8, 2);
  PIN_STATUS(LY_E_INPUT_TOO_LARGE, 3);
  PIN_STATUS(LY_E_ENCODING, 4);
  PIN_STATUS(LY_E_PACK_SYNTAX, 5);
  PIN_STATUS(LY_E_PACK_INVALID, 6);
  PIN_STATUS(LY_E_PACK_VERSION, 7);
  PIN_STATUS(LY_E_PATTERN, 8);
  PIN_STATUS(LY_E_LIMIT, 9);
  PIN_STATUS(LY_E_OUT_OF_MEMORY, 10);
  PIN_STATUS(LY_E_NOT_FOUND, 11);
  PIN_STATUS(LY_E_IO, 12);
  PIN_STATUS(LY_E_INTERNAL, 99);
  {
    /* Values no status has yet: a name that says so, never NULL. */
    const int unknown[] = {-1, 13, 50, 98, 100, 1000000};
    size_t i;
    for (i = 0; i < sizeof unknown / sizeof unknown[0]; ++i) {
      const char* name = ly_status_name((ly_status)unknown[i]);
      EXPECT(name != NULL && strcmp(name, "LY_E_UNKNOWN_STATUS") == 0);
    }
  }
}

static void PinOptionsAndEnums(void) {
  PIN(LY_OPT_MAX_INPUT_BYTES, 1);
  PIN(LY_OPT_INVALID_UTF8, 2);
  PIN(LY_OPT_USE_DEFAULT_PACK, 3);
  PIN(LY_OPT_MAX_REWRITES, 4);
  PIN(LY_OPT_MAX_RULES, 5);
  PIN(LY_OPT_MAX_CONDITION_DEPTH, 6);
  PIN(LY_OPT_REGEX_MAX_MEM, 7);
  PIN(LY_OPT_MAX_PATTERN_BYTES, 8);
  PIN(LY_OPT_MAX_TURNS, 9);
  PIN(LY_OPT_MAX_SLOTS, 10);
  PIN(LY_INVALID_UTF8_REJECT, 0);
  PIN(LY_INVALID_UTF8_REPLACE, 1);

  PIN(LY_INFO_PACK_ID, 1);
  PIN(LY_INFO_PACK_VERSION, 2);
  PIN(LY_INFO_RULE_COUNT, 3);
  PIN(LY_INFO_PACKS, 4);

  PIN(LY_ITEM_SUMMARY, 0);
  PIN(LY_ITEM_FINDING, 1);
  PIN(LY_ITEM_CREDIT, 2);
  PIN(LY_ITEM_REWRITE, 3);
  PIN(LY_ITEM_SLOT, 4);
  PIN(LY_ITEM_EDIT, 5);

  PIN(LY_FIELD_RULE_ID, 1);
  PIN(LY_FIELD_CATEGORY, 2);
  PIN(LY_FIELD_MESSAGE, 3);
  PIN(LY_FIELD_CITATION, 4);
  PIN(LY_FIELD_REPLACEMENT, 5);
  PIN(LY_FIELD_TEXT, 6);
  PIN(LY_FIELD_NAME, 7);
  PIN(LY_FIELD_SCRIPT, 8);
  PIN(LY_FIELD_BEGIN, 20);
  PIN(LY_FIELD_END, 21);
  PIN(LY_FIELD_BEGIN_CP, 22);
  PIN(LY_FIELD_END_CP, 23);
  PIN(LY_FIELD_SEVERITY, 24);
  PIN(LY_FIELD_WEIGHT, 25);
  PIN(LY_FIELD_SCORE, 26);
  PIN(LY_FIELD_REPLACED_INVALID, 27);
  PIN(LY_FIELD_FIXES, 28);

  PIN(LY_VERSION_NUMBER, LY_VERSION_MAJOR * 10000 + LY_VERSION_MINOR * 100 + LY_VERSION_PATCH);
}

/* Every enum-typed parameter, given a value outside its enum. */
static void UnknownValuesAreRefused(void) {
  static const char kText[] = "对不起，您不能退货。";
  const int bad[] = {-1, 0, 11, 29, 99, 1000000};
  ly_options* options = ly_options_create();
  ly_engine* engine = NULL;
  ly_result* result = NULL;
  size_t i;
  EXPECT(options != NULL);
  for (i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    EXPECT(ly_options_set(options, (ly_option)bad[i], 1) == LY_E_INVALID_ARGUMENT);
  }
  EXPECT(ly_engine_create(options, &engine, NULL) == LY_OK);
  ly_options_free(options);
  EXPECT(ly_check(engine, kText, strlen(kText), NULL, &result) == LY_OK);
  for (i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    size_t len = 7;
    if (bad[i] < 0 || bad[i] > LY_ITEM_EDIT) {
      EXPECT(ly_result_count(result, (ly_item)bad[i]) == 0);
      EXPECT(ly_result_get_str(result, (ly_item)bad[i], 0, LY_FIELD_TEXT, &len) == NULL);
      EXPECT(len == 0);
      EXPECT(ly_result_get_int(result, (ly_item)bad[i], 0, LY_FIELD_SCORE) == -1);
    }
    EXPECT(ly_result_get_str(result, LY_ITEM_SUMMARY, 0, (ly_field)bad[i], NULL) == NULL);
    EXPECT(ly_result_get_int(result, LY_ITEM_FINDING, 0, (ly_field)(bad[i] + 1000)) == -1);
    if (bad[i] < LY_INFO_PACK_ID || bad[i] > LY_INFO_PACKS) {
      EXPECT(ly_engine_info(engine, (ly_info)bad[i]) == NULL);
    }
  }
  ly_result_free(result);
  ly_engine_free(engine);
}

int main(void) {
  PinStatuses();
  PinOptionsAndEnums();
  UnknownValuesAreRefused();
  if (g_failures != 0) {
    fprintf(stderr, "status_values: %d failures\n", g_failures);
    return 1;
  }
  printf("status_values: all values pinned\n");
  return 0;
}
