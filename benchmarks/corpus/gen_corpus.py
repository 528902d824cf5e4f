#!/usr/bin/env python3
"""Seeded generator of customer-service agent utterances for the benchmarks.

The same seed, size and options give the same bytes on any machine with Python 3.7+ (only
`random.Random` with an explicit seed is used, whose sequence Python keeps stable).

The mix imitates what an agent writes in chat or says on the phone: greetings, service
replies and requests, refusals and other negative wording, waits, questions and closings,
with product names, times, amounts and order numbers filled in.  A share of utterances is
converted to Traditional script, a share is written like a speech transcript (no
punctuation), and some join two sentences.

    gen_corpus.py --n 50000 --out corpus.txt               # the "typical" mix, ~25 chars
    gen_corpus.py --length short --n 20000 --out short.txt # every line <= 20 characters
    gen_corpus.py --length long --n 2000 --out long.txt    # ~200 characters a line
"""

import argparse
import random
import sys

DEFAULT_SEED = 20261125

SLOTS = {
    "p": ["手机", "冰箱", "空调", "洗衣机", "电视", "笔记本", "路由器", "宽带", "会员", "耳机",
          "热水器", "吸尘器", "电动牙刷", "套餐", "流量包", "信用卡", "机票", "酒店", "快递",
          "外卖", "优惠券", "积分", "发票", "iPad", "Mate 60", "VIP会员", "保险", "礼品卡"],
    "t": ["3个工作日内", "24小时内", "明天上午", "下周一", "48小时之内", "今天下午", "月底前",
          "7天内", "10个工作日内", "两小时内", "周五之前", "半小时后", "明天中午12点前",
          "１２小时内", "５个工作日内", "今天之内"],
    "a": ["99元", "12.8元", "1,599元", "2000元", "30元", "6.6元", "258元", "３９元", "520元",
          "15元", "100元", "3,280元", "0.5元", "66元"],
    "n": ["小赵", "小钱", "小孙", "小吴", "小郑", "小何", "小林", "小罗", "阿杰", "晓雯"],
    "c": ["本公司", "本平台", "我们店", "我们这边", "客服中心", "售后中心"],
    "d": ["售后", "财务", "物流", "技术部", "门店", "厂家", "快递员", "银行", "商家", "仓库"],
    "i": ["退款", "退货", "换货", "维修", "开发票", "物流", "账单", "积分", "优惠", "安装",
          "投诉", "开户", "注销", "改签", "升级", "补发"],
    "v": ["查询", "核实", "处理", "登记", "反馈", "跟进", "确认", "申请", "催促", "加急"],
    "ch": ["APP", "官网", "公众号", "小程序", "门店", "短信链接", "客服热线"],
}

GREETINGS = [
    "您好，很高兴为您服务，我是{n}。",
    "您好，我是客服{n}，请问有什么可以帮您？",
    "您好，欢迎来到{c}，请问您需要咨询什么？",
    "亲，您好，请问有什么可以帮到您的呢？",
    "喂，你好，有什么事？",
    "你好，说吧，什么问题。",
    "上午好，这里是{c}，请问您是咨询{p}的问题吗？",
    "您好，让您久等了，我是工号{o}的客服{n}。",
    "在的亲，请问有什么问题呢？",
]

SERVICE = [
    "好的，我马上帮您{v}一下{p}的订单。",
    "您的{i}申请已经提交了，{t}会有专人联系您。",
    "非常理解您的心情，我这边尽快为您{v}。",
    "您说的{p}{i}的问题我已经记录了，{t}给您答复。",
    "您的订单{o}已经为您{v}好了，请您留意短信。",
    "已经帮您申请了{a}的补偿，预计{t}到账。",
    "请您放心，这个问题我会一直跟进，直到解决为止。",
    "麻烦您提供一下订单号，我帮您{v}。",
    "给您带来不便，真的很抱歉，我们会在{t}处理好。",
    "为了您的账户安全，需要跟您核实一下身份。",
    "您的{p}还在保修期内，可以免费为您维修。",
    "查到您的订单{o}已经发货，预计{t}送达。",
    "您可以在{ch}自助办理{i}，我也可以直接帮您办。",
    "这款{p}现在的价格是{a}，正好有活动。",
    "{i}的款项{a}会在{t}原路退回，请您注意查收。",
    "我理解您很着急，我们一起看看怎么解决。",
    "已经给{d}发了加急，{t}一定给您回复。",
    "这个不会影响您使用，您可以放心。",
    "没问题，我这就帮您{v}。",
]

