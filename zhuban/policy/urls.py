from django.urls import path

from zhuban.policy import views

app_name = "policy"
urlpatterns = [
    path("assess", views.assess, name="assess"),
]
