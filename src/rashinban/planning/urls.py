from django.urls import path

from rashinban.planning import initiative_views as iv
from rashinban.planning import review_views as rv
from rashinban.planning import views

app_name = "planning"

P = "o/<int:org_id>/plan/"
urlpatterns = [
    path(P, views.home, name="home"),
    path(P + "vision/", views.vision, name="vision"),
    path(P + "targets/new/", views.target_new, name="target_new"),
    path(P + "targets/<int:pk>/", views.target_detail, name="target"),
    path(P + "targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path(P + "values/import/", views.import_values, name="import"),
    path(P + "initiatives/new/", iv.initiative_new, name="initiative_new"),
    path(P + "initiatives/<int:pk>/", iv.initiative_detail, name="initiative"),
    path(P + "initiatives/<int:pk>/edit/", iv.initiative_edit, name="initiative_edit"),
    path(P + "initiatives/<int:pk>/costs/new/", iv.money_add, {"kind": "cost"}, name="cost_add"),
    path(P + "initiatives/<int:pk>/benefits/new/", iv.money_add, {"kind": "benefit"}, name="benefit_add"),
    path(P + "initiatives/<int:pk>/subsidies/new/", iv.money_add, {"kind": "subsidy"}, name="subsidy_add"),
    path(P + "initiatives/<int:pk>/money/delete/", iv.money_delete, name="money_delete"),
    path(P + "initiatives/<int:pk>/gates/new/", iv.gate_new, name="gate_new"),
    path(P + "gates/<int:pk>/decide/", iv.gate_decide, name="gate_decide"),
    path(P + "initiatives/<int:pk>/cycles/next/", iv.cycle_next, name="cycle_next"),
    path(P + "cycles/<int:pk>/", iv.cycle_edit, name="cycle"),
    path(P + "review/", rv.review, name="review"),
    path(P + "reviews/<int:pk>/", rv.review_detail, name="review_detail"),
    path(P + "roadmap/", rv.roadmap, name="roadmap"),
    path(P + "roadmap/new/", rv.roadmap_item_new, name="roadmap_item_new"),
    path(P + "roadmap/<int:pk>/", rv.roadmap_item_edit, name="roadmap_item"),
    path(P + "roadmap.xlsx", rv.roadmap_export_xlsx, name="roadmap_xlsx"),
    path(P + "roadmap.ics", rv.roadmap_export_ics, name="roadmap_ics"),
]
