"""The review roles (Reviewers, Publishers) and the team's starting list of rejection reasons."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READ = ["view_topic", "view_provider", "view_rejectionreason", "view_articleevent"]
EDIT = [
    "view_article", "change_article", "view_articleimage", "change_articleimage",
    "view_relateditem", "change_relateditem",
]  # fmt: skip
ROLES = {
    "Reviewers": [*READ, *EDIT, "review_article"],
    "Publishers": [
        *READ, *EDIT, "review_article", "publish_article",
        "add_rejectionreason", "change_rejectionreason",
    ],
}  # fmt: skip
REJECTION_REASONS = [
    ("Duplicate", "Another article already covers the same story."),
    ("Off-topic", "Not about the site's topics."),
    ("Low quality", "Thin, clickbait or machine-written content."),
    ("Paywalled", "Readers cannot read the original without paying."),
    ("Broken link", "The original link does not load."),
    ("Advertorial", "A press release or sponsored content."),
    ("Outdated", "The news is too old to be worth publishing."),
]


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label__in=["articles", "providers"], codename__in=codenames
        )
        group.permissions.add(*permissions)
    RejectionReason = apps.get_model("articles", "RejectionReason")
    for name, description in REJECTION_REASONS:
        RejectionReason.objects.get_or_create(name=name, defaults={"description": description})


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("providers", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
