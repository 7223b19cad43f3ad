from django.urls import path

from zhuban.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.entry_list, name="entry_list"),
    path("export.xlsx", views.entry_export_xlsx, name="export_xlsx"),
    path("export.csv", views.entry_export_csv, name="export_csv"),
]
