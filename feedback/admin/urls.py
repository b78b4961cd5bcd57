"""Admin URLs of the feedback engine, mounted by ``register_admin_urls`` under
``/admin/feedback/`` with the namespace ``feedback_admin``."""

from django.urls import path

from feedback.admin.views import exports, moderation, page_report, site_report, subscriptions, trend

app_name = "feedback_admin"

urlpatterns = [
    path("reports/", site_report.SiteReportView.as_view(), name="site_report"),
    path("reports/results/", site_report.SiteReportView.as_view(results_only=True), name="site_report_results"),
    path("reports/trend/", trend.SiteTrendView.as_view(), name="site_trend"),
    path("reports/pages/<int:page_id>/", page_report.PageReportView.as_view(), name="page_report"),
    path("reports/pages/<int:page_id>/follow/", subscriptions.follow_page, name="page_follow"),
    path("comments/", moderation.CommentSearchView.as_view(), name="comment_search"),
    path("responses/<int:response_id>/status/", moderation.SetStatusView.as_view(), name="response_status"),
    path("responses/<int:response_id>/delete/", moderation.EraseResponseView.as_view(), name="response_delete"),
    path("exports/", exports.ExportListView.as_view(), name="export_list"),
    path("exports/start/", exports.StartExportView.as_view(), name="export_start"),
    path("exports/<int:export_id>/", exports.ExportStatusView.as_view(), name="export_status"),
    path("exports/<int:export_id>/status.json", exports.ExportStatusJsonView.as_view(), name="export_status_json"),
    path("exports/<int:export_id>/download/", exports.ExportDownloadView.as_view(), name="export_download"),
    path("exports/<int:export_id>/retry/", exports.ExportRetryView.as_view(), name="export_retry"),
]
