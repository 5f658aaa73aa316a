from django.urls import path

from saferplaces.offenders import views, views_caseload, views_gangs, views_report

app_name = "offenders"
urlpatterns = [
    path("", views.overlap_report, name="overlap"),
    path("export/", views.overlap_export, name="overlap_export"),
    path("members/", views.members, name="members"),
    path("members/export/", views.members_export, name="members_export"),
    path("import/", views.membership_import, name="import"),
    path("people/<int:person_pk>/add/", views.membership_create, name="membership_create"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
    path("memberships/<int:pk>/notes/", views.membership_notes, name="membership_notes"),
    path("memberships/<int:pk>/notes/add/", views.note_add, name="note_add"),
    path("notes/<int:pk>/correct/", views.note_correct, name="note_correct"),
    path("notes/<int:pk>/file/", views.note_file, name="note_file"),
    path("caseload/", views_caseload.caseload, name="caseload"),
    path("memberships/<int:pk>/", views_caseload.case, name="case"),
    path("memberships/<int:pk>/manage/", views_caseload.manage, name="manage"),
    path("memberships/<int:pk>/needs/add/", views_caseload.needs_add, name="needs_add"),
    path("memberships/<int:pk>/referrals/add/", views_caseload.intervention_add, name="intervention_add"),
    path("memberships/<int:pk>/ete/add/", views_caseload.ete_add, name="ete_add"),
    path("memberships/<int:pk>/places/add/", views_caseload.place_add, name="place_add"),
    path("referrals/<int:pk>/outcome/", views_caseload.intervention_outcome, name="intervention_outcome"),
    path("panels/", views_caseload.panels, name="panels"),
    path("panels/add/", views_caseload.panel_create, name="panel_create"),
    path("panels/<int:pk>/", views_caseload.panel, name="panel"),
    path("panels/<int:pk>/attendance/", views_caseload.panel_attendance, name="panel_attendance"),
    path("panels/<int:pk>/members/add/", views_caseload.panel_case_add, name="panel_case_add"),
    path("panel-cases/<int:pk>/actions/add/", views_caseload.panel_action_add, name="panel_action_add"),
    path("overlap/cell/", views_caseload.overlap_cell, name="overlap_cell"),
    # the gangs cohort (offenders.gangs)
    path("gangs/", views_gangs.cohort, name="gangs"),
    path("gangs/export/", views_gangs.export, name="gangs_export"),
    path("gangs/activation/", views_gangs.activation, name="gangs_activation"),
    path("gangs/documents/add/", views_gangs.document_add, name="gangs_document_add"),
    path("gangs/documents/<int:pk>/file/", views_gangs.document_file, name="gangs_document_file"),
    path("gangs/people/<int:person_pk>/add/", views_gangs.member_add, name="gangs_member_add"),
    path("gangs/memberships/<int:pk>/review/", views_gangs.review, name="gangs_review"),
    path("gangs/memberships/<int:pk>/remove/", views_gangs.remove, name="gangs_remove"),
    path("offending/import/", views_report.offences_import, name="offences_import"),
    path("performance/", views_report.performance, name="performance"),
]
