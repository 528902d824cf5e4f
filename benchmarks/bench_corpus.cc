#include "bench_corpus.h"

#include <fstream>

namespace liangyan::bench {

const std::vector<std::string>& ShortUtterances() {
  static const std::vector<std::string> kShort = {
      "对不起，您不能退货。",     "请您稍等。",
      "这个不归我管。",           "您必须先付款。",
      "您看这样可以吗？",         "不行，这是规定。",
      "喂，你好，什么事？",       "感谢您的来电，再见。",
      "等一下，我查查。",         "我也不知道，你问物流去。",
      "這個不歸我管。",           "請您稍等，馬上就好。",
      "好的，我马上帮您处理。",   "您的订单已经发货了。",
      "还有别的事吗？",           "没问题，我这就帮您办。",
      "你到底要不要办？",         "不可能，系统不会出错的。",
      "亲 在的 请问有什么问题呢", "请稍等 正在为您查询",
      "赶紧把订单号发过来。",     "您應該先看清楚說明。",
      "给您带来不便，很抱歉。",   "好了，就这样吧，挂了。",
  };
  return kShort;
}

const std::vector<std::string>& TypicalUtterances() {
  // Simplified and Traditional, punctuated and transcript-like, good and bad wording, in the
  // proportions of the generated corpus (benchmarks/corpus/gen_corpus.py).
  static const std::vector<std::string> kTypical = {
      "对不起，您不能退货，这是我们公司的规定，请您理解。",
      "您好，我是客服小林，请问今天有什么可以帮您的吗？",
      "不好意思，这个笔记本拆封之后就不能退了，您看看。",
      "这事不归我们管，你去找售后部门或者厂家问问吧。",
      "您必须先交两千元押金，我们才能给您办理开户手续。",
      "请您稍等一下，我马上帮您查一下冰箱的维修记录。",
      "已经帮您申请了三十元的补偿，预计明天上午会到账。",
      "我都说过很多遍了，过了保修期就是不可以免费换。",
      "您是想直接退款还是想换一台新的手机呢？请您确认。",
      "因为系统正在升级，今天下午暂时办理不了机票改签。",
      "對不起，您不能退貨，這是我們公司的規定，請您理解。",
      "請您稍等一下，我馬上幫您查一下冰箱的維修記錄。",
      "你得先在官网上提交申请，不然我们这边没法帮你处理。",
      "非常理解您现在的心情，我这边会尽快为您核实情况。",
      "我知道了，但是这个问题我们这边真的也没有办法。",
      "您的订单12345678已经发货了，预计本周五可以送达。",
      "您先别挂电话，我马上帮您跟财务部门确认一下退款。",
      "规定就是这样，投诉也没用，你自己看着办吧，就这样。",
      "好的亲 这边马上帮您催促一下物流 您看这样可以吗",
      "您放心，这个问题我会一直帮您跟进，直到解决为止。",
      "感谢您的耐心等待，稍后请对我的服务做一个评价。",
      "等着吧，厂家那边过几天会联系你的，我也不太清楚。",
      "由于公司的规定，拆封之后的耳机不支持七天无理由退货。",
      "这个情况不会影响您正常使用的，您可以放心使用哦。",
  };
  return kTypical;
}

const std::vector<std::string>& LongUtterances() {
  static const std::vector<std::string> kLong = [] {
    const std::vector<std::string>& typical = TypicalUtterances();
    std::vector<std::string> out;
    for (size_t i = 0; i < typical.size(); ++i) {
      std::string text;
      size_t chars = 0;
      // Stepping by 5 (prime to 24) makes every long utterance a different mix.
      for (size_t k = i; chars < 190; k += 5) {
        const std::string& part = typical[k % typical.size()];
        text += part;
        for (unsigned char c : part) chars += (c & 0xC0) != 0x80;
      }
      out.push_back(std::move(text));
    }
    return out;
  }();
  return kLong;
}

size_t TotalBytes(const std::vector<std::string>& utterances) {
  size_t total = 0;
  for (const std::string& u : utterances) total += u.size();
  return total;
}

bool ReadLines(const std::string& path, std::vector<std::string>* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out->push_back(line);
  }
  return true;
}

}  // namespace liangyan::bench
