"""Signing in and out, and the front door."""

from django.contrib.auth import views as auth_views
from django.shortcuts import redirect


def home(request):
    if not request.user.is_authenticated:
        return redirect("org:login")
    return redirect("registry:office_list")


class LoginView(auth_views.LoginView):
    template_name = "org/login.html"
    redirect_authenticated_user = True


login = LoginView.as_view()
logout = auth_views.LogoutView.as_view()
