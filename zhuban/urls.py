from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
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
    path("notifications/", include("zhuban.notifications.urls")),
    path("jobs/", include("zhuban.ops.urls")),
    path("api/v1/", include("zhuban.policy.urls")),
    path("api/v1/", include("zhuban.api.urls")),
]
