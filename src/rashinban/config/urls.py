"""Top-level URL map: one include per capability."""

from django.urls import include, path

from rashinban.api.v1 import api as api_v1
from rashinban.config import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("", include("rashinban.orgs.urls")),
    path("", include("rashinban.assessments.urls")),
    path("", include("rashinban.tasks.urls")),
    path("", include("rashinban.security.urls")),
    path("", include("rashinban.documents.urls")),
    path("", include("rashinban.evidence.urls")),
    path("", include("rashinban.training.urls")),
    path("", include("rashinban.drills.urls")),
    path("", include("rashinban.landscape.urls")),
    path("", include("rashinban.reports.urls")),
    path("", include("rashinban.planning.urls")),
    path("", include("rashinban.nextsteps.web_urls")),
    path("api/v1/", api_v1.urls),
    path("", include("rashinban.api.urls")),
    path("", include("rashinban.advisors.urls")),
    path("", include("rashinban.sso.urls")),
]

handler404 = "rashinban.config.views.not_found"
handler500 = "rashinban.config.views.server_error"
