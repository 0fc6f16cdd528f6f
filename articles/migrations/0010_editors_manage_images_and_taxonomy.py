"""Editors add and remove article images; Publishers also look after topics and providers
(add, rename, merge, logos), which until now only superusers could."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Reviewers": ["add_articleimage", "delete_articleimage"],
    "Publishers": [
        "add_articleimage", "delete_articleimage",
        "add_topic", "change_topic", "delete_topic", "change_provider", "delete_provider",
    ],
}  # fmt: skip


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label__in=["articles", "providers"], codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(*Permission.objects.filter(codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_event_actor_protected"), ("providers", "0003_domain_names_a_page")]

    operations = [migrations.RunPython(grant, revoke)]
