"""Synthetic drill traffic with its ground truth: people and scanners behaving as documented (docs/drills.md,
"How scanners behave"), for the scenario tests, the precision and recall measurement (bench/drill_classify.py)
and the page benchmarks. Pure, seeded, never used to judge anything.

Behaviours, each from a source or an observation:
- Microsoft Safe Links fetches every link from Exchange Online's networks seconds after delivery (gophish#973,
  #2115) and its sandbox runs the page from 40.94.x, loading its scripts (gophish#2646);
- a sandbox that simulates a user presses every button a minute after delivery: at once, at the exact centre,
  the pointer teleported there, released within milliseconds (the issue's measurement; Playwright's own click);
- Gmail's image proxy and Apple Mail Privacy Protection load images without the reader (their documentation);
- URL-rewriting gateways check the link from their own network at the moment of the person's click, just
  before redirecting the person's browser (Proofpoint URL Defense, Mimecast URL Protect documentation);
- people read before they press (seconds, log-normal), move the pointer there in many small steps or tap,
  and hold the button for tens of milliseconds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from rashinban.drills.classify import Hit, Signals, Stream

OFFICE_NET = "203.0.113.{}"  # TEST-NET-3: the company's office
PHONE_NET = "198.51.100.{}"  # TEST-NET-2: phones on a mobile network
SANDBOX_NET = "192.0.2.{}"  # TEST-NET-1: a sandbox on a network no list knows
SAFE_LINKS_NET = "40.107.{}.{}"  # Exchange Online Protection
DETONATION_NET = "40.94.89.{}"  # Defender detonation as observed in gophish#2646
DESKTOP_UA = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)
PHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
OTHER_DESKTOP_UA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"
SANDBOX_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/101.0.4951.54 Safari/537.36"
OUTLOOK_UA = "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)"
GMAIL_PROXY_UA = "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)"
MPP_UA = "Mozilla/5.0"


def _s(seconds: float) -> timedelta:
    return timedelta(seconds=seconds)


@dataclass
class Person:
    """A recipient's truth and the hits their mail collected."""

    recipient: str
    delivered_at: datetime
    clicked: bool = False
    reported: bool = False
    hits: list[Hit] = field(default_factory=list)

    def stream(self) -> Stream:
        return Stream(self.recipient, self.delivered_at, tuple(sorted(self.hits, key=lambda h: h.at)))


# ---------------------------------------------------------------- people


def human_signals(rng: random.Random, device: str, pressed: bool = True) -> Signals:
    """A person reading, then pressing: most take seconds; a few are quick."""
    read_ms = int(min(120_000, max(450, rng.lognormvariate(8.4, 0.7))))  # median about 4.4 s
    if device == "phone":
        return Signals(ms_to_first=rng.randint(150, 1500), ms_to_press=read_ms, moves=0, jumps=0,
                       press_ms=max(8, int(rng.gauss(85, 30))), centred=rng.random() < 0.003, input="touch",
                       pressed=pressed)  # fmt: skip
    if device == "keyboard":
        return Signals(ms_to_first=read_ms - 200, ms_to_press=read_ms, input="key", pressed=pressed)
    moves = rng.randint(8, 120)
    return Signals(ms_to_first=rng.randint(100, 2000), ms_to_press=read_ms, moves=moves,
                   jumps=rng.choice((0, 0, 0, 1, 2)), press_ms=max(10, int(rng.gauss(100, 35))),
                   centred=rng.random() < 0.003, input="mouse", pressed=pressed)  # fmt: skip


def person_clicks(rng: random.Random, p: Person, at: datetime, device: str = "desktop", form: bool = True,
                  open_pixel: bool = True) -> None:  # fmt: skip
    """Reads the mail, opens the link, presses 「続行」 and (sometimes) sends the fake form."""
    ip, ua = (PHONE_NET.format(rng.randint(1, 254)), PHONE_UA) if device == "phone" else (
        OFFICE_NET.format(rng.randint(1, 254)), DESKTOP_UA)  # fmt: skip
    if open_pixel:
        p.hits.append(Hit(at - _s(rng.uniform(5, 60)), "open", ip, OUTLOOK_UA if device != "phone" else PHONE_UA))
    if rng.random() < 0.01:  # scripts off: the button still works, without the page's summary
        p.hits += [Hit(at, "landing", ip, ua), Hit(at + _s(rng.uniform(2, 20)), "interaction", ip, ua)]
    else:
        signals = human_signals(rng, device)
        p.hits += [Hit(at, "landing", ip, ua), Hit(at + _s(signals.ms_to_press / 1000), "interaction", ip, ua, signals)]
        if form and rng.random() < 0.5:
            typed = human_signals(rng, device)
            p.hits.append(Hit(at + _s(signals.ms_to_press / 1000 + 5 + typed.ms_to_press / 1000), "submit", ip, ua,
                              typed))  # fmt: skip
    p.clicked = True


