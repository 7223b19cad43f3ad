from django.urls import path

from zhuban.oversight import views

app_name = "oversight"
urlpatterns = [
    path("", views.index, name="index"),
    path("rotation/", views.rotation_board, name="rotation_board"),
    path("figures/", views.figures, name="figures"),
    path("offices/<int:pk>/", views.office, name="office"),
    path("offices/<int:pk>/mandates/new/", views.mandate_draft, name="mandate_draft"),
    path("offices/<int:pk>/postings/new/", views.posting_add, name="posting_add"),
    path("offices/<int:pk>/logs/", views.worklog_list, name="worklog_list"),
    path("offices/<int:pk>/logs/new/", views.worklog_add, name="worklog_add"),
    path("offices/<int:pk>/accounts/", views.accounts, name="accounts"),
    path("offices/<int:pk>/accounts/new/", views.accounts_record, name="accounts_record"),
    path("offices/<int:pk>/rules/", views.rules, name="rules"),
    path("offices/<int:pk>/rules/new/", views.rule_adopt, name="rule_adopt"),
    path("offices/<int:pk>/assessments/", views.assessments, name="assessments"),
    path("offices/<int:pk>/assessments/new/", views.assessment_record, name="assessment_record"),
    path("jurisdictions/<int:pk>/criteria/", views.criteria, name="criteria"),
    path("jurisdictions/<int:pk>/rotation-terms/", views.rotation_terms, name="rotation_terms"),
    path("jurisdictions/<int:pk>/rotation-terms/new/", views.rotation_term_set, name="rotation_term_set"),
    path("jurisdictions/<int:pk>/criteria/new/", views.criterion_add, name="criterion_add"),
    path("mandates/<int:pk>/", views.mandate_detail, name="mandate_detail"),
    path("mandates/<int:pk>/edit/", views.mandate_edit, name="mandate_edit"),
    path("mandates/<int:pk>/compare/", views.mandate_compare, name="mandate_compare"),
    path("mandates/<int:pk>/submit/", views.mandate_submit, name="mandate_submit"),
    path("mandates/<int:pk>/review/", views.mandate_review, name="mandate_review"),
    path("mandates/<int:pk>/approve/", views.mandate_approve, name="mandate_approve"),
    path("postings/<int:pk>/end/", views.posting_end, name="posting_end"),
    path("logs/<int:pk>/withdraw/", views.worklog_withdraw, name="worklog_withdraw"),
]
