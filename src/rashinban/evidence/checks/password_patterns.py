"""Patterns zxcvbn (trained on English data) does not know: Japanese words typed in romaji and JIS keyboard walks.

The word list is ours: common first names and family names, places, greetings and words that show up in
leaked-password lists from Japanese services (sakura, daisuki, ...), as typed on a Japanese PC.
"""

from __future__ import annotations

import re

JAPANESE_WORDS = (
    # words and greetings
    "sakura",
    "daisuki",
    "aishiteru",
    "arigatou",
    "arigato",
    "konnichiwa",
    "ohayou",
    "sayonara",
    "nihon",
    "nippon",
    "kawaii",
    "himitsu",
    "tomodachi",
    "kazoku",
    "shiawase",
    "genki",
    "ganbare",
    "ganbatte",
    "yoroshiku",
    "kaisha",
    "shigoto",
    "jimusho",
    "eigyou",
    "eigyo",
    "soumu",
    "keiri",
    "shachou",
    "shacho",
    "buchou",
    "kachou",
    "pasuwado",
    "pasuwaado",
    "anshou",
    "kaitou",
    "doraemon",
    "pikachu",
    "totoro",
    "naruto",
    "gundam",
    "kitty",
    "hello",
    "neko",
    "inu",
    "usagi",
    "hana",
    "sora",
    "umi",
    "yama",
    "hoshi",
    "tsuki",
    "kaze",
    "yuki",
    "hikari",
    "kokoro",
    "himawari",
    "momiji",
    "tanuki",
    "kitsune",
    "ramen",
    "sushi",
    "tempura",
    "samurai",
    "ninja",
    "sensei",
    # places
    "tokyo",
    "osaka",
    "kyoto",
    "nagoya",
    "yokohama",
    "kobe",
    "sapporo",
    "fukuoka",
    "sendai",
    "hiroshima",
    "okinawa",
    "hokkaido",
    "chiba",
    "saitama",
    "shibuya",
    "shinjuku",
    "fujisan",
    "fuji",
    # family names
    "sato",
    "satou",
    "suzuki",
    "takahashi",
    "tanaka",
    "watanabe",
    "ito",
    "itou",
    "yamamoto",
    "nakamura",
    "kobayashi",
    "kato",
    "katou",
    "yoshida",
    "yamada",
    "sasaki",
    "yamaguchi",
    "matsumoto",
    "inoue",
    "kimura",
    "hayashi",
    "shimizu",
    "yamazaki",
    "mori",
    "abe",
    "ikeda",
    "hashimoto",
    "yamashita",
    "ishikawa",
    "nakajima",
    # first names
    "hiroshi",
    "takashi",
    "kenji",
    "makoto",
    "takeshi",
    "akira",
    "yuki",
    "yuta",
    "shota",
    "daiki",
    "haruto",
    "sota",
    "ren",
    "yuto",
    "kenta",
    "tomoko",
    "yoko",
    "keiko",
    "yumi",
    "akiko",
    "naoko",
    "hanako",
    "taro",
    "tarou",
    "ichiro",
    "jiro",
    "misaki",
    "haruka",
    "aoi",
    "yui",
    "rin",
    "mio",
    "sakurako",
    "nanami",
    "ayaka",
)

# Rows of a Japanese (JIS) keyboard, unshifted and shifted. `!"#$%&'()` is shift+1..9 here, not `!@#$%^&*(`
# as on a US keyboard, so zxcvbn's US graph misses walks such as `!"#$%&`.
JIS_ROWS = (
    ("1234567890-^¥", "!\"#$%&'() =~|"),
    ("qwertyuiop@[", "QWERTYUIOP`{"),
    ("asdfghjkl;:]", "ASDFGHJKL+*}"),
    ("zxcvbnm,./\\", "ZXCVBNM<>?_"),
)
MIN_WALK = 4

_KEY_POSITION: dict[str, tuple[int, int]] = {}
for _row, (_plain, _shifted) in enumerate(JIS_ROWS):
    for _column, (_a, _b) in enumerate(zip(_plain, _shifted, strict=True)):
        _KEY_POSITION.setdefault(_a, (_row, _column))
        if _b != " ":
            _KEY_POSITION.setdefault(_b, (_row, _column))


def jis_keyboard_walks(password: str) -> list[str]:
    """Runs of MIN_WALK or more neighbouring keys along one row of a JIS keyboard, either direction, shift ignored."""
    walks: list[str] = []
    start = 0
    while start < len(password) - 1:
        end = start + 1
        step = _step(password[start], password[end])
        if step is not None:
            while end + 1 < len(password) and _step(password[end], password[end + 1]) == step:
                end += 1
        if step is not None and end - start + 1 >= MIN_WALK:
            walks.append(password[start : end + 1])
            start = end + 1
        else:
            start += 1
    return walks


def _step(a: str, b: str) -> int | None:
    pa, pb = _KEY_POSITION.get(a), _KEY_POSITION.get(b)
    if pa is None or pb is None or pa[0] != pb[0] or abs(pa[1] - pb[1]) != 1:
        return None
    return pb[1] - pa[1]


def japanese_words(password: str) -> list[str]:
    """Japanese words (romaji, four letters or more) the password contains, longest first, without overlaps."""
    lowered = re.sub(r"[^a-z]", " ", password.lower())
    found: list[str] = []
    for word in sorted({w for w in JAPANESE_WORDS if len(w) >= 4}, key=lambda w: (-len(w), w)):
        if word in lowered:
            found.append(word)
            lowered = lowered.replace(word, " ")
    return found
