"""The "Communications staff" group: admin access, and feedback reports and
exports of every page.

"Every page" is expressed by the model permissions themselves: holding
``feedback.view_feedback_reports`` means seeing the feedback of all pages
(see feedback/admin/permissions.py), so no page-level grant is needed and pages
added later are covered too. Page editors without it see only the pages
they may edit.
"""

from django.db import migrations

GROUP_NAME = "Communications staff"
FEEDBACK_PERMISSIONS = {
    "view_feedback_reports": "Can view feedback reports",
    "export_feedback": "Can export feedback",
}


def create_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    # Custom permissions are normally created after all migrations (post_migrate);
    # create them here so the group can hold them. post_migrate finds them and skips.
    form_type, _created = ContentType.objects.get_or_create(app_label="feedback", model="feedbackform")
    permissions = [
        Permission.objects.get_or_create(content_type=form_type, codename=codename, defaults={"name": name})[0]
        for codename, name in FEEDBACK_PERMISSIONS.items()
    ]
    admin_type, _created = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _created = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(access_admin, *permissions)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0002_aggregation_state"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
