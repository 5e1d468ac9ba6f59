from django.urls import path

from rashinban.frameworks import views

app_name = "public_page"

urlpatterns = [
    path("trust/s/<str:token>/", views.public_secret, name="secret"),
    path("trust/<slug:slug>/", views.public_by_name, name="public"),
]
