from django.urls import path

from rashinban.drills import tracking, views

app_name = "drills"

urlpatterns = [
    path("o/<int:org_id>/drills/", views.drill_list, name="list"),
    path("o/<int:org_id>/drills/domains/", views.domains, name="domains"),
    path("o/<int:org_id>/drills/domains/<int:pk>/verify/", views.domain_verify, name="domain_verify"),
    path("o/<int:org_id>/drills/domains/<int:pk>/code/", views.domain_code_send, name="domain_code"),
    path("o/<int:org_id>/drills/domains/<int:pk>/code/confirm/", views.domain_code_confirm, name="domain_code_confirm"),
    path("o/<int:org_id>/drills/first/", views.first_drill, name="first"),
    path("o/<int:org_id>/drills/settings/", views.mail_settings, name="settings"),
    path("o/<int:org_id>/drills/templates/", views.template_list, name="templates"),
    path("o/<int:org_id>/drills/templates/new/", views.template_new, name="template_new"),
    path("o/<int:org_id>/drills/templates/<int:pk>/", views.template_edit, name="template_edit"),
    path("o/<int:org_id>/drills/new/", views.drill_new, name="new"),
    path("o/<int:org_id>/drills/<int:pk>/", views.drill_detail, name="detail"),
    path("o/<int:org_id>/drills/<int:pk>/test/", views.drill_test, name="test"),
    path("o/<int:org_id>/drills/<int:pk>/confirm/", views.drill_confirm, name="confirm"),
    path("o/<int:org_id>/drills/<int:pk>/stop/", views.drill_stop, name="stop"),
    path("o/<int:org_id>/drills/<int:pk>/events.jsonl", views.drill_events, name="events"),
    path("o/<int:org_id>/drills/<int:pk>/results.csv", views.drill_results_csv, name="results_csv"),
    path("o/<int:org_id>/drills/scanners/", views.scanners, name="scanners"),
    path("o/<int:org_id>/drills/scanners/<int:pk>/delete/", views.scanner_delete, name="scanner_delete"),
    path("d/o/<str:token>/", tracking.pixel, name="pixel"),
    path("d/c/<str:token>/", tracking.landing, name="landing"),
    path("d/b/<str:token>/", tracking.beacon, name="beacon"),
    path("d/s/<str:token>/", tracking.submit, name="submit"),
    path("d/t/<str:token>/", tracking.teach, name="teach"),
    path("d/r/<str:token>/", tracking.report, name="report"),
]
