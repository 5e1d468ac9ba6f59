from django.urls import path

from rashinban.reports import views

app_name = "reports"

urlpatterns = [
    path("o/<int:org_id>/report/", views.owner_report, name="owner"),
    path("o/<int:org_id>/report/owner.pdf", views.download_pdf, name="pdf"),
    path("o/<int:org_id>/report/owner.xlsx", views.download_xlsx, name="xlsx"),
    path("o/<int:org_id>/report/owner.html", views.download_html, name="html"),
]
