"""Writes ``pii_cases.txt``: the labelled test set for PII masking (run once, committed).

Each line is one comment; planted personal data is marked ``{{kind|value}}``. The
sentences are hand-written templates of bank-service comments in Simplified and
Traditional Chinese and English; the values are random but valid where the real thing
carries a check digit (IDs, cards), written in the forms customers use (spaces, dashes,
full-width digits, +86). About a third of the lines hold only hard negatives: amounts,
dates, times, order and serial numbers (some of them Luhn-valid), service hotlines,
card tail digits, verification codes, rates and branch numbers.

    python tests/text/make_pii_cases.py > tests/text/pii_cases.txt
"""

from __future__ import annotations

import random
import sys

from serviq.text.redaction import _CN_CHECK, _CN_WEIGHTS, _HK_LETTER, _TW_LETTER

R = random.Random(20260401)


def luhn_complete(prefix: str, length: int) -> str:
    body = prefix + "".join(R.choice("0123456789") for _ in range(length - len(prefix) - 1))
    for check in "0123456789":
        digits = body + check
        total = 0
        for i, ch in enumerate(reversed(digits)):
            d = int(ch) * (2 if i % 2 else 1)
            total += d - 9 if d > 9 else d
        if total % 10 == 0:
            return digits
    raise AssertionError


def luhn_invalid(length: int) -> str:
    valid = luhn_complete(R.choice(["2024", "1000", "8800"]), length)
    return valid[:-1] + str((int(valid[-1]) + 3) % 10)


def group(s: str, sizes: list[int], sep: str) -> str:
    out, pos = [], 0
    for n in sizes:
        if s[pos : pos + n]:
            out.append(s[pos : pos + n])
        pos += n
    if pos < len(s):
        out.append(s[pos:])
    return sep.join(out)


def fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def cn_id() -> str:
    area = R.choice(["110105", "310104", "440305", "510107", "330106", "420102", "370202"])
    y = R.randint(1950, 2004)
    m = R.randint(1, 12)
    d = R.randint(1, 28)
    body = f"{area}{y}{m:02d}{d:02d}{R.randint(0, 999):03d}"
    total = sum(int(c) * w for c, w in zip(body, _CN_WEIGHTS, strict=True))
    check = _CN_CHECK[total % 11]
    return body + (check.lower() if check == "X" and R.random() < 0.3 else check)


def hk_id() -> str:
    letters = R.choice(["A", "C", "K", "Y", "Z", "XA", "WX"])
    digits = f"{R.randint(0, 999999):06d}"
    padded = (" " + letters) if len(letters) == 1 else letters
    vals = [36 if c == " " else _HK_LETTER[c] for c in padded] + [int(c) for c in digits]
    total = sum(v * w for v, w in zip(vals, range(9, 1, -1), strict=True))
    e = (11 - total % 11) % 11
    check = "A" if e == 10 else str(e)
    return R.choice([f"{letters}{digits}({check})", f"{letters}{digits}（{check}）"])


def tw_id() -> str:
    letter = R.choice("ABDEFHKLRST")
    body = R.choice("12") + f"{R.randint(0, 9999999):07d}"
    code = _TW_LETTER[letter]
    digits = [code // 10, code % 10] + [int(c) for c in body]
    weights = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1)
    s = sum(d * w for d, w in zip(digits, weights, strict=True))
    return f"{letter}{body}{(10 - s % 10) % 10}"


def mobile() -> str:
    n = R.choice(["13", "15", "18", "17", "19"]) + "".join(R.choice("0123456789") for _ in range(9))
    form = R.random()
    if form < 0.45:
        return n
    if form < 0.6:
        return group(n, [3, 4, 4], " ")
    if form < 0.7:
        return group(n, [3, 4, 4], "-")
    if form < 0.8:
        return "+86 " + n
    if form < 0.9:
        return fullwidth(n)
    return "+86-" + group(n, [3, 4, 4], "-")


def hk_mobile() -> str:
    return "+852 " + R.choice("5679") + f"{R.randint(0, 999):03d} {R.randint(0, 9999):04d}"


def tw_mobile() -> str:
    n = "09" + f"{R.randint(0, 99999999):08d}"
    return R.choice([n, group(n, [4, 3, 3], "-")])


def landline() -> str:
    form = R.random()
    if form < 0.3:
        return R.choice(["010", "021", "020"]) + "-" + f"{R.randint(20000000, 89999999)}"
    if form < 0.5:
        return f"0{R.choice(['755', '571', '512', '28'])}-{R.randint(2000000, 8999999)}"
    if form < 0.65:
        return f"(021){R.randint(5000, 6999)} {R.randint(0, 9999):04d}"
    if form < 0.8:
        return f"02-{R.randint(2000, 2999)}-{R.randint(0, 9999):04d}"
    if form < 0.9:
        return f"010-{R.randint(60000000, 69999999)}转{R.randint(100, 8999)}"
    return f"+852 {R.choice('23')}{R.randint(100, 999)} {R.randint(0, 9999):04d}"


