from django.urls import path

from rashinban.evidence import source_views, views

app_name = "evidence"

urlpatterns = [
    path("o/<int:org_id>/evidence/", views.overview, name="overview"),
    path("o/<int:org_id>/evidence/runs/<int:pk>/", views.run_detail, name="run"),
    path("o/<int:org_id>/evidence/domains/<int:pk>/forget/", views.domain_forget, name="domain_forget"),
    path("o/<int:org_id>/evidence/validity/", source_views.validity, name="validity"),
    path("o/<int:org_id>/evidence/sources/<slug:service>/", source_views.source_page, name="source"),
    path("o/<int:org_id>/evidence/sources/<slug:service>/collect/", source_views.source_collect, name="source_collect"),
    path(
        "o/<int:org_id>/evidence/sources/<slug:service>/disconnect/",
        source_views.source_disconnect,
        name="source_disconnect",
    ),
    path("o/<int:org_id>/evidence/<slug:check_name>/", views.check_page, name="check"),
]
