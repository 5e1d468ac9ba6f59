from django.urls import path

from rashinban.frameworks import views

app_name = "frameworks"

urlpatterns = [
    path("o/<int:org_id>/frameworks/", views.library, name="library"),
    path("o/<int:org_id>/frameworks/import/", views.import_own, name="import"),
    path("o/<int:org_id>/public-page/", views.public_settings, name="public_settings"),
    path("o/<int:org_id>/frameworks/<str:framework_id>/", views.detail, name="detail"),
    path("o/<int:org_id>/frameworks/<str:framework_id>/package.zip", views.package, name="package"),
    path("o/<int:org_id>/frameworks/<str:framework_id>/target/", views.target, name="target"),
    path("o/<int:org_id>/frameworks/<str:framework_id>/not-applicable/", views.not_applicable, name="not_applicable"),
]
