from django.urls import path

from rashinban.training import views

app_name = "training"

urlpatterns = [
    path("o/<int:org_id>/training/", views.training_home, name="home"),
    path("o/<int:org_id>/training/assign/", views.training_assign, name="assign"),
    path("o/<int:org_id>/training/lessons/", views.training_bank, name="bank"),
    path("o/<int:org_id>/training/<int:pk>/", views.training_take, name="take"),
]
