"""The product's URLs, then /bench/floor/<org_id>/: a company page that runs every check a real one runs
(session, signed-in user, second factor, membership) and renders nothing. No signed-in page can be faster,
so it shows how much of the distance between /healthz and the dashboard is the price of those checks."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from rashinban.config.urls import urlpatterns as product
from rashinban.orgs.tenancy import org_view


@org_view()
def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


# After the product's patterns, so that its pages resolve exactly as in production.
urlpatterns = [*product, path("bench/floor/<int:org_id>/", floor)]
handler404 = "rashinban.config.views.not_found"
handler500 = "rashinban.config.views.server_error"
