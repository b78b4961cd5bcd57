"""Build the demo site: locales, a Swedish home page with content pages,
their Norwegian, Danish and English translations, demo users and groups.

Idempotent: running it again creates only what is missing and changes nothing
else (existing pages and passwords are left alone unless ``DEMO_PASSWORD`` is
set, which then becomes every demo user's password).
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.html import escape
from wagtail.models import Locale, Page, Site
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.strings import StringValue

from home import demo_content
from home.models import ContentPage, HomePage

EDITORS_GROUP = "Editors"
COMMUNICATIONS_GROUP = "Communications staff"

# username -> (email, superuser?, groups)
DEMO_USERS: dict[str, tuple[str, bool, list[str]]] = {
    "admin": ("admin@example.com", True, []),
    "editor": ("editor@example.com", False, [EDITORS_GROUP]),
    "comms": ("comms@example.com", False, [COMMUNICATIONS_GROUP]),
}


def stream_data(blocks: list[tuple[str, ...]]) -> list[dict[str, Any]]:
    """Raw StreamField data for the compact block notation of ``demo_content``."""
    data: list[dict[str, Any]] = []
    for kind, *values in blocks:
        if kind == "p":
            data.append({"type": "paragraph", "value": f"<p>{escape(values[0])}</p>"})
        elif kind == "h":
            data.append({"type": "heading", "value": values[0]})
        elif kind == "q":
            data.append({"type": "quote", "value": {"text": values[0], "attribution": values[1]}})
        elif kind == "feedback":
            # The engine's block with no form chosen: the default form, in the page's language.
            data.append({"type": "feedback", "value": {"form": None}})
        else:
            raise ValueError(f"Unknown demo block kind {kind!r}")
    return data


def translation_memory(source: dict[str, Any], target: dict[str, Any]) -> dict[str, str]:
    """Map each source string (as wagtail-localize stores it) to its translation."""
    pairs = [(source[field], target[field]) for field in ("title", "slug", "intro")]
    for source_block, target_block in zip(source["body"], target["body"], strict=True):
        if source_block[0] != target_block[0]:
            raise ValueError(f"Block mismatch in {source['title']!r}: {source_block[0]} vs {target_block[0]}")
        pairs.extend(zip(source_block[1:], target_block[1:], strict=True))
    return {StringValue.from_plaintext(s).data: StringValue.from_plaintext(t).data for s, t in pairs}


class Command(BaseCommand):
    help = "Create the demo site (pages in sv, nb, da, en; users admin, editor, comms). Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            locales = self.ensure_locales()
            home = self.ensure_home_page(locales[demo_content.SOURCE_LANGUAGE])
            self.ensure_site(home)
            pages = [(home, demo_content.HOME)]
            for content in demo_content.CONTENT_PAGES:
                pages.append((self.ensure_content_page(home, content[demo_content.SOURCE_LANGUAGE]), content))
            # The home page first: translated content pages need a translated parent.
            for page, content in pages:
                for language in demo_content.TARGET_LANGUAGES:
                    self.ensure_translation(page, content, language, locales[language])
            self.ensure_users()
        self.ensure_default_feedback_form()
        if not options["no_history"]:
            from home.demo_history import ensure_history

            ensure_history(self.stdout, days=options["history_days"])
        self.stdout.write(self.style.SUCCESS("Demo site ready."))

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-history", action="store_true", help="Skip the six months of demo feedback.")
        parser.add_argument("--history-days", type=int, default=182, help="Days of demo feedback (default 182).")

    # Locales and pages -------------------------------------------------------

    def ensure_locales(self) -> dict[str, Locale]:
        return {code: Locale.objects.get_or_create(language_code=code)[0] for code in demo_content.LANGUAGES}

    def ensure_home_page(self, locale: Locale) -> HomePage:
        text = demo_content.HOME[demo_content.SOURCE_LANGUAGE]
        existing = HomePage.objects.filter(locale=locale, depth=2).order_by("path").first()
        if existing is not None:
            return existing
        root = Page.get_first_root_node()
        home = HomePage(
            title=text["title"],
            slug=text["slug"],
            locale=locale,
            intro=text["intro"],
            body=stream_data(text["body"]),
            show_feedback=True,
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        self.stdout.write(f"Created home page {home.title!r}.")
        return home

    def ensure_site(self, home: HomePage) -> None:
        site = Site.objects.filter(is_default_site=True).first()
        # The address `make run` serves (HOST, PORT), so that the page addresses
        # Wagtail builds (exports, e-mails) can be opened.
        hostname, port = os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "8000"))
        if site is None:
            site = Site(hostname=hostname, port=port, is_default_site=True)
        old_root_id = site.root_page_id
        changed = (
            site.pk is None
            or site.root_page_id != home.pk
            or site.site_name != demo_content.SITE_NAME
            or (site.hostname, site.port) != (hostname, port)
        )
        if changed:
            site.root_page = home
            site.site_name = demo_content.SITE_NAME
            site.hostname, site.port = hostname, port
            site.save()
            self.stdout.write(f"Default site now starts at {home.title!r}.")
        # Remove Wagtail's "Welcome to your new Wagtail site!" placeholder page.
        placeholder = Page.objects.filter(
            depth=2,
            content_type__app_label="wagtailcore",
            content_type__model="page",
            numchild=0,
            sites_rooted_here__isnull=True,
        ).exclude(pk=home.pk)
        if old_root_id is not None:
            placeholder = placeholder.filter(pk=old_root_id)
        for page in placeholder:
            self.stdout.write(f"Removed placeholder page {page.title!r}.")
            page.delete()

    def ensure_content_page(self, home: HomePage, text: dict[str, Any]) -> ContentPage:
        existing = home.get_children().filter(slug=text["slug"]).specific().first()
        if existing is not None:
            return existing
        page = ContentPage(
            title=text["title"],
            slug=text["slug"],
            locale=home.locale,
            intro=text["intro"],
            body=stream_data(text["body"]),
            show_in_menus=True,
            show_feedback=text.get("show_feedback", True),
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        self.stdout.write(f"Created page {page.title!r}.")
        return page

    def ensure_translation(self, page: Page, content: dict[str, Any], language: str, locale: Locale) -> None:
        """Translate ``page`` through wagtail-localize, filling its translation memory with our texts,
        so the translation stays linked to the source and editable in the translation editor."""
        if page.get_translation_or_none(locale) is not None:
            return
        memory = translation_memory(content[demo_content.SOURCE_LANGUAGE], content[language])
        source, _created = TranslationSource.update_or_create_from_instance(page.specific)
        Translation.objects.get_or_create(source=source, target_locale=locale, defaults={"enabled": True})
        for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
            data = memory.get(segment.string.data)
            if data is None:
                raise CommandError(f"No {language} text for {segment.string.data!r} on page {page.title!r}.")
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={"data": data, "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
            )
        # Save a draft through wagtail-localize and publish it here rather than with
        # publish=True: that defers publishing to on_commit with a revision whose page
        # object is cached, and publishing it after child pages were added would write
        # the parent's stale ``numchild`` back (its children then stop routing).
        translated, _created = source.create_or_update_translation(locale, publish=False, fallback=False)
        translated.refresh_from_db()
        translated.get_latest_revision().publish()
        self.stdout.write(f"Translated {page.title!r} into {language}.")

    # Users --------------------------------------------------------------------

    def ensure_users(self) -> None:
        User = get_user_model()  # noqa: N806
        password = os.environ.get("DEMO_PASSWORD") or None
        generated = None
        access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        editors, _created = Group.objects.get_or_create(name=EDITORS_GROUP)
        comms_group, _created = Group.objects.get_or_create(name=COMMUNICATIONS_GROUP)
        for group in (editors, comms_group):
            if not group.permissions.filter(pk=access_admin.pk).exists():
                group.permissions.add(access_admin)

        for username, (email, superuser, group_names) in DEMO_USERS.items():
            user = User.objects.filter(username=username).first()
            if user is None:
                if password is None and generated is None:
                    generated = secrets.token_urlsafe(12)
                user = User(username=username, email=email, is_staff=superuser, is_superuser=superuser)
                user.set_password(password or generated)
                user.save()
                self.stdout.write(f"Created user {username!r}.")
            elif password is not None and not user.check_password(password):
                user.set_password(password)
                user.save(update_fields=["password"])
                self.stdout.write(f"Set the password of {username!r} from DEMO_PASSWORD.")
            if superuser and not (user.is_superuser and user.is_staff):
                user.is_superuser = user.is_staff = True
                user.save(update_fields=["is_superuser", "is_staff"])
            for name in group_names:
                group = Group.objects.get(name=name)
                if not user.groups.filter(pk=group.pk).exists():
                    user.groups.add(group)
            if username == "comms" and not user.user_permissions.filter(pk=access_admin.pk).exists():
                user.user_permissions.add(access_admin)
            # The demo's admin speaks Swedish, like the sites it is made for.
            profile = UserProfile.get_for_user(user)
            if not profile.preferred_language:
                profile.preferred_language = "sv"
                profile.save(update_fields=["preferred_language"])

        if generated is not None:
            self.stdout.write(
                self.style.WARNING(f"Password of the new demo users: {generated}  (set DEMO_PASSWORD to choose one)")
            )

    # Feedback engine ------------------------------------------------------------

    def ensure_default_feedback_form(self) -> None:
        """Let the engine create its default form, if it offers a command for that."""
        if "feedback_default_form" in get_commands():
            call_command("feedback_default_form", stdout=self.stdout, stderr=self.stderr)
