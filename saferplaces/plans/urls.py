from django.urls import path

from saferplaces.plans import views, views_returns

app_name = "plans"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("groups/<int:pk>/", views.group_detail, name="group"),
    path("objectives/<int:pk>/", views.objective_detail, name="objective"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/update/", views.action_update, name="action_update"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("kpis/<int:pk>/reading/", views.kpi_reading, name="kpi_reading"),
    path("kpis/<int:pk>/edit/", views.kpi_edit, name="kpi_edit"),
    path("mine/", views.my_actions, name="mine"),
    path("board-report/", views.board_report, name="board_report"),
    path("board-report/download/", views.board_report_download, name="board_report_download"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    # KPIs filled from outside: partners' returns and survey results
    path("returns/", views_returns.returns_list, name="returns"),
    path("returns/upload/", views_returns.returns_upload, name="returns_upload"),
    path("returns/template.csv", views_returns.returns_template, name="returns_template"),
    path("kpis/<int:pk>/return/", views_returns.return_form, name="return_form"),
    path("surveys/", views_returns.survey_results, name="surveys"),
    path("surveys/import/", views_returns.survey_import, name="survey_import"),
]
