"""Small factory functions: fill defaults with ``setdefault``, return saved objects."""

from __future__ import annotations

import itertools
from typing import Any

from django.contrib.auth import get_user_model
from wagtail.models import Locale, Page, Site

from feedback.models import FeedbackForm, Question

_counter = itertools.count(1)


def get_locale(code: str = "sv") -> Locale:
    return Locale.objects.get_or_create(language_code=code)[0]


def make_form(questions: list[dict[str, Any]] | None = None, **kwargs: Any) -> FeedbackForm:
    """A FeedbackForm with the given questions (dicts of Question fields)."""
    kwargs.setdefault("title", f"Form {next(_counter)}")
    kwargs.setdefault("thank_you_text", "Tack för ditt svar!")
    kwargs.setdefault("locale", get_locale(kwargs.pop("language", "sv")))
    form = FeedbackForm(**kwargs)
    if questions is None:
        questions = [{"key": "helpful", "type": "yes_no", "label": "Hade du nytta av sidan?", "required": True}]
    for index, spec in enumerate(questions):
        spec = dict(spec)
        spec.setdefault("label", spec["key"].replace("_", " ").capitalize())
        spec.setdefault("sort_order", index)
        spec.setdefault("locale", form.locale)
        form.questions.add(Question(**spec))
    form.save()
    return form


def make_question(form: FeedbackForm, **kwargs: Any) -> Question:
    kwargs.setdefault("key", f"q{next(_counter)}")
    kwargs.setdefault("type", "short_text")
    kwargs.setdefault("label", kwargs["key"])
    kwargs.setdefault("locale", form.locale)
    return Question.objects.create(form=form, **kwargs)


def make_user(username: str | None = None, **kwargs: Any):  # type: ignore[no-untyped-def]
    username = username or f"user{next(_counter)}"
    kwargs.setdefault("email", f"{username}@example.invalid")
    user = get_user_model().objects.create_user(username=username, password=kwargs.pop("password", "pw"), **kwargs)
    return user


def root_page(language: str = "sv") -> Page:
    """The default site's root page (Wagtail's initial tree)."""
    site = Site.objects.get(is_default_site=True)
    return site.root_page


def make_page(parent: Page | None = None, **kwargs: Any) -> Page:
    """A plain Wagtail page under the site root (or ``parent``)."""
    number = next(_counter)
    kwargs.setdefault("title", f"Page {number}")
    kwargs.setdefault("slug", f"page-{number}")
    parent = parent or root_page()
    return parent.add_child(instance=Page(**kwargs))


def make_response(form: FeedbackForm, page: Page, answers: dict[str, Any] | None = None, **kwargs: Any):  # type: ignore[no-untyped-def]
    """A Response to ``form`` on ``page`` with answers given as cleaned values by
    question key (stored through each question type's ``to_stored``)."""
    from feedback.models import Answer, Response

    kwargs.setdefault("source_page_id", page.pk)
    kwargs.setdefault("page", page)
    kwargs.setdefault("page_title", page.title)
    kwargs.setdefault("page_path", page.url_path)
    kwargs.setdefault("page_url", f"/{page.slug}/")
    kwargs.setdefault("page_translation_key", page.translation_key)
    kwargs.setdefault("language_code", form.locale.language_code)
    kwargs.setdefault("form_translation_key", form.translation_key)
    response = Response.objects.create(form=form, **kwargs)
    questions = {q.key: q for q in form.questions.all()}
    rows = []
    for key, value in (answers or {}).items():
        question = questions[key]
        rows += [Answer.from_stored(response, question, stored) for stored in question.question_type.to_stored(value)]
    Answer.objects.bulk_create(rows)
    return response


def make_home_page(language: str = "sv", **kwargs: Any):  # type: ignore[no-untyped-def]
    """The demo site's home page in ``language``, made the default Site's root.

    Other languages are translations of the Swedish home page, as Wagtail's
    i18n routing expects (``/sv/…``, ``/nb/…``)."""
    from home.models import HomePage

    # Transactional (browser) tests may start from a flushed database: no tree root, no site.
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=get_locale()))
    site = Site.objects.filter(is_default_site=True).first()
    sv_home = HomePage.objects.filter(locale__language_code="sv", depth=2).first()
    if sv_home is None:
        sv_home = root.add_child(
            instance=HomePage(title="Start", slug=f"start-{next(_counter)}", locale=get_locale("sv"), **kwargs)
        )
    if site is None:
        Site.objects.create(hostname="localhost", root_page=sv_home, is_default_site=True)
    elif site.root_page_id != sv_home.pk:
        site.root_page = sv_home
        site.save()
    if language == "sv":
        return sv_home
    existing = sv_home.get_translation_or_none(get_locale(language))
    if existing is not None:
        return existing
    home = sv_home.copy_for_translation(get_locale(language))
    home.save_revision().publish()
    Site.clear_site_root_paths_cache()  # the new language root must be routable at once
    return HomePage.objects.get(pk=home.pk)


