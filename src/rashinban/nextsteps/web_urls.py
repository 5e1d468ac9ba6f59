from django.urls import path

from rashinban.nextsteps import web

app_name = "nextsteps"

urlpatterns = [
    path("o/<int:org_id>/steps/", web.action_plan, name="plan"),
    path("o/<int:org_id>/steps/this-week/", web.this_week, name="this_week"),
    path("o/<int:org_id>/steps/move/", web.move, name="move"),
    path("o/<int:org_id>/steps/done/", web.done, name="done"),
    path("o/<int:org_id>/steps/assign/", web.assign, name="assign"),
]
