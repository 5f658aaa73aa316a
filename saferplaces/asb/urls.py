from django.urls import path

from saferplaces.asb import views_cases as cases
from saferplaces.asb import views_enforcement as enforcement

app_name = "asb"
urlpatterns = [
    path("", cases.case_list, name="case_list"),
    path("export/", cases.case_export, name="case_export"),
    path("new/", cases.case_create, name="case_create"),
    path("tasks/", cases.my_tasks, name="my_tasks"),
    path("tasks/<int:pk>/done/", cases.task_done, name="task_done"),
    path("reviews/", cases.open_reviews, name="open_reviews"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/parties/add/", cases.party_add, name="party_add"),
    path("cases/<int:pk>/incidents/add/", cases.incident_add, name="incident_add"),
    path("cases/<int:pk>/risk/", cases.risk_assess, name="risk_assess"),
    path("cases/<int:pk>/tasks/add/", cases.task_add, name="task_add"),
    path("cases/<int:pk>/status/", cases.case_status, name="case_status"),
    path("cases/<int:pk>/files/add/", cases.attachment_add, name="attachment_add"),
    path("files/<int:pk>/", cases.attachment_download, name="attachment_download"),
    path("cases/<int:pk>/warning/", enforcement.warning_create, name="warning_create"),
    path("cases/<int:pk>/review/", enforcement.review, name="review"),
    path("cases/<int:pk>/review/start/", enforcement.review_start, name="review_start"),
    path("cases/<int:pk>/review/contribute/", enforcement.review_contribute, name="review_contribute"),
    path("cases/<int:pk>/review/decide/", enforcement.review_decide, name="review_decide"),
    path("notices/<int:pk>/", enforcement.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/print/", enforcement.notice_print, name="notice_print"),
    path("notices/<int:pk>/escalate/", enforcement.notice_create, name="notice_create"),
    path("notices/<int:pk>/steps/add/", enforcement.step_add, name="step_add"),
    path("notices/<int:pk>/status/", enforcement.notice_status, name="notice_status"),
    path("portal/", enforcement.portal, name="portal"),
    path("portal/export/", enforcement.portal_export, name="portal_export"),
]
