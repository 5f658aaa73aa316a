from django.urls import path

from saferplaces.plans import views, views_board, views_edit, views_returns

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
    path("board-report/", views_board.board_report, name="board_report"),
    path("board-report/download/", views_board.board_report_download, name="board_report_download"),
    path("export.csv", views_board.export_csv, name="export_csv"),
    path("export.xlsx", views_board.export_xlsx, name="export_xlsx"),
    # keeping the plan (plans/views_edit.py)
    path("groups/<int:pk>/objectives/new/", views_edit.objective_add, name="objective_add"),
    path("objectives/<int:pk>/edit/", views_edit.objective_edit, name="objective_edit"),
    path("objectives/<int:pk>/actions/new/", views_edit.action_add, name="action_add"),
    path("actions/<int:pk>/close/", views_edit.action_close, name="action_close"),
    path("actions/<int:pk>/kpis/new/", views_edit.kpi_add, name="kpi_add"),
    path("kpis/<int:pk>/", views_edit.kpi_detail, name="kpi"),
    # KPIs filled from outside: partners' returns and survey results
    path("returns/", views_returns.returns_list, name="returns"),
    path("returns/upload/", views_returns.returns_upload, name="returns_upload"),
    path("returns/template.csv", views_returns.returns_template, name="returns_template"),
    path("kpis/<int:pk>/return/", views_returns.return_form, name="return_form"),
    path("surveys/", views_returns.survey_results, name="surveys"),
    path("surveys/import/", views_returns.survey_import, name="survey_import"),
]
