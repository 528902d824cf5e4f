// Pieces of the HTML report that are worth testing on their own.
#ifndef LIANGYAN_DIALOGUE_REPORT_HTML_H_
#define LIANGYAN_DIALOGUE_REPORT_HTML_H_

#include <string>
#include <string_view>

namespace liangyan::dialogue {

// Appends `s` escaped for HTML text and for quoted attribute values: & < > " ' become
// entities.  Every byte that is not one of those five is copied unchanged, so valid UTF-8 stays
// valid and byte offsets computed on the raw text still delimit whole characters.
void AppendHtmlEscaped(std::string_view s, std::string* out);

}  // namespace liangyan::dialogue

#endif  // LIANGYAN_DIALOGUE_REPORT_HTML_H_
