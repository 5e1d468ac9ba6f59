from django.urls import path

from rashinban.mailbox import views

app_name = "mailbox"
P = "o/<int:org_id>/mailbox/"

urlpatterns = [
    path(P, views.page, name="page"),
    path(P + "connect/", views.connect, name="connect"),
    path(P + "read/", views.read_now, name="read"),
    path(P + "disconnect/", views.disconnect, name="disconnect"),
]
