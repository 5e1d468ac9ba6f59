from django.urls import path

from rashinban.assessments import survey_views, views

app_name = "assessments"

urlpatterns = [
    path("o/<int:org_id>/diagnoses/", views.diagnosis_list, name="list"),
    path("o/<int:org_id>/diagnoses/new/", views.diagnosis_start, name="start"),
    path("o/<int:org_id>/diagnoses/<int:pk>/", views.diagnosis_result, name="result"),
    path("o/<int:org_id>/diagnoses/<int:pk>/answer/", views.diagnosis_answer, name="answer"),
    path("o/<int:org_id>/diagnoses/<int:pk>/answers.xlsx", views.answers_template, name="answers_template"),
    path("o/<int:org_id>/diagnoses/<int:pk>/answers/import/", views.answers_import, name="answers_import"),
    path("o/<int:org_id>/diagnoses/<int:pk>/survey/", survey_views.survey_links, name="survey_links"),
    path("o/<int:org_id>/catalogs/import/", views.catalog_import, name="catalog_import"),
    path("s/<str:token>/", views.survey, name="survey"),
]
