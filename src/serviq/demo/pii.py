"""Personal data planted in comments, valid enough that a masker must catch it.

* mainland resident ID numbers (GB 11643-1999): 6-digit area code, birth date, 3-digit
  sequence and the ISO 7064 MOD 11-2 check character
  ``"10X98765432"[Σ dᵢ·wᵢ mod 11]`` with weights ``2^(17−i) mod 11``;
* bank-card numbers of 16 or 19 digits on real Chinese issuer prefixes, with the Luhn check
  digit (ISO/IEC 7812-1);
* mobile numbers with mainland prefixes (13x, 15x, 17x, 18x, 19x);
* e-mail addresses.

:func:`id_check_ok` and :func:`luhn_ok` are the checks the tests apply to every planted value.
"""

from __future__ import annotations

import numpy as np

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
AREA_CODES = ("110101", "110105", "310104", "310115", "440106", "440305", "330106", "320102",
              "510107", "420106", "610113", "500103", "120101", "370202")  # fmt: skip
CARD_PREFIXES = ("622202", "621700", "622848", "621661", "622588", "622609", "625911", "436742")
MOBILE_PREFIXES = ("130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152",
                   "158", "159", "177", "180", "181", "186", "187", "188", "189", "199")  # fmt: skip
MAIL_DOMAINS = ("qq.com", "163.com", "126.com", "gmail.com", "outlook.com", "sina.com")
MAIL_NAMES = ("wang", "li.na", "zhangwei", "chen88", "liu_min", "yang.fan", "amy.huang", "jason_x", "kelly", "tom.zhou")  # fmt: skip


def id_check_char(first17: str) -> str:
    """The check character of a resident ID number's first 17 digits (MOD 11-2).

    The worked example of GB 11643-1999: ``11010519491231002`` → ``X``.

    >>> id_check_char("11010519491231002")
    'X'
    """
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def id_check_ok(number: str) -> bool:
    """Whether an 18-character resident ID number has the right check character."""
    return (
        len(number) == 18
        and number[:17].isdigit()
        and id_check_char(number[:17]) == number[17].upper()
    )


def luhn_digit(partial: str) -> str:
    """The Luhn check digit to append to ``partial``.

    >>> luhn_digit("7992739871")  # the classic example 79927398713
    '3'
    """
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(number: str) -> bool:
    """Whether a card number (digits, spaces allowed) passes the Luhn check."""
    digits = number.replace(" ", "")
    return digits.isdigit() and luhn_digit(digits[:-1]) == digits[-1]


def resident_id(rng: np.random.Generator) -> str:
    area = AREA_CODES[int(rng.integers(len(AREA_CODES)))]
    year = int(rng.integers(1955, 2004))
    month = int(rng.integers(1, 13))
    day = int(rng.integers(1, 29))
    body = f"{area}{year:04d}{month:02d}{day:02d}{int(rng.integers(0, 1000)):03d}"
    return body + id_check_char(body)


def bank_card(rng: np.random.Generator) -> str:
    prefix = CARD_PREFIXES[int(rng.integers(len(CARD_PREFIXES)))]
    length = 19 if rng.random() < 0.5 else 16
    body = prefix + "".join(str(d) for d in rng.integers(0, 10, size=length - len(prefix) - 1))
    number = body + luhn_digit(body)
    if rng.random() < 0.3:  # written in groups of four, as on the card
        number = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
    return number


def mobile(rng: np.random.Generator) -> str:
    return MOBILE_PREFIXES[int(rng.integers(len(MOBILE_PREFIXES)))] + "".join(
        str(d) for d in rng.integers(0, 10, size=8)
    )


def email(rng: np.random.Generator) -> str:
    name = MAIL_NAMES[int(rng.integers(len(MAIL_NAMES)))]
    return f"{name}{int(rng.integers(1, 999))}@{MAIL_DOMAINS[int(rng.integers(len(MAIL_DOMAINS)))]}"


MAKERS = {"mobile": mobile, "id_number": resident_id, "bank_card": bank_card, "email": email}

# How each kind of personal data is slipped into a comment.
PHRASES = {
    "zh-Hans": {
        "mobile": ["请回电{v}。", "我的手机号是{v}，有结果请通知我。", "联系电话{v}"],
        "id_number": ["我的身份证号{v}，请核实。", "身份证：{v}"],
        "bank_card": ["卡号{v}的扣费请查一下。", "我的银行卡{v}被冻结了。"],
        "email": ["结果请发到{v}。", "邮箱{v}"],
    },
    "en": {
        "mobile": ["Please call me back on {v}.", "My mobile is {v}."],
        "id_number": ["My ID number is {v}.", "ID {v}, please check."],
        "bank_card": ["Please check the charge on card {v}.", "My card {v} was blocked."],
        "email": ["Send the reply to {v}.", "My e-mail is {v}."],
    },
}
