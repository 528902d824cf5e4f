// A parsed YAML document as a flat, read-only tree of nodes, and the node view the pack
// loader reads.  yaml-cpp's parser is most of the cost of building an engine (two thirds of
// it for the default pack), so the packs compiled into the library are parsed when the
// library is built (tools/gen_pack_tree.cc) and stored as tables of this form; packs loaded at
// run time are parsed by yaml-cpp and converted.  Both go through the same loader, which sees
// exactly what yaml-cpp reported: node kinds, scalars, tags and positions.
#ifndef LIANGYAN_RULES_YAML_TREE_H_
#define LIANGYAN_RULES_YAML_TREE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/limits.h"
#include "rules/pack.h"

namespace YAML {
class Node;
}

namespace liangyan::rules {

enum class YamlKind : uint8_t { kNull, kScalar, kSequence, kMap };

// One node; plain data so that generated tables are constant-initialised.
struct YamlNodeData {
  YamlKind kind;
  uint32_t tag_offset, tag_size;        // yaml-cpp's Tag(), in the string blob
  uint32_t scalar_offset, scalar_size;  // yaml-cpp's Scalar(), in the string blob
  uint32_t first_child, child_count;    // into the children table; a map's are key, value, ...
  int32_t line, column;                 // 1-based, the column in characters; 0 if unknown
};

struct YamlTreeView {
  const YamlNodeData* nodes = nullptr;  // nodes[0] is the document's root
  size_t node_count = 0;                // 0: no tree (parse the text instead)
  const uint32_t* children = nullptr;
  std::string_view strings;
};

struct YamlTree {
  std::vector<YamlNodeData> nodes;
  std::vector<uint32_t> children;
  std::string strings;
  YamlTreeView view() const {
    return YamlTreeView{nodes.data(), nodes.size(), children.data(), strings};
  }
};

// Byte offsets of line starts, to turn yaml-cpp's (line, byte column) marks into the
// (line, character column) people and editors count.
class SourceColumns {
 public:
  explicit SourceColumns(std::string_view text);
  // 1-based line and character column of a 0-based line and byte column.
  void Position(int line, int byte_column, int* out_line, int* out_column) const;

 private:
  std::string_view text_;
  std::vector<size_t> line_starts_;
};

// Converts a document parsed by yaml-cpp from `text`.  Aliases become shared nodes (a node
// that contains itself refers back to itself).
void ConvertYaml(const YAML::Node& root, const SourceColumns& columns, YamlTree* out);

// A node of a tree, or no node (a missing key).  The subset of yaml-cpp's Node the loader
// uses, with the same meaning.
class YNode {
 public:
  YNode() = default;
  YNode(const YamlTreeView* tree, uint32_t index) : tree_(tree), index_(index) {}

  explicit operator bool() const { return tree_ != nullptr; }
  bool IsMap() const { return tree_ && data().kind == YamlKind::kMap; }
  bool IsSequence() const { return tree_ && data().kind == YamlKind::kSequence; }
  bool IsScalar() const { return tree_ && data().kind == YamlKind::kScalar; }
  std::string_view Scalar() const {
    return tree_ ? tree_->strings.substr(data().scalar_offset, data().scalar_size)
                 : std::string_view();
  }
  std::string_view Tag() const {
    return tree_ ? tree_->strings.substr(data().tag_offset, data().tag_size) : std::string_view();
  }
  int line() const { return tree_ ? data().line : 0; }
  int column() const { return tree_ ? data().column : 0; }

  // The value of the first key equal to `key` (keys that are not scalars never are).
  YNode operator[](std::string_view key) const;
  // Element `i` of a sequence.
  YNode operator[](size_t i) const;

  // A map's entries, a sequence's items, in document order.
  std::vector<struct YEntry> Entries() const;
  std::vector<YNode> Items() const;

 private:
  const YamlNodeData& data() const { return tree_->nodes[index_]; }
  YNode Child(uint32_t i) const { return YNode(tree_, tree_->children[data().first_child + i]); }

  const YamlTreeView* tree_ = nullptr;
  uint32_t index_ = 0;
};

struct YEntry {
  YNode first, second;
};

// Loads a pack already parsed into `tree` (the same as LoadPack on `yaml`, the text it was
// parsed from, whose UTF-8 and syntax were valid then).  With an empty tree, parses `yaml`.
bool LoadPackTree(const YamlTreeView& tree, std::string_view yaml, std::string_view name,
                  const Limits& limits, PackSpec* spec, PackError* error);

}  // namespace liangyan::rules

namespace liangyan {
// The embedded packs parsed at build time (empty when their YAML did not parse then).
extern const rules::YamlTreeView kDefaultPackTree;
extern const rules::YamlTreeView kConversationPackTree;
}  // namespace liangyan

#endif  // LIANGYAN_RULES_YAML_TREE_H_
