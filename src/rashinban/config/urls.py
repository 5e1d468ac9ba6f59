"""Top-level URL map: one include per capability."""

from django.urls import include, path

from rashinban.config import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("", include("rashinban.orgs.urls")),
    path("", include("rashinban.assessments.urls")),
    path("", include("rashinban.tasks.urls")),
    path("", include("rashinban.evidence.urls")),
    path("", include("rashinban.training.urls")),
]

handler404 = "rashinban.config.views.not_found"
handler500 = "rashinban.config.views.server_error"
