"""The owner's page for API tokens: create (shown once), list, revoke."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rashinban.api.forms import TokenForm
from rashinban.api.models import ApiToken
from rashinban.orgs.choices import Role
from rashinban.orgs.tenancy import get_scoped_or_404, org_view, scoped

NEW_TOKEN_KEY = "api_new_token"


@org_view(roles=[Role.OWNER])
def tokens(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, raw = ApiToken.issue(org, form.cleaned_data["name"], form.cleaned_data["scope"], request.user)  # type: ignore[arg-type]
        # Shown once on the next page (post/redirect/get): only its hash is kept.
        request.session[NEW_TOKEN_KEY] = {"id": token.pk, "raw": raw}
        return redirect("api:tokens", org_id=org.id)
    pending = request.session.pop(NEW_TOKEN_KEY, None)
    context = {
        "form": form,
        "tokens": scoped(ApiToken.objects.select_related("created_by"), org),
        "new_token": pending["raw"] if pending else None,
    }
    response = render(request, "api/tokens.html", context)
    add_never_cache_headers(response)
    return response


@org_view(roles=[Role.OWNER])
@require_POST
def revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    token = get_scoped_or_404(ApiToken.objects.all(), org, pk=token_id)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("api:tokens", org_id=org.id)