def card() -> str:
    prefix, length = R.choice(
        [("622202", 19), ("621700", 19), ("622848", 19), ("4", 16), ("5", 16), ("6225", 16)]
    )
    n = luhn_complete(prefix, length)
    form = R.random()
    if form < 0.5:
        return n
    if form < 0.8:
        return group(n, [4, 4, 4, 4], " ")
    if form < 0.9:
        return group(n, [4, 4, 4, 4], "-")
    return fullwidth(n)


def email() -> str:
    user = R.choice(["zhang.wei", "li_na88", "wangfang", "chan.tai.man", "lin0618", "service.fan"])
    dom = R.choice(["example.com", "mail.example.cn", "example.com.hk", "example.org.tw"])
    return f"{user}{R.randint(1, 99)}@{dom}"


def account() -> str:
    n = "".join(R.choice("0123456789") for _ in range(R.choice([12, 15, 17, 19, 21])))
    return R.choice([n, group(n, [4, 4, 4, 4], " ")])


def order_no() -> str:
    return f"2024{R.randint(1, 12):02d}{R.randint(1, 28):02d}{R.randint(10**7, 10**8 - 1)}"


POSITIVE = [
    "我的手机号是{{mobile|%m}}，麻烦客服尽快回电。",
    "手機{{mobile|%m}}，請經理聯繫我，排隊等了一個小時。",
    "信用卡{{bank_card|%c}}被重复扣年费，要求退还。",
    "卡号：{{bank_card|%c}}，在网点办理挂失等了很久。",
    "我的银行卡{{bank_card|%c}}转账一直失败，手机银行也登录不上。",
    "我的卡號是{{bank_card|%c}}，櫃檯說要本人帶身份證辦理。",
    "身份证号{{id_cn|%i}}，开户时柜员态度很差。",
    "客服让我报身份证{{id_cn|%i}}，又让我等了二十分钟。",
    "我的身分證字號{{id_tw|%t}}，臨櫃辦理很快，服務很好。",
    "身份證 {{id_hk|%h}}，分行職員好有耐性，多謝。",
    "請寄到我的電郵 {{email|%e}}，之前說會回覆但一直沒有。",
    "有问题请发邮件到{{email|%e}}，谢谢。",
    "请联系我的座机{{landline|%l}}，白天都在。",
    "辦公室電話{{landline|%l}}，理專推銷保險太頻繁了。",
    "账号：{{account|%a}}，到账时间比承诺晚了三天。",
    "我的帳戶{{account|%a}}被凍結了，也沒人通知我。",
    "账户号码 {{account|%a}} 的利息算错了。",
    "My account number {{account|%a}} was charged twice, please refund.",
    "Please call me at {{mobile|%m}} about the card fee.",
    "My card {{bank_card|%c}} was swallowed by the ATM at the branch.",
    "Contact me by email {{email|%e}}; the hotline kept transferring me.",
    "HK mobile {{mobile|%k}}, the staff at the counter was very helpful.",
    "我在台灣的手機{{mobile|%w}}，信用卡客服一直轉接。",
    "手机{{mobile|%m}}，邮箱{{email|%e}}，都可以联系我。",
    "身份证{{id_cn|%i}}，卡号{{bank_card|%c}}，被莫名扣了手续费。",
    "回拨电话{{mobile|%m}}或者{{landline|%l}}都行。",
    "我叫张先生，电话{{mobile|%m}}，理财经理推销的产品亏了。",
    "上次留的電話是{{mobile|%m}}，但是一直沒有人回覆。",
    "The agent asked for my ID {{id_hk|%h}} three times.",
    "ID {{id_tw|%t}}, the app crashed when I tried to log in.",
    "{{mobile|%m}} 这是我的号码，等了三天没人处理。",
    "客户经理的邮箱是{{email|%e}}，态度挺好。",
    "我用{{bank_card|%c}}这张卡在ATM取款被吞卡了。",
    "工作人員叫我留低電話{{mobile|%k}}，之後冇人覆。",
    "请把对账单寄到{{email|%e}}，不要再打电话推销。",
    "户口号码 {{account|%a}}，转账限额太低。",
]

