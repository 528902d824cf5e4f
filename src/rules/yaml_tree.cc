#include "rules/yaml_tree.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <unordered_map>

#include "text/utf8.h"

namespace liangyan::rules {

SourceColumns::SourceColumns(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') line_starts_.push_back(i + 1);
  }
}

void SourceColumns::Position(int line, int byte_column, int* out_line, int* out_column) const {
  *out_line = line + 1;
  if (line < 0 || static_cast<size_t>(line) >= line_starts_.size()) {
    *out_column = byte_column + 1;
    return;
  }
  const size_t start = line_starts_[line];
  const size_t end = std::min(text_.size(), start + static_cast<size_t>(std::max(byte_column, 0)));
  *out_column = static_cast<int>(text::CountCodePoints(text_.substr(start, end - start))) + 1;
}

namespace {

class Converter {
 public:
  Converter(const SourceColumns& columns, YamlTree* out) : columns_(columns), out_(out) {}

  uint32_t Convert(const YAML::Node& node) {
    // A node that contains itself (an alias of an enclosing anchor) refers back to it.
    for (const auto& [open, index] : open_) {
      if (open.is(node)) return index;
    }
    const auto index = static_cast<uint32_t>(out_->nodes.size());
    out_->nodes.emplace_back();
    YamlNodeData data{};
    switch (node.Type()) {
      case YAML::NodeType::Scalar:
        data.kind = YamlKind::kScalar;
        break;
      case YAML::NodeType::Sequence:
        data.kind = YamlKind::kSequence;
        break;
      case YAML::NodeType::Map:
        data.kind = YamlKind::kMap;
        break;
      default:
        data.kind = YamlKind::kNull;
        break;
    }
    String(node.Tag(), &data.tag_offset, &data.tag_size);
    String(node.Scalar(), &data.scalar_offset, &data.scalar_size);
    const YAML::Mark mark = node.Mark();
    if (!mark.is_null()) columns_.Position(mark.line, mark.column, &data.line, &data.column);
    std::vector<uint32_t> children;
    if (data.kind == YamlKind::kSequence || data.kind == YamlKind::kMap) {
      open_.emplace_back(node, index);
      for (const auto& item : node) {
        if (data.kind == YamlKind::kMap) {
          children.push_back(Convert(item.first));
          children.push_back(Convert(item.second));
        } else {
          children.push_back(Convert(item));
        }
      }
      open_.pop_back();
    }
    data.first_child = static_cast<uint32_t>(out_->children.size());
    data.child_count = static_cast<uint32_t>(children.size());
    out_->children.insert(out_->children.end(), children.begin(), children.end());
    out_->nodes[index] = data;
    return index;
  }

 private:
  // Tags repeat ("?" and "!" nearly always): stored once.
  void String(const std::string& s, uint32_t* offset, uint32_t* size) {
    *size = static_cast<uint32_t>(s.size());
    if (s.size() <= 16) {
      const auto it = short_.find(s);
      if (it != short_.end()) {
        *offset = it->second;
        return;
      }
    }
    *offset = static_cast<uint32_t>(out_->strings.size());
    out_->strings += s;
    if (s.size() <= 16) short_.emplace(s, *offset);
  }

  const SourceColumns& columns_;
  YamlTree* out_;
  std::vector<std::pair<YAML::Node, uint32_t>> open_;
  std::unordered_map<std::string, uint32_t> short_;
};

}  // namespace

void ConvertYaml(const YAML::Node& root, const SourceColumns& columns, YamlTree* out) {
  out->nodes.clear();
  out->children.clear();
  out->strings.clear();
  Converter(columns, out).Convert(root);
}

YNode YNode::operator[](std::string_view key) const {
  if (!IsMap()) return YNode();
  for (uint32_t i = 0; i + 1 < data().child_count; i += 2) {
    const YNode k = Child(i);
    if (k.IsScalar() && k.Scalar() == key) return Child(i + 1);
  }
  return YNode();
}

YNode YNode::operator[](size_t i) const {
  if (!IsSequence() || i >= data().child_count) return YNode();
  return Child(static_cast<uint32_t>(i));
}

std::vector<YEntry> YNode::Entries() const {
  std::vector<YEntry> out;
  if (!IsMap()) return out;
  for (uint32_t i = 0; i + 1 < data().child_count; i += 2)
    out.push_back(YEntry{Child(i), Child(i + 1)});
  return out;
}

std::vector<YNode> YNode::Items() const {
  std::vector<YNode> out;
  if (!IsSequence()) return out;
  for (uint32_t i = 0; i < data().child_count; ++i) out.push_back(Child(i));
  return out;
}

}  // namespace liangyan::rules
