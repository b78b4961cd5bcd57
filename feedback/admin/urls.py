"""Admin URLs of the feedback engine, mounted by ``register_admin_urls`` under
``/admin/feedback/`` with the namespace ``feedback_admin``."""

from django.urls import path

from feedback.admin.views import exports, moderation, reports, subscriptions, trend

app_name = "feedback_admin"

urlpatterns = [
    path("reports/", reports.SiteReportView.as_view(), name="site_report"),
    path("reports/results/", reports.SiteReportView.as_view(results_only=True), name="site_report_results"),
    path("reports/trend/", trend.SiteTrendView.as_view(), name="site_trend"),
    path("reports/pages/<int:page_id>/", reports.PageReportView.as_view(), name="page_report"),
    path("reports/pages/<int:page_id>/follow/", subscriptions.follow_page, name="page_follow"),
    path("comments/", moderation.comment_search, name="comment_search"),
    path("responses/<int:response_id>/status/", moderation.set_status, name="response_status"),
    path("responses/<int:response_id>/delete/", moderation.erase_response, name="response_delete"),
    path("exports/", exports.export_list, name="export_list"),
    path("exports/start/", exports.start_export, name="export_start"),
    path("exports/<int:export_id>/", exports.export_status, name="export_status"),
    path("exports/<int:export_id>/status.json", exports.export_status_json, name="export_status_json"),
    path("exports/<int:export_id>/download/", exports.export_download, name="export_download"),
    path("exports/<int:export_id>/retry/", exports.export_retry, name="export_retry"),
]
