from django.apps import AppConfig


class TestAppConfig(AppConfig):
    """A stand-in for a third-party package that adds a question type."""

    name = "tests.testapp"
    label = "feedback_testapp"
