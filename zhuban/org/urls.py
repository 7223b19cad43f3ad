from django.urls import path

from zhuban.org import second_factor, views

app_name = "org"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("otp/verify/", second_factor.otp_verify, name="otp_verify"),
    path("otp/setup/", second_factor.otp_setup, name="otp_setup"),
]
