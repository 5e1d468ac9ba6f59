from django.urls import path

from rashinban.security import views

app_name = "security"

urlpatterns = [
    path("o/<int:org_id>/security/", views.home, name="home"),
    path("o/<int:org_id>/security/checks/new/", views.selfcheck_start, name="start"),
    path("o/<int:org_id>/security/checks/<int:pk>/", views.selfcheck_result, name="result"),
    path("o/<int:org_id>/security/checks/<int:pk>/answer/", views.selfcheck_answer, name="answer"),
    path("o/<int:org_id>/security/plan/", views.plan, name="plan"),
    path("o/<int:org_id>/security/ipa-self-diagnosis/", views.ipa_diagnosis_record, name="ipa_diagnosis"),
    path("o/<int:org_id>/security/plan/refresh/", views.plan_refresh, name="plan_refresh"),
    path("o/<int:org_id>/security/plan/<int:item_id>/", views.item_detail, name="item"),
    path("o/<int:org_id>/security/plan/<int:item_id>/complete/", views.item_complete, name="item_complete"),
    path("o/<int:org_id>/security/plan/<int:item_id>/comment/", views.item_comment, name="item_comment"),
]
