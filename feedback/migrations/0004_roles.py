"""Roles as the product defines them (see feedback/admin/permissions.py and the README):

* Editors (Wagtail's "Editors" group) create, edit and translate feedback
  forms; they read the feedback of the pages they may edit, and neither
  moderate nor erase it.
* Communications staff also mark responses handled or spam and may erase a
  response on request (``erase_feedback``, its own permission).

Groups a site has renamed or removed are left alone.
"""

from django.apps import apps as global_apps
from django.db import migrations

EDITORS = "Editors"
COMMS = "Communications staff"
FORM_PERMISSIONS = ["add_feedbackform", "change_feedbackform", "view_feedbackform"]
COMMS_PERMISSIONS = {
    "moderate_feedback": "Can moderate feedback",
    "erase_feedback": "Can erase feedback responses",
}


def _permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
    # Normally created after all migrations (post_migrate), which then finds and keeps these.
    return Permission.objects.get_or_create(content_type=content_type, codename=codename, defaults={"name": name})[0]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    editors = Group.objects.filter(name=EDITORS).first()
    if editors:
        verbs = {"add": "Can add", "change": "Can change", "view": "Can view"}
        editors.permissions.add(
            *[
                _permission(apps, "feedback", "feedbackform", codename, f"{verbs[codename.split('_')[0]]} feedback form")
                for codename in FORM_PERMISSIONS
            ]
        )
        if global_apps.is_installed("wagtail_localize"):
            editors.permissions.add(
                _permission(apps, "wagtail_localize", "translation", "submit_translation", "Can submit translations")
            )
    comms = Group.objects.filter(name=COMMS).first()
    if comms:
        comms.permissions.add(
            *[_permission(apps, "feedback", "feedbackform", c, n) for c, n in COMMS_PERMISSIONS.items()]
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ((EDITORS, FORM_PERMISSIONS), (COMMS, list(COMMS_PERMISSIONS))):
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="feedback", codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0003_communications_staff_group"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="feedbackform",
            options={
                "permissions": [
                    ("view_feedback_reports", "Can view feedback reports"),
                    ("export_feedback", "Can export feedback"),
                    ("moderate_feedback", "Can moderate feedback"),
                    ("erase_feedback", "Can erase feedback responses"),
                ],
                "verbose_name": "feedback form",
                "verbose_name_plural": "feedback forms",
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
