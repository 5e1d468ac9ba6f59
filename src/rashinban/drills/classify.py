"""Who really opened, clicked, submitted and reported: the drill classifier (判定). Pure: no Django model.

Mail gateways, sandboxes and image proxies open drill mails and press buttons on their own. Each hit is judged on
its own evidence and on its recipient's other hits, never on other people's activity (a real click made while a
scanner visited other mailboxes still counts):

1. **Network and client**: a hit from a known scanner network or client (`scanners.py`) is set aside.
2. **Time since delivery**: nobody reads, decides and presses within seconds of the mail arriving.
3. **The page's own evidence** (`Signals`, gathered by static/js/drill-beacon.js): a browser driven by automation
   says so (`navigator.webdriver`); a script's synthetic press is not "trusted"; a sandbox presses at once, at the
   exact centre of the button, with the pointer jumping there, and releases within milliseconds. One of these alone
   is weak (people are sometimes fast); two together set the press aside.
4. **The recipient's other hits**: a press from the same network and browser as a hit already set aside as a scan
   a few minutes earlier or later is the same scanner; the same browser pressing both the link's button and the
   report button within seconds is a sandbox pressing every button (a person who clicks, then thinks better of
   it, needs longer to find the report link at the end of the mail); a press from another device after this
   person's first click, or after their report, is a forward (or the same person on a second device) and counts
   once at most.

Reports are judged like clicks: a sandbox pressing "report" is not a report. A report that arrives through the
company's mailbox (`channel="mailbox"`) comes from the person's own mail client and always counts.
A bare fetch of the link never counts as a click (scanners fetch every link); opens are kept but are unreliable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from rashinban.drills.scanners import Scanner, ScannerList

Event = Literal["open", "landing", "interaction", "submit", "report"]
Status = Literal["counted", "set_aside", "ignored", "forwarded"]
EVENTS: tuple[str, ...] = ("delivered", "open", "landing", "interaction", "submit", "report")
PRESSES = ("interaction", "submit", "report")

DELIVERY_SECONDS = 20  # nobody receives, reads, decides and presses this soon after delivery
READ_MS = 1200  # a press this soon after the page appeared leaves no time to read it
INSTANT_PRESS_MS = 15  # a finger or a mouse button stays down longer than this
SAME_CLIENT = timedelta(minutes=5)  # a sandbox session: its other hits come within this window
EVERY_BUTTON = timedelta(seconds=30)  # the link's button and the report button from one browser this close: a sandbox


@dataclass(frozen=True)
class Signals:
    """What the landing page's script saw before a press (or before the page was left after interaction)."""

    ms_to_first: int | None = None  # page shown → first interaction of any kind
    ms_to_press: int | None = None  # page shown → the press
    moves: int = 0  # pointer moves before the press
    jumps: int = 0  # of those, moves of more than 100 px at once (a pointer teleported by a script)
    press_ms: int | None = None  # button or finger down → up
    centred: bool = False  # pressed within 1 px of the button's exact centre
    input: str = ""  # "mouse" | "touch" | "pen" | "key" | ""
    trusted: bool = True  # the browser's Event.isTrusted: False for a press made by a script
    webdriver: bool = False  # navigator.webdriver: the browser says automation drives it
    pressed: bool = True  # False: the person interacted and left without pressing


@dataclass(frozen=True)
class Hit:
    at: datetime
    event: Event
    ip: str = ""
    user_agent: str = ""
    signals: Signals | None = None
    channel: str = "page"  # "mailbox": a report read from the company's mailbox (issue 19)
    ref: int = 0  # the stored event's id, so that a verdict can be traced back

    @property
    def client(self) -> tuple[str, str] | None:
        return (self.ip, self.user_agent) if self.ip or self.user_agent else None


@dataclass(frozen=True)
class Stream:
    """One recipient's mail: when it was delivered and every hit on its links, in any order."""

    recipient: str
    delivered_at: datetime | None
    hits: tuple[Hit, ...] = ()


@dataclass(frozen=True)
class Reason:
    """Why a hit was judged as it was; `wording.describe` puts it in words (ja/en)."""

    code: str
    event: str
    status: Status
    seconds: float | None = None  # since delivery, or between the hits compared
    scanner: str = ""  # the scanner's id
    details: tuple[str, ...] = ()  # the page's evidence, e.g. ("quick:300", "centred", "instant:2")


@dataclass(frozen=True)
class Judgement:
    hit: Hit
    status: Status
    reason: Reason


