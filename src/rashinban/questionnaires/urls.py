from django.urls import path

from rashinban.questionnaires import views

app_name = "questionnaires"

urlpatterns = [
    path("o/<int:org_id>/questionnaires/", views.upload, name="upload"),
    path("o/<int:org_id>/questionnaires/<int:pk>/", views.review, name="review"),
]
