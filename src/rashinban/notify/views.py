"""The notifications page: chat channels and webhooks (owners), each person's choices and calendar feed."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rashinban import crypto
from rashinban.notify import channels, events, feeds, webhooks
from rashinban.notify.forms import ChannelForm, EndpointForm, QuietForm
from rashinban.notify.jobs import test_message
from rashinban.notify.models import CHAT_KINDS, Channel, ChannelKind, Endpoint, Feed, PersonChoice
from rashinban.orgs.choices import Role
from rashinban.orgs.tenancy import get_scoped_or_404, org_view, scoped

OWNER = [Role.OWNER]


def _page(request: HttpRequest, **extra) -> HttpResponse:  # noqa: ANN003
    org, membership = request.org, request.membership  # type: ignore[attr-defined]
    owner = membership.role == Role.OWNER
    rooms = {c.kind: c for c in scoped(Channel.objects.all(), org)}
    kinds = [
        {
            "kind": kind.value,
            "label": kind.label,
            "room": rooms.get(kind.value),
            "form": extra.get("forms", {}).get(kind.value)
            or ChannelForm(kind.value, channels.FIELDS[kind.value], prefix=kind.value),
        }
        for kind in CHAT_KINDS
    ]
    choice = PersonChoice.objects.filter(organisation=org, user=request.user).first()
    available = [ChannelKind.EMAIL.value] + [k for k, c in rooms.items() if c.paused_at is None]
    grid = []
    for spec in events.EVENTS.values():
        if spec.audience == events.OWNERS and not owner:
            continue
        chosen = events.channels_for(choice, spec, membership.role)
        grid.append(
            {
                "event": spec.name,
                "label": spec.label,
                "cells": [
                    {"kind": k, "checked": k in chosen, "disabled": k == ChannelKind.EMAIL and not spec.email}
                    for k in available
                ],
            }
        )
    quiet = QuietForm(
        initial={
            "quiet_from": choice.quiet_from if choice else None,
            "quiet_until": choice.quiet_until if choice else None,
            "digest": choice.digest if choice else False,
        }
    )
    feeds_of = scoped(Feed.objects.filter(user=request.user, revoked_at=None), org)
    context = {
        "owner": owner,
        "kinds": kinds,
        "available": [{"kind": k, "label": ChannelKind(k).label} for k in available],
        "grid": grid,
        "quiet": quiet,
        "endpoints": list(scoped(Endpoint.objects.all(), org).order_by("id")) if owner else [],
        "endpoint_form": extra.get("endpoint_form") or EndpointForm(),
        "my_feed": feeds_of.filter(company=False).first(),
        "company_feed": feeds_of.filter(company=True).first(),
        **{k: v for k, v in extra.items() if k not in ("forms", "endpoint_form")},
    }
    return render(request, "notify/settings.html", context, status=extra.get("status", 200))


@org_view()
def settings_page(request: HttpRequest) -> HttpResponse:
    return _page(request)


@org_view(roles=OWNER)
@require_POST
def channel_connect(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in channels.FIELDS:
        raise Http404
    org = request.org  # type: ignore[attr-defined]
    form = ChannelForm(kind, channels.FIELDS[kind], request.POST, prefix=kind)
    if not form.is_valid():
        return _page(request, forms={kind: form}, status=400)
    config = {name: form.cleaned_data[name] for name in channels.FIELDS[kind]}
    with transaction.atomic():
        room, _created = Channel.objects.get_or_create(organisation=org, kind=kind)
        room.set_config(config)
        room.hint = channels.hint(kind, config)[:120]
        room.paused_at, room.failures, room.last_error = None, 0, ""
        room.save()
    messages.success(request, _("Saved. Send a test message to see that it arrives."))
    return redirect(reverse("notify:settings", args=[org.pk]) + f"#channel-{kind}")


@org_view(roles=OWNER)
@require_POST
def channel_test(request: HttpRequest, kind: str) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    room = get_scoped_or_404(Channel.objects.select_related("organisation"), org, kind=kind)
    try:
        test_message(room)
    except channels.SendError as error:
        Channel.objects.filter(pk=room.pk).update(last_error=str(error)[:300])
        messages.error(request, _("The test message did not arrive: %(problem)s") % {"problem": error})
    else:
        messages.success(request, _("Test message sent to %(channel)s.") % {"channel": room.get_kind_display()})
    return redirect(reverse("notify:settings", args=[org.pk]) + f"#channel-{kind}")


@org_view(roles=OWNER)
@require_POST
def channel_remove(request: HttpRequest, kind: str) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    get_scoped_or_404(Channel.objects.all(), org, kind=kind).delete()
    messages.success(request, _("Disconnected."))
    return redirect("notify:settings", org.pk)


@org_view()
@require_POST
def choices_save(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    form = QuietForm(request.POST)
    if not form.is_valid():
        return _page(request, quiet_errors=form.errors, status=400)
    chosen = {name: [k for k in ChannelKind.values if request.POST.get(f"c-{name}-{k}")] for name in events.EVENTS}
    PersonChoice.objects.update_or_create(
        organisation=org,
        user=request.user,
        defaults={"choices": chosen, **form.cleaned_data},
    )
    messages.success(request, _("Your choices are saved."))
    return redirect("notify:settings", org.pk)


@org_view(roles=OWNER)
@require_POST
def endpoint_add(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    form = EndpointForm(request.POST)
    if not form.is_valid():
        return _page(request, endpoint_form=form, status=400)
    secret = Endpoint.new_secret()
    endpoint = Endpoint.objects.create(
        organisation=org,
        url=form.cleaned_data["url"],
        events=form.cleaned_data["events"],
        secret=crypto.encrypt(secret, crypto.NOTIFY_SECRET),
    )
    # The secret is shown on this answer only; it is never shown again.
    return _page(request, new_secret=secret, new_endpoint=endpoint)


def _endpoint(request: HttpRequest, pk: int) -> Endpoint:
    return get_scoped_or_404(Endpoint.objects.select_related("organisation"), request.org, pk=pk)  # type: ignore[attr-defined]


@org_view(roles=OWNER)
def endpoint_log(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(request, pk)
    deliveries = list(endpoint.deliveries.order_by("-id").prefetch_related("log")[:100])
    for delivery in deliveries:
        tries = list(delivery.log.all())
        delivery.last_attempt = max(tries, key=lambda a: a.id) if tries else None
    return render(request, "notify/endpoint.html", {"endpoint": endpoint, "deliveries": deliveries})


@org_view(roles=OWNER)
@require_POST
def endpoint_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    endpoint = _endpoint(request, pk)
    org = request.org  # type: ignore[attr-defined]
    if action == "test":
        if endpoint.active:
            webhooks.record(org, webhooks.TEST_EVENT, {"message": "test"})
        messages.success(request, _("A test event was sent; see the log below."))
    elif action == "enable":
        webhooks.enable(endpoint)
        from rashinban.notify.jobs import queue_webhook

        queue_webhook(endpoint.pk)
        messages.success(request, _("Switched on again."))
    elif action == "delete":
        endpoint.delete()
        messages.success(request, _("Removed."))
        return redirect("notify:settings", org.pk)
    else:
        raise Http404
    return redirect("notify:endpoint", org.pk, endpoint.pk)


@org_view(roles=OWNER)
@require_POST
def redeliver(request: HttpRequest, pk: int, delivery_id: int) -> HttpResponse:
    endpoint = _endpoint(request, pk)
    delivery = endpoint.deliveries.filter(pk=delivery_id).first()
    if delivery is None:
        raise Http404
    webhooks.redeliver(delivery)
    messages.success(request, _("Sent again."))
    return redirect("notify:endpoint", request.org.pk, endpoint.pk)  # type: ignore[attr-defined]


@org_view()
@require_POST
def feed_create(request: HttpRequest) -> HttpResponse:
    org, membership = request.org, request.membership  # type: ignore[attr-defined]
    company = request.POST.get("company") == "1"
    if company and membership.role != Role.OWNER:
        return render(request, "403.html", status=403)
    token = feeds.create(org, request.user, company=company)
    url = events.link_for(reverse("notify:feed", args=[token]))  # BASE_URL: the address calendar apps reach
    return _page(request, new_feed_url=url, new_feed_company=company)


@org_view()
@require_POST
def feed_revoke(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    company = request.POST.get("company") == "1"
    Feed.objects.filter(organisation=org, user=request.user, company=company, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    messages.success(request, _("The feed address no longer works."))
    return redirect("notify:settings", org.pk)


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself: no sign-in (calendar apps cannot), the secret URL is the key."""
    found = feeds.find(token)
    if found is None:
        raise Http404
    response = HttpResponse(feeds.build(found), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    response["Referrer-Policy"] = "no-referrer"
    return response
