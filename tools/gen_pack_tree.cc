// Build-time tool: parses a rule pack (YAML) with yaml-cpp and writes it as C++ tables of
// rules::YamlNodeData, so that the packs compiled into the library need no YAML parsing when
// an engine is built (see src/rules/yaml_tree.h).
//
//   ly_gen_pack_tree INPUT.yaml OUTPUT.cc SYMBOL
//
// A pack that is not UTF-8 or does not parse becomes an empty tree: the library then parses
// the embedded text itself and reports the error exactly as for any other pack.
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "rules/yaml_tree.h"
#include "text/utf8.h"

namespace {

void WriteBytes(std::FILE* out, const std::string& bytes) {
  std::fputs("\"", out);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i > 0 && i % 32 == 0) std::fputs("\"\n\"", out);
    std::fprintf(out, "\\x%02x", static_cast<unsigned char>(bytes[i]));
  }
  std::fputs("\"", out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: ly_gen_pack_tree INPUT.yaml OUTPUT.cc SYMBOL\n");
    return 64;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "ly_gen_pack_tree: cannot read %s\n", argv[1]);
    return 1;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  liangyan::rules::YamlTree tree;
  if (liangyan::text::IsValidUtf8(text, nullptr)) {
    try {
      const YAML::Node root = YAML::Load(text);
      liangyan::rules::ConvertYaml(root, liangyan::rules::SourceColumns(text), &tree);
    } catch (const YAML::Exception&) {
      tree = liangyan::rules::YamlTree();
    }
  }
  std::FILE* out = std::fopen(argv[2], "w");
  if (!out) {
    std::fprintf(stderr, "ly_gen_pack_tree: cannot write %s\n", argv[2]);
    return 1;
  }
  const char* symbol = argv[3];
  std::fprintf(out,
               "// Generated from %s by ly_gen_pack_tree; do not edit.\n"
               "#include \"rules/yaml_tree.h\"\n\nnamespace liangyan {\nnamespace {\n",
               argv[1]);
  if (tree.nodes.empty()) {
    std::fprintf(out,
                 "}  // namespace\n\nconst rules::YamlTreeView %s{};\n\n}  // namespace liangyan\n",
                 symbol);
    std::fclose(out);
    return 0;
  }
  std::fprintf(out, "using rules::YamlKind;\nconstexpr rules::YamlNodeData kNodes[] = {\n");
  for (const auto& n : tree.nodes) {
    std::fprintf(out, "    {YamlKind(%d), %u, %u, %u, %u, %u, %u, %d, %d},\n",
                 static_cast<int>(n.kind), n.tag_offset, n.tag_size, n.scalar_offset, n.scalar_size,
                 n.first_child, n.child_count, n.line, n.column);
  }
  std::fprintf(out, "};\nconstexpr uint32_t kChildren[] = {");
  for (size_t i = 0; i < tree.children.size(); ++i) {
    std::fprintf(out, "%s%u,", i % 16 == 0 ? "\n    " : " ", tree.children[i]);
  }
  if (tree.children.empty()) std::fprintf(out, "0");
  std::fprintf(out, "\n};\nconstexpr char kStrings[] =\n");
  WriteBytes(out, tree.strings);
  std::fprintf(out,
               ";\n}  // namespace\n\nconst rules::YamlTreeView %s{kNodes, %zu, kChildren,\n"
               "    std::string_view(kStrings, %zu)};\n\n}  // namespace liangyan\n",
               symbol, tree.nodes.size(), tree.strings.size());
  std::fclose(out);
  return 0;
}
