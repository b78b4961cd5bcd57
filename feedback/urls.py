from django.urls import path

from feedback.public import impressions, views

app_name = "feedback"

urlpatterns = [
    # One endpoint for the plain HTML form and the JSON API (by Content-Type).
    path("submit/", views.submit, name="submit"),
    path("impression/", impressions.impression, name="impression"),
]