@dataclass
class Outcome:
    recipient: str
    opened: bool = False
    clicked: bool = False
    submitted: bool = False
    reported: bool = False
    forwarded: bool = False
    clicks: int = 0  # counted visits with a press or interaction: more than one is a repeat click
    set_aside: int = 0
    first_open_at: datetime | None = None
    first_click_at: datetime | None = None
    first_report_at: datetime | None = None
    judgements: list[Judgement] = field(default_factory=list)

    def reasons(self) -> list[tuple[Reason, int]]:
        """The reasons in time order, identical neighbours folded into one with a count (a proxy's 15 fetches)."""
        folded: list[tuple[Reason, int]] = []
        for judgement in self.judgements:
            reason = judgement.reason
            if folded and _same(folded[-1][0], reason):
                folded[-1] = (folded[-1][0], folded[-1][1] + 1)
            else:
                folded.append((reason, 1))
        return folded


def _same(a: Reason, b: Reason) -> bool:
    return (a.code, a.event, a.status, a.scanner, a.details) == (b.code, b.event, b.status, b.scanner, b.details)


def classify(streams: Iterable[Stream], scanners: ScannerList) -> list[Outcome]:
    """The verdict for every recipient, each from its own stream alone."""
    return [classify_one(stream, scanners) for stream in streams]


def classify_one(stream: Stream, scanners: ScannerList) -> Outcome:
    hits = sorted(stream.hits, key=lambda h: (h.at, h.ref))
    judged = [_alone(hit, stream.delivered_at, scanners) for hit in hits]
    judged = _same_client_as_scan(judged)
    judged = _every_button(judged)
    judged = _forwards(judged)
    return _outcome(stream.recipient, judged)


def _since(hit: Hit, delivered: datetime | None) -> float | None:
    return None if delivered is None else round((hit.at - delivered).total_seconds(), 1)


def _alone(hit: Hit, delivered: datetime | None, scanners: ScannerList) -> Judgement:
    """A hit judged on its own evidence: network, client, time since delivery, the page's signals."""
    age = _since(hit, delivered)
    if hit.event == "report" and hit.channel == "mailbox":
        return Judgement(hit, "counted", Reason("report_mailbox", hit.event, "counted", age))
    scanner: Scanner | None = scanners.match(hit.ip, hit.user_agent)
    if scanner is not None:
        code = "image_proxy" if scanner.kind == "image-proxy" else "known_scanner"
        return Judgement(hit, "set_aside", Reason(code, hit.event, "set_aside", age, scanner.id))
    too_soon = age is not None and age < DELIVERY_SECONDS
    if hit.event == "open":
        if too_soon:
            return Judgement(hit, "set_aside", Reason("too_soon", hit.event, "set_aside", age))
        return Judgement(hit, "counted", Reason("open_unconfirmed", hit.event, "counted", age))
    if hit.event == "landing":
        if too_soon:
            return Judgement(hit, "set_aside", Reason("too_soon", hit.event, "set_aside", age))
        return Judgement(hit, "ignored", Reason("landing_only", hit.event, "ignored", age))
    return _press(hit, age, too_soon)


def _press(hit: Hit, age: float | None, too_soon: bool) -> Judgement:
    """A press (「続行」, the form, the report button) or an interaction, judged by what the page saw."""
    s = hit.signals
    if s is not None and s.webdriver:
        return Judgement(hit, "set_aside", Reason("webdriver", hit.event, "set_aside", age))
    if s is not None and not s.trusted:
        return Judgement(hit, "set_aside", Reason("synthetic", hit.event, "set_aside", age))
    weak = _weak_signs(s)
    if too_soon:
        weak.insert(0, f"soon:{age:g}")
    if s is None:
        weak.append("no_script")
    if len(weak) >= 2:
        return Judgement(hit, "set_aside", Reason("machine_like", hit.event, "set_aside", age, details=tuple(weak)))
    return Judgement(
        hit, "counted", Reason("person", hit.event, "counted", age, details=_person_signs(s) + tuple(weak))
    )


def _weak_signs(s: Signals | None) -> list[str]:
    if s is None:
        return []
    signs = []
    if s.ms_to_press is not None and s.ms_to_press < READ_MS:
        signs.append(f"quick:{s.ms_to_press}")
    if s.input == "mouse" and (s.moves <= 1 or 2 * s.jumps >= s.moves):
        signs.append("no_approach")
    if s.centred:
        signs.append("centred")
    if s.press_ms is not None and s.press_ms < INSTANT_PRESS_MS and s.input in ("mouse", "touch", "pen"):
        signs.append(f"instant:{s.press_ms}")
    return signs


