from django.urls import path

from zhuban.workbook import views

app_name = "workbook"
urlpatterns = [
    path("", views.index, name="index"),
    path("template/", views.template_download, name="template"),
    path("jurisdictions/", views.jurisdiction_options, name="jurisdiction_options"),
    path("export/", views.export, name="export"),
    path("upload/", views.upload, name="upload"),
    path("uploads/<uuid:pk>/", views.preview, name="preview"),
    path("uploads/<uuid:pk>/commit/", views.commit, name="commit"),
]
