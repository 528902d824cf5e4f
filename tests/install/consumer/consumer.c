/* A host of the installed library, in C99.  tests/install builds it against an installed prefix
 * through the CMake package and through pkg-config, shared and static; it fails unless the
 * embedded default pack flags the negative wording of the sentence below. */
#include <liangyan/liangyan.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  /* A header from one release and a library from another would pass the check below by luck
   * or not at all; name the mismatch instead. */
  if (ly_version_number() != LY_VERSION_NUMBER) {
    fprintf(stderr, "consumer-c: header %d, library %u\n", LY_VERSION_NUMBER,
            (unsigned)ly_version_number());
    return 1;
  }
  ly_engine* engine = NULL;
  char* error = NULL;
  if (ly_engine_create(NULL, &engine, &error) != LY_OK) {
    fprintf(stderr, "consumer-c: engine: %s\n", error ? error : "(no message)");
    ly_free(error);
    return 1;
  }
  const char* text = "对不起，您不能退货。";
  ly_result* result = NULL;
  ly_status status = ly_check(engine, text, strlen(text), NULL, &result);
  if (status != LY_OK) {
    fprintf(stderr, "consumer-c: ly_check: %s\n", ly_status_name(status));
    ly_engine_free(engine);
    return 1;
  }
  int negative = 0;
  size_t n = ly_result_count(result, LY_ITEM_FINDING);
  for (size_t i = 0; i < n; ++i) {
    const char* category = ly_result_get_str(result, LY_ITEM_FINDING, i, LY_FIELD_CATEGORY, NULL);
    int64_t begin = ly_result_get_int(result, LY_ITEM_FINDING, i, LY_FIELD_BEGIN);
    int64_t end = ly_result_get_int(result, LY_ITEM_FINDING, i, LY_FIELD_END);
    if (category != NULL && strcmp(category, "negative") == 0 && 0 <= begin && begin < end &&
        end <= (int64_t)strlen(text)) {
      printf("consumer-c: %s negative [%d, %d) \"%.*s\"\n",
             ly_result_get_str(result, LY_ITEM_FINDING, i, LY_FIELD_RULE_ID, NULL), (int)begin,
             (int)end, (int)(end - begin), text + begin);
      negative = 1;
    }
  }
  printf("consumer-c: liangyan %s, %u findings, score %d\n", ly_version_string(), (unsigned)n,
         (int)ly_result_get_int(result, LY_ITEM_SUMMARY, 0, LY_FIELD_SCORE));
  ly_result_free(result);
  ly_engine_free(engine);
  if (!negative) fprintf(stderr, "consumer-c: no finding of category negative\n");
  return negative ? 0 : 1;
}