def _person_signs(s: Signals | None) -> tuple[str, ...]:
    if s is None:
        return ()
    signs = [f"after:{s.ms_to_press}"] if s.ms_to_press is not None else []
    if s.input:
        signs.append(f"input:{s.input}")
    if not s.pressed:
        signs.append("left")
    return tuple(signs)


def _strong_scan(j: Judgement) -> bool:
    """Set aside as a scanner's on firm ground (not only for being early, which a person's own fetch may be)."""
    return j.status == "set_aside" and (j.reason.code != "too_soon")


def _same_client_as_scan(judged: list[Judgement]) -> list[Judgement]:
    """A counted press from the same network and browser as a scan within a few minutes is that scanner too."""
    scans = [j for j in judged if _strong_scan(j) and j.hit.client is not None]
    if not scans:
        return judged
    result = []
    for j in judged:
        if j.status == "counted" and j.hit.event in PRESSES and j.hit.client is not None and j.hit.channel == "page":
            near = [s for s in scans if s.hit.client == j.hit.client and abs(s.hit.at - j.hit.at) <= SAME_CLIENT]
            if near:
                gap = round(abs((j.hit.at - near[0].hit.at).total_seconds()), 1)
                reason = Reason("same_client_as_scan", j.hit.event, "set_aside", gap, near[0].reason.scanner)
                j = Judgement(j.hit, "set_aside", reason)
        result.append(j)
    return result


def _every_button(judged: list[Judgement]) -> list[Judgement]:
    """A browser that pressed the link's button and the report button within seconds of each other is a sandbox."""
    presses = [j for j in judged if j.status == "counted" and j.hit.channel == "page" and j.hit.client is not None
               and j.hit.event in PRESSES]  # fmt: skip
    reports = [j for j in presses if j.hit.event == "report"]
    clicks = [j for j in presses if j.hit.event != "report"]
    caught: dict[int, float] = {}
    for report in reports:
        for click in clicks:
            gap = abs((report.hit.at - click.hit.at).total_seconds())
            if click.hit.client == report.hit.client and gap <= EVERY_BUTTON.total_seconds():
                caught[id(report)] = caught[id(click)] = round(gap, 1)
    if not caught:
        return judged
    return [
        Judgement(j.hit, "set_aside", Reason("every_button", j.hit.event, "set_aside", caught[id(j)]))
        if id(j) in caught else j
        for j in judged
    ]  # fmt: skip


def _forwards(judged: list[Judgement]) -> list[Judgement]:
    """After this person's first counted click (or their report), presses from another device are not theirs."""
    own_device: str | None = None
    report_client: tuple[str, str] | None = None
    reported_at: datetime | None = None
    result = []
    for j in judged:
        hit = j.hit
        if j.status == "counted" and hit.event == "report" and reported_at is None:
            reported_at = hit.at
            report_client = hit.client if hit.channel == "page" else None
        elif j.status == "counted" and hit.event in ("interaction", "submit"):
            if reported_at is not None and own_device is None and hit.client != report_client:
                j = Judgement(hit, "forwarded", Reason("after_report", hit.event, "forwarded", _gap(hit, reported_at)))
            elif own_device is None:
                own_device = hit.user_agent
            elif hit.user_agent != own_device:
                j = Judgement(hit, "forwarded", Reason("other_device", hit.event, "forwarded"))
        result.append(j)
    return result


def _gap(hit: Hit, earlier: datetime) -> float:
    return round((hit.at - earlier).total_seconds(), 1)


def _outcome(recipient: str, judged: Sequence[Judgement]) -> Outcome:
    out = Outcome(recipient, judgements=list(judged))
    for j in judged:
        hit = j.hit
        if j.status == "set_aside":
            out.set_aside += 1
        elif j.status == "forwarded":
            out.forwarded = True
        if j.status != "counted":
            continue
        if hit.event == "open":
            out.opened = True
            out.first_open_at = out.first_open_at or hit.at
        elif hit.event in ("interaction", "submit"):
            out.clicked = True
            out.submitted = out.submitted or hit.event == "submit"
            out.first_click_at = out.first_click_at or hit.at
            out.clicks += hit.event == "interaction"
        elif hit.event == "report":
            out.reported = True
            out.first_report_at = out.first_report_at or hit.at
    if out.clicked and out.clicks == 0:
        out.clicks = 1  # a form sent without the 「続行」 press being seen (the page opened straight on it)
    out.opened = out.opened or out.clicked or out.reported
    return out