REFUSALS = [
    "对不起，您不能退货。",
    "不好意思，这个{p}不能{i}。",
    "这个不归我管。",
    "这事不归我们管，你去找{d}吧。",
    "您必须先付款。",
    "你必须先交{a}押金才能办。",
    "不行，这是{c}的规定。",
    "我们没办法处理，你自己去{ch}弄吧。",
    "我也不知道，你问{d}去。",
    "不可能，系统不会出错的。",
    "这是你自己的问题，跟我们没关系。",
    "规定就是这样，我也没办法。",
    "你听我说，{p}已经过了保修期，不能{i}了。",
    "我说过很多遍了，不可以{i}。",
    "你得先在{ch}提交申请，不然没法{v}。",
    "这个{i}不是我们的问题，是{d}的原因。",
    "您应该先看清楚说明再买。",
    "因为系统升级，现在办理不了{i}。",
    "由于公司规定，{p}拆封后不支持退货。",
    "超过7天不能{i}，这是规定。",
    "赶紧把订单号发过来，我这边很忙。",
    "你到底要不要办？",
    "不清楚，反正就是不行。",
    "这个弄不了，你明天再打过来吧。",
    "我知道了，但是我们也没办法。",
    "虽然理解您，但是这个真的无法{i}。",
    "等着吧，{d}会联系你的。",
    "投诉也没用，规定就是这样。",
]

WAITS = [
    "请您稍等。",
    "请您稍等，我帮您查一下。",
    "您稍等片刻，我正在为您{v}。",
    "等一下，我查查。",
    "请稍等，正在为您查询{p}的{i}记录。",
    "麻烦您稍等一两分钟，我跟{d}确认一下。",
    "您先别挂电话，我马上帮您{v}。",
    "稍等哦亲，马上就好。",
]

QUESTIONS = [
    "您看这样可以吗？",
    "您看这样处理您满意吗？",
    "请问您还有其他问题吗？",
    "请问您方便提供一下订单号吗？",
    "您觉得{t}给您回复可以吗？",
    "您是想{i}还是想换一台{p}呢？",
    "请问您是什么时候买的{p}？",
    "先给您补偿{a}，您看好吗？",
    "你到底想怎么样？",
    "还有别的事吗？",
    "请问您是在{ch}下的单吗？",
    "您方便的话，我们{t}给您回电，可以吗？",
    "是{p}出了什么问题吗？",
]

CLOSINGS = [
    "感谢您的来电，祝您生活愉快，再见。",
    "感谢您的耐心，稍后请对我的服务做个评价，谢谢。",
    "如果还有其他问题，欢迎随时联系我们。",
    "好了，就这样吧，挂了。",
    "没别的事我就挂了。",
    "非常感谢您对{c}的支持，祝您工作顺利。",
    "很高兴为您服务，祝您周末愉快。",
]

CATEGORIES = [(GREETINGS, 10), (SERVICE, 30), (REFUSALS, 20), (WAITS, 12), (QUESTIONS, 15),
              (CLOSINGS, 10)]

