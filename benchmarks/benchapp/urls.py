from django.urls import path
from feedbacksite.urls import urlpatterns as site_urlpatterns

from benchmarks.benchapp.views import bare_insert

urlpatterns = [path("bench/insert/", bare_insert), *site_urlpatterns]