def person_reports(rng: random.Random, p: Person, at: datetime, device: str = "desktop", mailbox: bool = False) -> None:
    if mailbox:
        p.hits.append(Hit(at, "report", channel="mailbox"))
    else:
        ip, ua = (PHONE_NET.format(rng.randint(1, 254)), PHONE_UA) if device == "phone" else (
            OFFICE_NET.format(rng.randint(1, 254)), DESKTOP_UA)  # fmt: skip
        signals = human_signals(rng, device)
        p.hits.append(Hit(at + _s(signals.ms_to_press / 1000), "report", ip, ua, signals))
    p.reported = True


def colleague_clicks(rng: random.Random, p: Person, at: datetime) -> None:
    """The mail forwarded: someone else opens the link on another computer."""
    ip = OFFICE_NET.format(rng.randint(1, 254))
    signals = human_signals(rng, "desktop")
    p.hits += [Hit(at, "landing", ip, OTHER_DESKTOP_UA),
               Hit(at + _s(signals.ms_to_press / 1000), "interaction", ip, OTHER_DESKTOP_UA, signals)]  # fmt: skip


# ---------------------------------------------------------------- scanners


def machine_signals(rng: random.Random, clever: bool = False) -> Signals:
    """A sandbox's press: Playwright-like by default; `clever` ones wait, wiggle and hold, yet teleport."""
    if clever:
        return Signals(ms_to_first=rng.randint(500, 3000), ms_to_press=rng.randint(2000, 9000),
                       moves=rng.randint(2, 6), jumps=rng.randint(2, 6), press_ms=rng.randint(40, 120),
                       centred=False, input="mouse")  # fmt: skip
    return Signals(ms_to_first=rng.randint(50, 600), ms_to_press=rng.randint(80, 900), moves=rng.choice((0, 1)),
                   jumps=0, press_ms=rng.randint(0, 3), centred=True, input="mouse")  # fmt: skip


def safe_links(rng: random.Random, p: Person) -> None:
    """Exchange Online fetching every link (and the image) seconds after delivery."""
    ip = SAFE_LINKS_NET.format(rng.randint(0, 255), rng.randint(1, 254))
    start = p.delivered_at + _s(rng.uniform(0.2, 8))
    p.hits += [Hit(start, "landing", ip, SANDBOX_UA), Hit(start + _s(0.3), "open", ip, SANDBOX_UA)]


def sandbox_presses_everything(rng: random.Random, p: Person, ip: str, at: datetime, clever: bool = False) -> None:
    """A sandbox runs the page and presses every button: 「続行」, the fake form, then the report link's button
    (a clever one sometimes follows only the first link)."""
    t = at
    p.hits.append(Hit(t, "landing", ip, SANDBOX_UA))
    events = ("interaction", "submit") if clever and rng.random() < 0.5 else ("interaction", "submit", "report")
    for event in events:
        signals = machine_signals(rng, clever)
        t += _s(signals.ms_to_press / 1000)
        p.hits.append(Hit(t, event, ip, SANDBOX_UA, signals))  # type: ignore[arg-type]


def detonation(rng: random.Random, p: Person, after: datetime | None = None) -> None:
    """Defender's sandbox from 40.94.x, at delivery or after an Outlook "Report phishing" (gophish#3317)."""
    at = (after or p.delivered_at) + _s(rng.uniform(3, 90))
    sandbox_presses_everything(rng, p, DETONATION_NET.format(rng.randint(1, 254)), at)


def unknown_sandbox(rng: random.Random, p: Person, clever: bool = False) -> None:
    """A sandbox on a network no list knows, a minute after delivery."""
    at = p.delivered_at + _s(rng.uniform(45, 120))
    sandbox_presses_everything(rng, p, SANDBOX_NET.format(rng.randint(1, 254)), at, clever)


def image_proxy(rng: random.Random, p: Person, apple: bool = False) -> None:
    at = p.delivered_at + _s(rng.uniform(1, 600))
    ip = f"17.58.{rng.randint(0, 255)}.{rng.randint(1, 254)}" if apple else f"66.249.84.{rng.randint(1, 254)}"
    p.hits.append(Hit(at, "open", ip, MPP_UA if apple else GMAIL_PROXY_UA))


