from django.urls import path

from zhuban.consolidation import views

app_name = "consolidation"
urlpatterns = [
    path("", views.results, name="results"),
    path("offices/<int:pk>/panel/", views.office_panel, name="office_panel"),
    path("decisions/<int:pk>/open/", views.dossier_open, name="dossier_open"),
    path("dossiers/<int:pk>/", views.dossier_detail, name="dossier_detail"),
    path("dossiers/<int:pk>/tasks/<slug:kind>/", views.task_edit, name="task_edit"),
    path("dossiers/<int:pk>/tasks/<slug:kind>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("dossiers/<int:pk>/deregistration/", views.deregistration_record, name="deregistration_record"),
    path("dossiers/<int:pk>/quota/", views.quota_record, name="quota_record"),
    path("dossiers/<int:pk>/obligations/new/", views.obligation_add, name="obligation_add"),
    path("dossiers/<int:pk>/carry-over/", views.carry_over, name="carry_over"),
    path("dossiers/<int:pk>/close/", views.dossier_close, name="dossier_close"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("assets/<int:pk>/dispose/", views.asset_dispose, name="asset_dispose"),
    path("staff/<int:pk>/place/", views.staff_place, name="staff_place"),
    path("obligations/<int:pk>/settle/", views.obligation_settle, name="obligation_settle"),
    path("entities/<int:pk>/decouple/", views.entity_decouple, name="entity_decouple"),
    path("entities/tied/", views.entities_tied, name="entities_tied"),
    path("windows/", views.window_list, name="window_list"),
    path("windows/apply/<int:pk>/", views.window_apply, name="window_apply"),
    path("windows/<int:pk>/", views.window_detail, name="window_detail"),
    path("windows/<int:pk>/members/new/", views.window_member_add, name="window_member_add"),
    path("windows/<int:pk>/decide/", views.window_decide, name="window_decide"),
    path("windows/<int:pk>/file/", views.window_file, name="window_file"),
    path("reports/<int:pk>/", views.report_page, name="report"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("reports/<int:pk>/report.docx", views.report_docx, name="report_docx"),
    path("reports/<int:pk>/annex.xlsx", views.report_xlsx, name="report_xlsx"),
]