NEGATIVE = [
    "转账{n5}元手续费收了{n2}元，太贵了。",
    "我在{date}去网点办业务，排队等了{n2}分钟。",
    "订单号{order}的退款到现在还没有到账。",
    "訂單號：{order}，客服說三個工作天內處理。",
    "流水号 {order} 的交易显示失败但钱被扣了。",
    "工单编号{order}一直没有处理结果。",
    "打{hotline}等了半个小时才有人接。",
    "客服热线{hotline}一直占线，转人工太难了。",
    "尾号{n4}的信用卡年费被扣了{n3}元。",
    "验证码{n6}一直收不到，手机银行登录不了。",
    "理财产品年化收益率{rate}%，比宣传的低。",
    "{date} {time}在第{n2}号窗口办理，柜员很专业。",
    "贷款{n6}元，利率{rate}%，审批用了{n2}天。",
    "余额￥{money}，但是App显示的不一样。",
    "金額 HK${money}，櫃員處理得很快。",
    "I waited {n2} minutes on {date} and paid a fee of {n3} yuan.",
    "Reference {order} — the transfer of {n5} RMB is still pending.",
    "版本{ver}的手机银行App更新后老是闪退。",
    "第{n3}号网点的环境很好，空调也舒服。",
    "取号{n3}号，前面还有{n2}个人在排队。",
    "在{date}存入{n5}元，{date}才到账。",
    "分行地址：某某路{n3}号{n2}楼，停车不方便。",
    "交易號碼{order}，扣款{money}元，至今未退。",
    "客服工号{n4}的小姐姐服务很好。",
    "總共等了{n2}分鐘，{hotline}一直講忙線。",
    "快递单号 {order} 的信用卡一直没有寄到。",
    "我{n2}岁了，手机银行的字太小看不清。",
    "{date}的会议纪要编号{order}。",
    "信用卡额度从{n5}提到{n6}，谢谢。",
    "Order {luhnorder} was charged twice on {date}.",
    "订单号：{luhnorder}，还没发货。",
    "工单号{luhnorder}已经提交三次了。",
]


def fill_negative(t: str) -> str:
    vals = {
        "n2": str(R.randint(10, 99)),
        "n3": str(R.randint(100, 999)),
        "n4": str(R.randint(1000, 9999)),
        "n5": str(R.randint(10000, 99999)),
        "n6": str(R.randint(100000, 999999)),
        "date": R.choice(
            [
                f"2024-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}",
                f"2024年{R.randint(1, 12)}月{R.randint(1, 28)}日",
                f"2024{R.randint(1, 12):02d}{R.randint(10, 28)}",
                f"{R.randint(1, 28)}/{R.randint(1, 12)}/2024",
            ]
        ),
        "time": f"{R.randint(8, 17)}:{R.randint(0, 59):02d}",
        "order": order_no(),
        "luhnorder": luhn_complete("2024", 16),
        "hotline": R.choice(["95588", "95533", "400-820-8888", "400 669 5566", "800-820-3388"]),
        "rate": f"{R.randint(1, 4)}.{R.randint(0, 99):02d}",
        "money": f"{R.randint(1, 99)},{R.randint(0, 999):03d}.{R.randint(0, 99):02d}",
        "ver": f"{R.randint(5, 9)}.{R.randint(0, 9)}.{R.randint(0, 9)}",
    }
    out = t
    for k, v in vals.items():
        out = out.replace("{" + k + "}", v)
    return out


def fill_positive(t: str) -> str:
    makers = {
        "%m": mobile,
        "%k": hk_mobile,
        "%w": tw_mobile,
        "%c": card,
        "%i": cn_id,
        "%h": hk_id,
        "%t": tw_id,
        "%e": email,
        "%l": landline,
        "%a": account,
    }
    out = t
    for k, f in makers.items():
        while k in out:
            out = out.replace(k, f(), 1)
    return out


# Written by hand, not from templates: other spellings and tricky neighbours.
HANDWRITTEN = [
    "电话：{{mobile|138-0013-8000}}（白天打），晚上别打。",
    "手机号码是 {{mobile|＋86 139 1234 5678}}，麻烦回电。",
    "身份证 {{id_cn|110105 19491231 002X}} 已经交过复印件了。",
    "邮箱 {{email|Zhang.Wei@Example.COM}} 收不到对账单。",
    "帳號：{{account|0123-4567-8901-23}}，轉帳一直顯示失敗。",
    "My HKID is {{id_hk|C668668(9)}}, no wait, it's {{id_hk|A123456(3)}}.",
    "打{{landline|0755-83198888}}找不到人，打{{mobile|13500135000}}才接通。",
    "卡号{{bank_card|6222 0200 0000 0000 008}}（不是我记错了吧）",
    "2024年3月15日13:45在分行存了138,000.00元，利率3.85%。",
    "工单号：CS20240315001，客服工号1380，房间号1302。",
    "合同编号 HT-2024-0315-8866，保单号 P20240315000123。",
    "尾號 8866 的卡被扣了 1,380 元，客服說 3 到 5 個工作天退回。",
    "验证码 604218 五分钟内有效，请勿泄露。",
    "排队号码 A138，等了 45 分钟，窗口 3 只有一个人。",
    "客服热线 95555 转 0 才有人工，400-888-8888 也打不通。",
    "订单号 6222020000000000008 的退款还没到。",
    "2023-12-31 至 2024-01-02 期间系统维护。",
    "版本号 10.3.1.138 的 APP 闪退。",
]


def main() -> None:
    lines = list(HANDWRITTEN)
    for _ in range(6):
        lines.extend(fill_positive(t) for t in POSITIVE)
    for _ in range(4):
        lines.extend(fill_negative(t) for t in NEGATIVE)
    # a few lines mixing both
    for _ in range(24):
        lines.append(fill_positive(R.choice(POSITIVE)) + " " + fill_negative(R.choice(NEGATIVE)))
    R.shuffle(lines)
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
