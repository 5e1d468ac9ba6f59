"""What a tracking request tells about the hit: its network address, its browser, and the page's interaction
summary. Only these are kept, and only for the drill's retention period (docs/drills.md).

The summary comes from static/js/drill-beacon.js in the *query string* of the press (or of the beacon when a
person leaves after using the page), never from the body: the fake form's body is never read, and nothing typed
can reach these few whitelisted, bounded numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from rashinban.clientip import client_ip

MAX_USER_AGENT = 300
INPUTS = {"m": "mouse", "t": "touch", "p": "pen", "k": "key"}
# query key -> (Signals field, upper bound); the numbers are milliseconds or counts
NUMBERS = {"f": ("ms_to_first", 86_400_000), "t": ("ms_to_press", 86_400_000), "m": ("moves", 100_000),
           "j": ("jumps", 100_000), "d": ("press_ms", 600_000)}  # fmt: skip
FLAGS = {"c": ("centred", False), "tr": ("trusted", True), "wd": ("webdriver", False), "p": ("pressed", True)}


@dataclass(frozen=True)
class HitInfo:
    ip: str = ""
    user_agent: str = ""
    signals: dict[str, Any] | None = None


def page_signals(request: HttpRequest) -> dict[str, Any] | None:
    """The page script's summary (classify.Signals as a dict), or None when the script did not run."""
    query = request.GET
    if query.get("js") != "1":
        return None
    signals: dict[str, Any] = {}
    for key, (name, top) in NUMBERS.items():
        text = query.get(key, "")
        if text.isdigit() and len(text) <= 9:
            signals[name] = min(int(text), top)
    for key, (name, default) in FLAGS.items():
        signals[name] = {"1": True, "0": False}.get(query.get(key, ""), default)
    signals["input"] = INPUTS.get(query.get("i", ""), "")
    return signals


def from_request(request: HttpRequest, with_signals: bool = False) -> HitInfo:
    agent = request.META.get("HTTP_USER_AGENT", "")[:MAX_USER_AGENT]
    return HitInfo(client_ip(request), agent, page_signals(request) if with_signals else None)
