"""Signing in and out."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from zhuban.org.client_ip import client_ip


def username_wait_seconds(username: str, address: str | None) -> int:
    """How long this username must still wait before another attempt from ``address``.

    The lockout (django-axes) is per username and address, so strangers cannot lock an approver
    out; a username that has had as many failures as the limit, across addresses, is slowed
    instead: one attempt per LOGIN_USERNAME_DELAY_SECONDS after its last failure. Failures from
    the asking address itself are left to the lockout, which answers them with its own page.
    """
    if not username:
        return 0
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(username=username, attempt_time__gte=since)
    recent = attempts.exclude(ip_address=address).aggregate(
        failures=Sum("failures_since_start"), last=Max("attempt_time")
    )
    if (recent["failures"] or 0) < settings.AXES_FAILURE_LIMIT or recent["last"] is None:
        return 0
    ready = recent["last"] + timedelta(seconds=settings.LOGIN_USERNAME_DELAY_SECONDS)
    return max(0, int((ready - timezone.now()).total_seconds()) + 1) if ready > timezone.now() else 0


class LoginView(auth_views.LoginView):
    template_name = "org/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        wait = username_wait_seconds(request.POST.get("username", "")[:150], client_ip(request))
        if wait:
            form = self.get_form()
            form.is_bound = False
            context = self.get_context_data(form=form)
            context["slowed"] = _("该用户名近期登录失败次数较多，请 %(seconds)s 秒后再试。") % {"seconds": wait}
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)


login = LoginView.as_view()
logout = auth_views.LogoutView.as_view()
