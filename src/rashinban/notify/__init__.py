"""Reaching people where they work: chat and mail notifications, signed outgoing webhooks, calendar feeds.

`events.emit(organisation, event, data)` is the one entry point: every event reaches the webhooks that asked for
it and the people whose choices include it, through the channels they chose (see docs/notifications.md and
docs/webhooks.md). Pure parts: `channels.py` (each chat API's request shape), `signing.py` (webhook signatures),
`outbound.py` (which addresses may be called). Sending always goes through the worker (`jobs.py`).
"""
