from django.urls import path

from saferplaces.plans import views, views_board

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
]
