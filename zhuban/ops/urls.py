from django.urls import path

from zhuban.ops import views

app_name = "ops"

urlpatterns = [
    path("", views.jobs, name="jobs"),
    path("export/", views.export_start, name="export_start"),
    path("<uuid:pk>/", views.job, name="job"),
    path("<uuid:pk>/download/", views.job_download, name="job_download"),
]
