"""The scenario corpus: one recipient's hits as a real scanner or person produces them, each with the verdict a
security team would want. Written from how the services behave (sources in docs/drills.md and in
src/rashinban/drills/scanners.yaml) and from how people read and press on desktops and phones.

`CORPUS` maps a scenario's name to (stream, expected); `expected` lists only what the team cares about.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from rashinban.drills.classify import Hit, Signals, Stream

T0 = datetime.fromisoformat("2026-04-01T08:00:00+09:00")
OFFICE, PHONE_IP, OTHER_OFFICE = "203.0.113.10", "198.51.100.77", "203.0.113.200"
EOP, DETONATION, UNKNOWN_SANDBOX = "40.107.218.12", "40.94.89.23", "192.0.2.44"
CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)
OLD_CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/101.0.4951.54 Safari/537.36"
SAFARI_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
OUTLOOK = "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)"
GMAIL_PROXY = "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)"
HEADLESS = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36"
)

# A person at a desk: read for 7 s, moved the mouse in 46 small steps, held the button for a tenth of a second.
DESK = Signals(ms_to_first=600, ms_to_press=7400, moves=46, jumps=1, press_ms=104, input="mouse")
# A person on a phone: read for 4 s, tapped.
TAP = Signals(ms_to_first=800, ms_to_press=4200, press_ms=78, input="touch")
# Keyboard: tabbed to the button and pressed Enter after 3 s.
KEYS = Signals(ms_to_first=1200, ms_to_press=3100, input="key")
# Playwright's page.click(): the pointer jumps to the exact centre, presses and releases at once.
ROBOT = Signals(ms_to_first=240, ms_to_press=300, moves=1, press_ms=1, centred=True, input="mouse")
# A sandbox that waits a minute on the page, wiggles the pointer by teleporting it, then clicks the centre.
PATIENT_ROBOT = Signals(ms_to_first=60_000, ms_to_press=61_500, moves=4, jumps=4, press_ms=2, centred=True,
                        input="mouse")  # fmt: skip


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def press(seconds: float, event: str, ip: str, agent: str, signals: Signals | None, **extra) -> Hit:  # type: ignore[no-untyped-def]
    return Hit(at(seconds), event, ip, agent, signals, **extra)  # type: ignore[arg-type]


def every_button(start: float, ip: str, agent: str, signals: Signals = ROBOT) -> list[Hit]:
    """A sandbox opening the link and pressing 「続行」, the fake form and the report button."""
    step = (signals.ms_to_press or 300) / 1000
    return [Hit(at(start), "landing", ip, agent), press(start + step, "interaction", ip, agent, signals),
            press(start + 2 * step, "submit", ip, agent, signals),
            press(start + 3 * step, "report", ip, agent, signals)]  # fmt: skip


def person_clicks(start: float, ip: str = OFFICE, agent: str = CHROME, signals: Signals = DESK) -> list[Hit]:
    return [Hit(at(start), "landing", ip, agent), press(start + signals.ms_to_press / 1000, "interaction", ip, agent,
                                                        signals)]  # fmt: skip


def stream(*hits: Hit | list[Hit], delivered: float = 0) -> Stream:
    flat: list[Hit] = []
    for item in hits:
        flat += item if isinstance(item, list) else [item]
    return Stream("someone@example.co.jp", at(delivered), tuple(flat))


NOTHING = {"clicked": False, "submitted": False, "reported": False}
CORPUS: dict[str, tuple[Stream, dict]] = {  # type: ignore[type-arg]
    # --- Microsoft 365: Safe Links fetches every link at delivery (gophish#973, #2115).
    "safe-links-fetch-at-delivery": (
        stream(
            Hit(at(0.4), "landing", EOP, OLD_CHROME),
            Hit(at(0.5), "landing", EOP, OLD_CHROME),
            Hit(at(0.9), "open", EOP, OLD_CHROME),
        ),  # fmt: skip
        {**NOTHING, "opened": False, "set_aside": 3},
    ),
    # --- Defender's detonation runs the page and presses every button (gophish#2646).
    "defender-detonation-presses-every-button": (
        stream(every_button(9, DETONATION, OLD_CHROME)),
        {**NOTHING, "set_aside": 4},
    ),
    # --- Outlook's "Report phishing" button: the report reaches the mailbox, then Defender detonates (gophish#3317).
    "outlook-report-then-detonation": (
        stream(Hit(at(1800), "report", channel="mailbox"), every_button(1840, DETONATION, OLD_CHROME)),
        {"clicked": False, "reported": True, "set_aside": 4},
    ),
    # --- A sandbox on a network no list knows, a minute after delivery, pressing everything (the case).
    "unknown-sandbox-presses-every-button-60s-after-delivery": (
        stream(every_button(60, UNKNOWN_SANDBOX, OLD_CHROME)),
        {**NOTHING, "set_aside": 3},
    ),
    "patient-sandbox-teleports-the-pointer": (
        stream(
            Hit(at(60), "landing", UNKNOWN_SANDBOX, CHROME),
            press(122, "interaction", UNKNOWN_SANDBOX, CHROME, PATIENT_ROBOT),
        ),  # fmt: skip
        {**NOTHING, "set_aside": 1},
    ),
    "browser-driven-by-automation-says-so": (
        stream(
            Hit(at(300), "landing", UNKNOWN_SANDBOX, CHROME),
            press(305, "interaction", UNKNOWN_SANDBOX, CHROME, Signals(**{**DESK.__dict__, "webdriver": True})),
        ),
        {**NOTHING, "set_aside": 1},
    ),
    "a-script-clicks-the-button": (
        stream(press(400, "report", UNKNOWN_SANDBOX, CHROME, Signals(**{**DESK.__dict__, "trusted": False}))),
        {**NOTHING, "set_aside": 1},
    ),
    "headless-chrome": (
        stream(
            Hit(at(90), "landing", UNKNOWN_SANDBOX, HEADLESS), press(92, "interaction", UNKNOWN_SANDBOX, HEADLESS, DESK)
        ),  # fmt: skip
        {**NOTHING, "set_aside": 2},
    ),
    "chat-link-preview": (
        stream(Hit(at(3000), "landing", "54.1.2.3", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)")),
        {**NOTHING, "set_aside": 1},
    ),
    # --- Image proxies and privacy protection: opens that say nothing about the reader.
    "gmail-image-proxy": (
        stream(Hit(at(2), "open", "66.249.84.9", GMAIL_PROXY), Hit(at(4000), "open", "66.249.84.10", GMAIL_PROXY)),
        {**NOTHING, "opened": False, "set_aside": 2},
    ),
    "apple-mail-privacy-protection-prefetch": (
        stream(Hit(at(4), "open", "17.58.1.2", "Mozilla/5.0"), Hit(at(900), "open", "17.58.3.4", "Mozilla/5.0")),
        {**NOTHING},  # the early one is set aside; the later one is an "open", which the page calls unreliable
    ),
    # --- URL-rewriting gateways (Proofpoint URL Defense, Mimecast URL Protect) check at the moment of the click.
    "rewriting-gateway-checks-then-the-person-clicks": (
        stream(
            Hit(at(2400), "landing", "185.58.85.12", "Mozilla/5.0 (compatible; URL checker)"), person_clicks(2400.8)
        ),  # fmt: skip
        {"clicked": True, "reported": False, "clicks": 1},
    ),
    # --- People.
    "person-at-a-desk": (
        stream(Hit(at(2000), "open", OFFICE, OUTLOOK), person_clicks(2030)),
        {"clicked": True, "opened": True, "reported": False, "set_aside": 0, "clicks": 1},
    ),
    "person-on-a-phone-clicks-and-types": (
        stream(person_clicks(5000, PHONE_IP, IPHONE, TAP), press(5030, "submit", PHONE_IP, IPHONE, TAP)),
        {"clicked": True, "submitted": True, "reported": False},
    ),
    "person-with-the-keyboard": (
        stream(person_clicks(1500, signals=KEYS)),
        {"clicked": True, "reported": False},
    ),
    "person-with-scripts-off": (
        stream(Hit(at(3600), "landing", OFFICE, CHROME), press(3612, "interaction", OFFICE, CHROME, None)),
        {"clicked": True},
    ),
    "person-reports-on-a-phone": (
        stream(press(700, "report", PHONE_IP, IPHONE, TAP)),
        {"clicked": False, "reported": True},
    ),
    "person-reports-through-the-mailbox": (
        stream(Hit(at(700), "report", channel="mailbox")),
        {"clicked": False, "reported": True},
    ),
    "a-quick-reader-clicks-15-s-after-delivery": (
        stream(
            person_clicks(8, signals=Signals(ms_to_first=300, ms_to_press=6500, moves=30, press_ms=90, input="mouse"))
        ),  # fmt: skip
        {"clicked": True},
    ),
    "safe-links-at-delivery-then-the-person-clicks": (
        stream(Hit(at(1), "landing", EOP, OLD_CHROME), person_clicks(1800)),
        {"clicked": True, "set_aside": 1},
    ),
    "sandbox-with-the-same-browser-as-the-person": (
        stream(every_button(30, DETONATION, CHROME), person_clicks(7200, OFFICE, CHROME)),
        {"clicked": True, "reported": False, "set_aside": 4},
    ),
    "unknown-sandbox-then-the-person-hours-later": (
        stream(every_button(60, UNKNOWN_SANDBOX, CHROME), person_clicks(9000, OFFICE, CHROME)),
        {"clicked": True, "reported": False, "set_aside": 3},
    ),
    "same-browser-teleports-after-a-scan": (
        # The sandbox's landing looked harmless, its press machine-like; its form a minute later looks human:
        # the same network and browser within minutes make it the same sandbox.
        stream(
            Hit(at(60), "landing", UNKNOWN_SANDBOX, OLD_CHROME),
            press(60.4, "interaction", UNKNOWN_SANDBOX, OLD_CHROME, ROBOT),
            press(130, "submit", UNKNOWN_SANDBOX, OLD_CHROME, DESK),
        ),  # fmt: skip
        {**NOTHING, "set_aside": 2},
    ),
    "repeat-clicks-on-the-same-computer": (
        stream(person_clicks(2000), person_clicks(20000)),
        {"clicked": True, "clicks": 2, "forwarded": False},
    ),
    "clicked-then-forwarded-to-a-colleague-who-clicks": (
        stream(person_clicks(2000), person_clicks(9000, OTHER_OFFICE, SAFARI_MAC)),
        {"clicked": True, "clicks": 1, "forwarded": True},
    ),
    "reported-then-the-it-desk-opens-it": (
        # The ticketing system's reader opens the reported mail's link (gophish#2853): not this person's click.
        stream(press(600, "report", PHONE_IP, IPHONE, TAP), person_clicks(3600, OTHER_OFFICE, SAFARI_MAC)),
        {"clicked": False, "reported": True, "forwarded": True},
    ),
    "reported-through-the-mailbox-then-someone-clicks": (
        stream(Hit(at(600), "report", channel="mailbox"), person_clicks(1800, OTHER_OFFICE, SAFARI_MAC)),
        {"clicked": False, "reported": True, "forwarded": True},
    ),
    "reported-then-clicked-on-the-same-phone": (
        stream(press(600, "report", PHONE_IP, IPHONE, TAP), person_clicks(5000, PHONE_IP, IPHONE, TAP)),
        {"clicked": True, "reported": True, "forwarded": False},
    ),
    "looked-at-the-page-and-left": (
        stream(
            Hit(at(4000), "landing", OFFICE, CHROME),
            press(
                4009,
                "interaction",
                OFFICE,
                CHROME,
                Signals(ms_to_first=700, ms_to_press=9000, moves=25, input="", pressed=False),
            ),
        ),  # fmt: skip
        {"clicked": True},
    ),
    "bare-fetch-long-after-delivery": (
        stream(Hit(at(9000), "landing", OFFICE, CHROME)),
        {**NOTHING, "set_aside": 0},
    ),
}
