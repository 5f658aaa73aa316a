from django.urls import path

from saferplaces.asb import views_cases as cases
from saferplaces.asb import views_civil as civil
from saferplaces.asb import views_edit as edit
from saferplaces.asb import views_enforcement as enforcement
from saferplaces.asb import views_letters as letters

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
    path("cases/<int:pk>/edit/", edit.case_edit, name="case_edit"),
    path("parties/<int:pk>/edit/", edit.party_edit, name="party_edit"),
    path("incidents/<int:pk>/edit/", edit.incident_edit, name="incident_edit"),
    path("cases/<int:pk>/notes/add/", edit.note_add, name="note_add"),
    path("notes/<int:pk>/correct/", edit.note_correct, name="note_correct"),
    path("notes/<int:pk>/file/", edit.note_file, name="note_file"),
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
    path("cases/<int:pk>/letters/new/", letters.letter_write, name="letter_write"),
    path("notices/<int:pk>/letters/new/", letters.notice_letter_write, name="notice_letter_write"),
    path("letters/<int:pk>/", letters.letter_print, name="letter_print"),
    path("letters/<int:pk>/pdf/", letters.letter_pdf, name="letter_pdf"),
    path("letter-templates/", letters.template_list, name="letter_templates"),
    path("letter-templates/new/", letters.template_create, name="letter_template_create"),
    path("letter-templates/<int:pk>/", letters.template_edit, name="letter_template_edit"),
    path("portal/", enforcement.portal, name="portal"),
    path("portal/export/", enforcement.portal_export, name="portal_export"),
    path("cases/<int:pk>/civil/<str:kind>/", civil.civil_create, name="civil_create"),
    path("civil/", civil.civil_list, name="civil_list"),
    path("civil/<int:pk>/", civil.civil_detail, name="civil_detail"),
    path("civil/<int:pk>/print/", civil.civil_print, name="civil_print"),
    path("civil/<int:pk>/closure-order/", civil.closure_order_create, name="closure_order_create"),
    path("civil/<int:pk>/steps/add/", civil.civil_step_add, name="civil_step_add"),
]
