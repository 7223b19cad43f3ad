from django.conf import settings
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("zhuban.desk.urls")),
    path("", include("zhuban.org.urls")),
    path("offices/", include("zhuban.registry.urls")),
    path("audit/", include("zhuban.audit.urls")),
    path("workbook/", include("zhuban.workbook.urls")),
    path("decisions/", include("zhuban.decision.urls")),
    path("consolidation/", include("zhuban.consolidation.urls")),
    path("campaign/", include("zhuban.campaign.urls")),
    path("inspection/", include("zhuban.inspection.urls")),
    path("oversight/", include("zhuban.oversight.urls")),
    path("reception/", include("zhuban.reception.urls")),
    path("disclosure/", include("zhuban.disclosure.urls")),
    # settings.PUBLIC_PREFIX: the public disclosure pages, no login.
    path(settings.PUBLIC_PREFIX.lstrip("/"), include("zhuban.disclosure.public_urls")),
    path("notifications/", include("zhuban.notifications.urls")),
    path("jobs/", include("zhuban.ops.urls")),
    path("api/v1/", include("zhuban.policy.urls")),
    path("api/v1/", include("zhuban.api.urls")),
]
