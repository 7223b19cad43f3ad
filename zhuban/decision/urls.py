from django.urls import path

from zhuban.decision import views

app_name = "decision"
urlpatterns = [
    path("", views.board, name="board"),
    path("queue/", views.queue, name="queue"),
    path("queue/act/", views.queue_act, name="queue_act"),
    path("settings/", views.policy_settings, name="policy_settings"),
    path("proposals/", views.proposal_batch, name="proposal_batch"),
    path("offices/<int:pk>/panel/", views.office_panel, name="office_panel"),
    path("offices/<int:pk>/propose/", views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/review/", views.proposal_review, name="proposal_review"),
    path("proposals/<int:pk>/approve/", views.approval_record, {"authority": "city"}, name="city_approval"),
    path("decisions/<int:pk>/approve/", views.approval_record, {"authority": "province"}, name="province_approval"),
    path("decisions/<int:pk>/city-file/", views.approval_file, {"authority": "city"}, name="city_file"),
    path("decisions/<int:pk>/province-file/", views.approval_file, {"authority": "province"}, name="province_file"),
]
