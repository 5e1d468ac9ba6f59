from django.urls import path

from rashinban.documents import views

app_name = "documents"

urlpatterns = [
    path("o/<int:org_id>/documents/", views.index, name="index"),
    path("o/<int:org_id>/documents/contacts/", views.contacts, name="contacts"),
    path("o/<int:org_id>/documents/generate/", views.generate, name="generate"),
    path("o/<int:org_id>/documents/<int:pk>/", views.version_page, name="version"),
    path("o/<int:org_id>/documents/<int:pk>/edit/", views.edit, name="edit"),
    path("o/<int:org_id>/documents/<int:pk>/publish/", views.publish, name="publish"),
    path("o/<int:org_id>/documents/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("o/<int:org_id>/documents/<int:pk>/remind/", views.remind, name="remind"),
    path("o/<int:org_id>/documents/<int:pk>/document.html", views.export_html, name="export_html"),
    path("o/<int:org_id>/documents/<int:pk>/document.pdf", views.export_pdf, name="export_pdf"),
    path("o/<int:org_id>/documents/<int:pk>/document.docx", views.export_docx, name="export_docx"),
]
