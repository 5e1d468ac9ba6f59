from django.urls import path

from rashinban.landscape import views

app_name = "landscape"

urlpatterns = [
    path("o/<int:org_id>/landscape/", views.system_map, name="map"),
    path("o/<int:org_id>/landscape/systems/new/", views.system_new, name="system_new"),
    path("o/<int:org_id>/landscape/systems/<int:pk>/", views.system_edit, name="system_edit"),
    path("o/<int:org_id>/landscape/systems/<int:pk>/delete/", views.system_delete, name="system_delete"),
    path("o/<int:org_id>/landscape/links/new/", views.link_new, name="link_new"),
    path("o/<int:org_id>/landscape/links/<int:pk>/", views.link_edit, name="link_edit"),
    path("o/<int:org_id>/landscape/links/<int:pk>/delete/", views.link_delete, name="link_delete"),
    path("o/<int:org_id>/landscape/vendors/", views.vendor_list, name="vendors"),
    path("o/<int:org_id>/landscape/vendors/new/", views.vendor_new, name="vendor_new"),
    path("o/<int:org_id>/landscape/vendors/<int:pk>/", views.vendor_edit, name="vendor_edit"),
    path("o/<int:org_id>/landscape/vendors/<int:pk>/delete/", views.vendor_delete, name="vendor_delete"),
    path("o/<int:org_id>/landscape/export/", views.inventory_export, name="export"),
    path("o/<int:org_id>/landscape/import/", views.inventory_import, name="import"),
    path("o/<int:org_id>/skills/", views.skills_overview, name="skills"),
    path("o/<int:org_id>/skills/me/", views.my_skills, name="my_skills"),
    path("o/<int:org_id>/skills/training/new/", views.training_new, name="training_new"),
    path("o/<int:org_id>/skills/training/<int:pk>/", views.training_edit, name="training_edit"),
    path("o/<int:org_id>/skills/training/<int:pk>/delete/", views.training_delete, name="training_delete"),
]