# Simplified -> Traditional for every character of the templates and slot values above that
# has a Traditional form, chosen for the words they occur in (答复 答覆, 关系 關係, 这里 這裡; 喂 stays).
# Written out instead of calling a converter so that the generator needs only Python.
TO_TRADITIONAL = dict(zip(
    "专两个为么买于亲仓们价众优会偿关兴内决别办务动单卖厂发号后吗听吴员响处复孙实宽对"
    "尘尽带帮库应开归录户挂换无时晓术机来杰样欢没满点烦热现电着确礼积笔签紧级线经给统"
    "维网罗联虽补装见规视觉计订认让记评诉话询该说请调谢财账货费赵赶边达过还这进递郑钟"
    "钱银链销错门问险随项顺须预题馈马系里",
    "專兩個為麼買於親倉們價眾優會償關興內決別辦務動單賣廠發號後嗎聽吳員響處覆孫實寬對"
    "塵盡帶幫庫應開歸錄戶掛換無時曉術機來傑樣歡沒滿點煩熱現電著確禮積筆簽緊級線經給統"
    "維網羅聯雖補裝見規視覺計訂認讓記評訴話詢該說請調謝財賬貨費趙趕邊達過還這進遞鄭鐘"
    "錢銀鏈銷錯門問險隨項順須預題饋馬係裡"))


def to_traditional(text):
    return "".join(TO_TRADITIONAL.get(ch, ch) for ch in text)


PUNCTUATION = "，。？！、：；,.?!"


def as_transcript(text, rng):
    """Speech-to-text output: no punctuation; some engines put spaces between phrases."""
    sep = " " if rng.random() < 0.4 else ""
    out = []
    for ch in text:
        if ch in PUNCTUATION:
            out.append(sep)
        else:
            out.append(ch)
    return "".join(out).strip()


class Generator:
    def __init__(self, seed, traditional, transcript):
        self.rng = random.Random(seed)
        self.traditional = traditional
        self.transcript = transcript
        self.pools = [pool for pool, _ in CATEGORIES]
        self.weights = [weight for _, weight in CATEGORIES]

    def order_number(self):
        return "".join(self.rng.choice("0123456789") for _ in range(self.rng.choice((8, 10, 12))))

    def fill(self, template):
        out = []
        i = 0
        while i < len(template):
            if template[i] == "{":
                j = template.index("}", i)
                key = template[i + 1:j]
                out.append(self.order_number() if key == "o" else self.rng.choice(SLOTS[key]))
                i = j + 1
            else:
                out.append(template[i])
                i += 1
        return "".join(out)

    def sentence(self):
        pool = self.rng.choices(self.pools, self.weights)[0]
        return self.fill(self.rng.choice(pool))

    def finish(self, text):
        # One draw each, always made, so that a line's randomness does not depend on the
        # options of earlier lines.
        script_draw = self.rng.random()
        transcript_draw = self.rng.random()
        if transcript_draw < self.transcript:
            text = as_transcript(text, self.rng)
        if script_draw < self.traditional:
            text = to_traditional(text)
        return text

    def typical(self):
        text = self.sentence()
        if self.rng.random() < 0.45:
            more = self.sentence()
            if len(text) + len(more) <= 60:
                text += more
        return self.finish(text)

    def short(self):
        while True:
            text = self.sentence()
            if len(text) <= 20:
                return self.finish(text)

    def long(self, target=200):
        text = ""
        while len(text) < target - 15:
            text += self.sentence()
        return self.finish(text[: target + 20])


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50000, help="number of utterances")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--length", choices=("typical", "short", "long"), default="typical")
    parser.add_argument("--traditional", type=float, default=0.15,
                        help="share of utterances in Traditional script")
    parser.add_argument("--transcript", type=float, default=0.08,
                        help="share of utterances written like speech transcripts")
    parser.add_argument("--out", default="-", help="output file, - for stdout")
    args = parser.parse_args(argv)

    gen = Generator(args.seed, args.traditional, args.transcript)
    make = {"typical": gen.typical, "short": gen.short, "long": gen.long}[args.length]
    lines = [make() for _ in range(args.n)]
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    if args.out == "-":
        sys.stdout.buffer.write(data)
    else:
        with open(args.out, "wb") as f:
            f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
