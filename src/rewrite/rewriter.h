// Turns findings into edits of the caller's original text, following each rule's rewrite
// strategy, and applies them.  Text outside the edits stays byte-identical; inserted text
// follows the input's script and punctuation width.
#ifndef LIANGYAN_REWRITE_REWRITER_H_
#define LIANGYAN_REWRITE_REWRITER_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "eval/evaluator.h"

namespace liangyan::rewrite {

using SlotValues = std::map<std::string, std::string, std::less<>>;

struct PlannedEdit {
  uint32_t begin = 0;  // original bytes; begin == end is an insertion
  uint32_t end = 0;
  std::string text;
  int finding = -1;  // index into the findings vector it fixes
};

struct Plan {
  std::vector<PlannedEdit> edits;                                   // sorted, non-overlapping
  std::vector<std::pair<std::string, std::string>> unfilled_slots;  // name, marker
  std::string text;  // the original with the edits applied
};

// Minimal: only the offending spans and the sentence endings change.  Restructured: a rule's
// `clause` strategy replaces the whole clause (what can be done instead of what cannot).
enum class Mode { kMinimal, kRestructured };

// Plans and applies the edits for `findings` (as produced by eval::Evaluate on `original`,
// whose normalisation and structure are in `scratch`).
void BuildRewrite(const rules::CompiledPack& pack, std::string_view original,
                  const eval::Scratch& scratch, const std::vector<eval::RawFinding>& findings,
                  const SlotValues& slots, Mode mode, Plan* plan);

// True if any finding's rule has a clause-level strategy, i.e. the restructured candidate can
// differ from the minimal one.
bool HasRestructuring(const rules::CompiledPack& pack,
                      const std::vector<eval::RawFinding>& findings);

// True if any finding's rule has a rewrite strategy at all: without one, BuildRewrite plans no
// edit.
bool HasStrategy(const rules::CompiledPack& pack, const std::vector<eval::RawFinding>& findings);

// A text rewritten in rounds, kept as pieces of the original and of inserted text, so that
// the final edits are exact spans of the caller's original however many rounds ran.
class EditTrail {
 public:
  EditTrail() = default;
  explicit EditTrail(std::string_view original);
  // Starts again from `original`, keeping the memory of earlier trails.
  void Reset(std::string_view original);
  // Applies edits given against the current text (sorted, non-overlapping).
  void Apply(const std::vector<PlannedEdit>& edits);
  std::string Text() const;
  // Text() into *out, reusing its memory.
  void TextInto(std::string* out) const;
  // The whole change as edits of the original (finding = -1).
  std::vector<PlannedEdit> Edits() const;
  // Maps [begin, end) of the current text back to the original; false when any of it was
  // written by an edit (so it has no original place).
  bool ToOriginal(uint32_t begin, uint32_t end, uint32_t* original_begin,
                  uint32_t* original_end) const;

 private:
  struct Piece {
    bool original = true;  // a range of the original, or of written_
    uint32_t begin = 0;
    uint32_t end = 0;
    size_t size() const { return end - begin; }
  };
  void Slice(uint32_t from, uint32_t to, std::vector<Piece>* out) const;
  std::string_view TextOf(const Piece& piece) const {
    return (piece.original ? original_ : std::string_view(written_))
        .substr(piece.begin, piece.end - piece.begin);
  }

  std::string_view original_;
  std::string written_;  // every text an edit inserted, one after the other
  std::vector<Piece> pieces_, next_;
};

}  // namespace liangyan::rewrite

#endif  // LIANGYAN_REWRITE_REWRITER_H_
