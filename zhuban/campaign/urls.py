from django.urls import path

from zhuban.campaign import views

app_name = "campaign"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<int:pk>/", views.dashboard, name="campaign_dashboard"),
    path("cities/", views.rollup, name="rollup"),
    path("<int:pk>/plan/", views.campaign_plan, name="campaign_plan"),
    path("<int:pk>/settings/", views.campaign_settings, name="campaign_settings"),
    path("<int:pk>/copy/", views.campaign_copy, name="campaign_copy"),
    path("phases/<int:pk>/edit/", views.phase_edit, name="phase_edit"),
    path("requirements/<int:pk>/edit/", views.requirement_edit, name="requirement_edit"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/submit/", views.submission_submit, name="submission_submit"),
    path("submissions/<int:pk>/review/", views.submission_review, name="submission_review"),
    path("submissions/<int:pk>/task-force/", views.task_force_edit, name="task_force_edit"),
]
