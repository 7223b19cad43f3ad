from django.urls import path

from zhuban.api import views

app_name = "api"

urlpatterns = [
    path("openapi.json", views.openapi, name="openapi"),
    path("campaigns/<int:pk>/progress", views.campaign_progress, name="campaign_progress"),
    path("<slug:name>", views.resource_list, name="resource_list"),
]
