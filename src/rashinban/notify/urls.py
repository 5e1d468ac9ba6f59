from django.urls import path

from rashinban.notify import views

app_name = "notify"
P = "o/<int:org_id>/notifications/"

urlpatterns = [
    path(P, views.settings_page, name="settings"),
    path(P + "choices/", views.choices_save, name="choices"),
    path(P + "channels/<slug:kind>/", views.channel_connect, name="channel_connect"),
    path(P + "channels/<slug:kind>/test/", views.channel_test, name="channel_test"),
    path(P + "channels/<slug:kind>/remove/", views.channel_remove, name="channel_remove"),
    path(P + "webhooks/", views.endpoint_add, name="endpoint_add"),
    path(P + "webhooks/<int:pk>/", views.endpoint_log, name="endpoint"),
    path(P + "webhooks/<int:pk>/<slug:action>/", views.endpoint_action, name="endpoint_action"),
    path(P + "webhooks/<int:pk>/deliveries/<int:delivery_id>/redeliver/", views.redeliver, name="redeliver"),
    path(P + "feed/", views.feed_create, name="feed_create"),
    path(P + "feed/revoke/", views.feed_revoke, name="feed_revoke"),
    path("feeds/<str:token>.ics", views.feed, name="feed"),
]
