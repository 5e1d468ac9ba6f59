"""Each chat service's request shape, and sending one short message with a link.

- Slack incoming webhook: POST {"text": ...} to the webhook URL (answers 200 "ok").
- Microsoft Teams, Workflows "when a Teams webhook request is received" (and the older incoming webhook):
  POST a message with one Adaptive Card attachment (answers 200 or 202).
- Chatwork API v2: POST /rooms/{room_id}/messages, header X-ChatWorkToken, form field `body`.
- LINE WORKS API 2.0 bot: an access token from the service account's JWT (RS256, grant type jwt-bearer, scope
  `bot`), then POST /bots/{botId}/channels/{channelId}/messages with {"content": {"type": "text", ...}}.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import jwt
from django.conf import settings
from django.utils.translation import gettext as _

from rashinban.notify import outbound

# The settings each chat kind needs (all of them secret, stored encrypted).
FIELDS: dict[str, tuple[str, ...]] = {
    "slack": ("url",),
    "teams": ("url",),
    "chatwork": ("token", "room_id"),
    "lineworks": ("client_id", "client_secret", "service_account", "private_key", "bot_id", "channel_id"),
}


class SendError(Exception):
    """The service did not take the message; the text is safe to show and store (no secret in it)."""


@dataclass(frozen=True)
class Request:
    url: str
    json_body: object = None
    data: dict | None = None
    headers: dict | None = None


def hint(kind: str, config: dict) -> str:
    """What the owner may see again of a channel's settings: never a secret."""
    if kind in ("slack", "teams"):
        url = config.get("url", "")
        host = url.split("/")[2] if url.count("/") >= 2 else ""
        return f"{host}/…" if host else ""  # the path is the secret: nothing of it
    if kind == "chatwork":
        return _("room %(room)s") % {"room": config.get("room_id", "")}
    if kind == "lineworks":
        return _("bot %(bot)s, channel %(channel)s") % {
            "bot": config.get("bot_id", ""),
            "channel": config.get("channel_id", ""),
        }
    return ""


def message_text(text: str, link: str) -> str:
    return f"{text}\n{link}" if link else text


def request_for(kind: str, config: dict, text: str, link: str, open_label: str, token: str = "") -> Request:
    """The HTTP request that posts `text` (and `link`) to one chat service."""
    if kind == "slack":
        body = f"{text}\n<{link}|{open_label}>" if link else text
        return Request(config["url"], json_body={"text": body})
    if kind == "teams":
        card: dict = {
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "type": "AdaptiveCard",
            "version": "1.4",
            "body": [{"type": "TextBlock", "text": text, "wrap": True}],
        }
        if link:
            card["actions"] = [{"type": "Action.OpenUrl", "title": open_label, "url": link}]
        return Request(
            config["url"],
            json_body={
                "type": "message",
                "attachments": [
                    {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}
                ],
            },
        )
    if kind == "chatwork":
        url = f"{settings.NOTIFY_CHATWORK_API}/rooms/{config['room_id']}/messages"
        return Request(url, data={"body": message_text(text, link)}, headers={"X-ChatWorkToken": config["token"]})
    if kind == "lineworks":
        url = f"{settings.NOTIFY_LINEWORKS_API}/bots/{config['bot_id']}/channels/{config['channel_id']}/messages"
        return Request(
            url,
            json_body={"content": {"type": "text", "text": message_text(text, link)}},
            headers={"Authorization": f"Bearer {token}"},
        )
    raise ValueError(f"unknown channel kind {kind!r}")


def lineworks_token(config: dict) -> str:
    """An access token for the bot, from the service account's signed assertion (LINE WORKS API 2.0)."""
    now = int(time.time())
    try:
        assertion = jwt.encode(
            {"iss": config["client_id"], "sub": config["service_account"], "iat": now, "exp": now + 3600},
            config["private_key"],
            algorithm="RS256",
        )
    except (ValueError, TypeError):
        raise SendError(_("the private key of the LINE WORKS app cannot be read")) from None
    answer = _post(
        outbound.post,
        settings.NOTIFY_LINEWORKS_AUTH,
        data={
            "assertion": assertion,
            "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
            "client_id": config["client_id"],
            "client_secret": config["client_secret"],
            "scope": "bot",
        },
    )
    try:
        import json

        return json.loads(answer.body)["access_token"]
    except (ValueError, KeyError, TypeError):
        raise SendError(_("LINE WORKS gave no access token")) from None


def _post(post, url: str, **kwargs) -> outbound.Answer:  # noqa: ANN001
    try:
        answer = post(url, **kwargs)
    except outbound.Refused as error:
        raise SendError(str(error)) from None
    except Exception as error:  # noqa: BLE001 - a network failure of any kind is a failed attempt
        raise SendError(_("no answer (%(problem)s)") % {"problem": type(error).__name__}) from None
    if answer.status >= 300:
        raise SendError(_("the service answered %(status)s") % {"status": answer.status})
    return answer


def send(kind: str, config: dict, text: str, link: str) -> None:
    """Post one message; raises SendError when the service does not take it."""
    token = lineworks_token(config) if kind == "lineworks" else ""
    request = request_for(kind, config, text, link, _("Open in Rashinban"), token)
    _post(outbound.post, request.url, json_body=request.json_body, data=request.data, headers=request.headers)