def make_content_page(language: str = "sv", feedback_forms: list[Any] | None = None, **kwargs: Any):  # type: ignore[no-untyped-def]
    """A live ContentPage under the home page in ``language``.

    ``feedback_forms``: forms placed with FeedbackBlocks in the body (``None``
    in the list places the default form)."""
    import json

    from home.models import ContentPage

    number = next(_counter)
    kwargs.setdefault("title", f"Sida {number}")
    kwargs.setdefault("slug", f"sida-{number}")
    kwargs.setdefault("locale", get_locale(language))
    kwargs.setdefault("show_feedback", False)
    blocks = [{"type": "paragraph", "value": "<p>Text</p>"}]
    blocks += [{"type": "feedback", "value": {"form": f.pk if f else None}} for f in feedback_forms or []]
    kwargs.setdefault("body", json.dumps(blocks))
    return make_home_page(language).add_child(instance=ContentPage(**kwargs))


# --- reports, exports, moderation ------------------------------------------------
def make_page_rollup(page: Page, day: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
    """A PageDayRollup row for ``page`` on ``day`` (as if the aggregate job wrote it)."""
    from feedback.models import PageDayRollup

    kwargs.setdefault("page_id", page.pk)
    kwargs.setdefault("page_translation_key", page.translation_key)
    kwargs.setdefault("language_code", page.locale.language_code)
    kwargs.setdefault("responses", kwargs.get("helpful_yes", 0) + kwargs.get("helpful_no", 0))
    if "form" in kwargs:
        kwargs.setdefault("form_translation_key", kwargs.pop("form").translation_key)
    return PageDayRollup.objects.create(day=day, **kwargs)


def make_answer_rollup(
    page: Page, form: FeedbackForm, day: Any, question_key: str, value: str, count: int, **kwargs: Any
):  # type: ignore[no-untyped-def]
    """An AnswerRollup row; ``value`` is a choice key, a number as text or ``"*"`` (answered)."""
    from feedback.models import AnswerRollup

    kwargs.setdefault("page_id", page.pk)
    kwargs.setdefault("language_code", page.locale.language_code)
    kwargs.setdefault("form_translation_key", form.translation_key)
    if value != AnswerRollup.ANSWERED:
        if value.lstrip("-").isdigit():
            kwargs.setdefault("number", int(value))
        else:
            kwargs.setdefault("choice", value)
    return AnswerRollup.objects.create(day=day, question_key=question_key, value=value, count=count, **kwargs)


def make_editor(page: Page, username: str | None = None, permissions: tuple[str, ...] = ("change_page",)):  # type: ignore[no-untyped-def]
    """A user with admin access who may edit ``page`` and its subtree only."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    user = make_user(username)
    group = Group.objects.create(name=f"Editors {next(_counter)}")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for codename in permissions:
        GroupPagePermission.objects.create(
            group=group,
            page=page,
            permission=Permission.objects.get(codename=codename, content_type__app_label="wagtailcore"),
        )
    user.groups.add(group)
    return user


def make_comms_user(username: str | None = None):  # type: ignore[no-untyped-def]
    """A member of the "Communications staff" group created by the data migration."""
    from django.contrib.auth.models import Group

    group = Group.objects.filter(name="Communications staff").first()
    if group is None:
        # A transactional test before this one flushed the database, data
        # migrations included: create the group the way the migration does.
        from importlib import import_module

        from django.apps import apps

        import_module("feedback.migrations.0003_communications_staff_group").create_group(apps, None)
        import_module("feedback.migrations.0004_roles").grant(apps, None)
        group = Group.objects.get(name="Communications staff")
    user = make_user(username)
    user.groups.add(group)
    return user


def make_export(user: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
    """An Export row (no job): ``status`` defaults to done with a file path set."""
    from feedback.models import Export

    kwargs.setdefault("scope", Export.Scope.PAGE if kwargs.get("page") else Export.Scope.SITE)
    kwargs.setdefault("status", Export.Status.DONE)
    kwargs.setdefault("fingerprint", f"test-{next(_counter)}")
    kwargs.setdefault("file_name", "feedback.xlsx")
    return Export.objects.create(requested_by=user, **kwargs)


def make_publication(page: Page, day: Any, user: Any = None, title: str = ""):  # type: ignore[no-untyped-def]
    """Publish a new revision of ``page`` (with ``title`` if given), logged as
    Wagtail does, as if on ``day`` at 10:00."""
    import datetime

    from django.utils import timezone
    from wagtail.models import PageLogEntry

    if title:
        page.title = title
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user)
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    PageLogEntry.objects.filter(page=page, action="wagtail.publish", revision=revision).update(timestamp=moment)
    return revision