def gateway_check(rng: random.Random, p: Person) -> None:
    """A URL-rewriting gateway checks the link from its network just before the person's browser arrives."""
    presses = [h for h in p.hits if h.event == "landing" and h.ip.startswith(("203.", "198."))]
    for landing in presses:
        ip = f"185.58.{rng.randint(84, 87)}.{rng.randint(1, 254)}"
        p.hits.append(
            Hit(landing.at - _s(rng.uniform(0.2, 1.5)), "landing", ip, "Mozilla/5.0 (compatible; URL checker)")
        )


# ---------------------------------------------------------------- a whole drill


@dataclass(frozen=True)
class Mix:
    """Shares of a realistic drill (a Japanese SME on Microsoft 365 or Google Workspace)."""

    clickers: float = 0.12
    reporters: float = 0.25
    report_by_mailbox: float = 0.4
    phone: float = 0.35
    microsoft: float = 0.6  # Safe Links on every mail; Defender's sandbox on some
    detonated: float = 0.3
    gmail: float = 0.25
    apple_mail: float = 0.2
    unknown_sandbox: float = 0.05
    clever_sandbox: float = 0.2  # of the unknown sandboxes
    gateway: float = 0.1
    forwards: float = 0.05
    # Hard cases the classifier is expected to get wrong now and then (they lower the measured figures):
    forwarded_unread: float = 0.005  # forwarded without clicking; the colleague's click is blamed on the recipient
    quick_regret: float = 0.03  # of clickers who also report: reported within 30 s of clicking, same browser
    curious_after_report: float = 0.02  # of mailbox reporters: clicked their own link later anyway


def drill(count: int, seed: int = 1, start: datetime | None = None, mix: Mix | None = None,
          peak: bool = True) -> list[Person]:  # fmt: skip
    """`count` people mailed over an hour from 8:00; with `peak`, everyone reads between 9:00 and 9:30."""
    rng, mix = random.Random(seed), mix or Mix()
    start = start or datetime.fromisoformat("2026-04-01T08:00:00+09:00")
    people = []
    for n in range(count):
        p = Person(f"person{n:05d}@example.co.jp", start + _s(rng.uniform(0, 3600)))
        read_at = (start + _s(3600 + rng.uniform(0, 1800))) if peak else p.delivered_at + _s(rng.uniform(60, 8 * 3600))
        device = "phone" if rng.random() < mix.phone else "desktop"
        microsoft = rng.random() < mix.microsoft
        if microsoft:
            safe_links(rng, p)
            if rng.random() < mix.detonated:
                detonation(rng, p)
        elif rng.random() < mix.gmail / (1 - mix.microsoft):
            image_proxy(rng, p)
        if rng.random() < mix.apple_mail:
            image_proxy(rng, p, apple=True)
        if rng.random() < mix.unknown_sandbox:
            unknown_sandbox(rng, p, clever=rng.random() < mix.clever_sandbox)
        if rng.random() < mix.clickers:
            person_clicks(rng, p, read_at, device)
            if rng.random() < mix.forwards:
                colleague_clicks(rng, p, read_at + _s(rng.uniform(600, 7200)))
        else:
            if rng.random() < 0.5:
                p.hits.append(Hit(read_at, "open", OFFICE_NET.format(rng.randint(1, 254)), OUTLOOK_UA))
            if rng.random() < mix.forwarded_unread:
                colleague_clicks(rng, p, read_at + _s(rng.uniform(600, 7200)))
        if rng.random() < mix.reporters:
            mailbox = rng.random() < mix.report_by_mailbox
            quick = p.clicked and not mailbox and rng.random() < mix.quick_regret
            last_press = max((h.at for h in p.hits if h.event in ("interaction", "submit")), default=read_at)
            report_at = last_press + _s(rng.uniform(8, 25)) if quick else read_at + _s(rng.uniform(20, 600))
            person_reports(rng, p, report_at, device, mailbox)
            if quick:  # the same browser as the click
                click = next(h for h in p.hits if h.event == "interaction")
                p.hits[-1] = Hit(p.hits[-1].at, "report", click.ip, click.user_agent, p.hits[-1].signals)
            if mailbox and microsoft and rng.random() < 0.5:
                detonation(rng, p, after=report_at)  # Outlook's report button has Defender detonate the links
            if mailbox and not p.clicked and rng.random() < mix.curious_after_report:
                person_clicks(rng, p, report_at + _s(rng.uniform(120, 3600)), device, open_pixel=False)
        if rng.random() < mix.gateway:
            gateway_check(rng, p)
        people.append(p)
    return people
