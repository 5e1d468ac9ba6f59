from django.urls import path

from rashinban.api import views

app_name = "api"

urlpatterns = [
    path("o/<int:org_id>/api-tokens/", views.tokens, name="tokens"),
    path("o/<int:org_id>/api-tokens/<int:token_id>/revoke/", views.revoke, name="revoke_token"),
]
