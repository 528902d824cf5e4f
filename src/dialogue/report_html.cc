// Placeholder replaced by the HTML report renderer.
#include "dialogue/dialogue.h"

namespace liangyan::dialogue {

std::string ReportToHtml(const Report& report) {
  return "<!doctype html><meta charset=utf-8><pre>" + ReportToJson(report) + "</pre>";
}

}  // namespace liangyan::dialogue
