from django.urls import path

from rashinban.tasks import views

app_name = "tasks"

urlpatterns = [
    path("o/<int:org_id>/jobs/<int:job_id>/retry/", views.retry, name="retry"),
]
