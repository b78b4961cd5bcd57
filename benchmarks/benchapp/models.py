"""Wagtail's own form builder, the peer a feedback form is compared with."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField


class BenchFormField(AbstractFormField):
    page = ParentalKey("BenchFormPage", on_delete=models.CASCADE, related_name="form_fields")


class BenchFormPage(AbstractForm):
    template = "benchapp/form_page.html"
    landing_page_template = "benchapp/form_page_landing.html"
