from django.urls import path

from rashinban.advisors import views

app_name = "advisors"

urlpatterns = [
    path("advisor/", views.portfolio, name="portfolio"),
    path("advisor/clients.xlsx", views.portfolio_export, name="portfolio_export"),
    path("compare/", views.compare, name="compare"),
    path("o/<int:org_id>/audit/", views.audit_log, name="audit_log"),
]
