"""People and articles for the review-workflow tests: a reviewer, a publisher, a superuser."""

import importlib
import itertools

from django.contrib.auth.models import Group, Permission, User

from articles.models import Article, RejectionReason

PASSWORD = "review-desk-test-password"
_roles_migration = importlib.import_module("articles.migrations.0002_review_groups")
_grants_migration = importlib.import_module("articles.migrations.0010_editors_manage_images_and_taxonomy")
_numbers = itertools.count(1)


def ensure_roles():
    """The groups and reasons the migration creates (a transactional test's flush removes them)."""
    for name, codenames in _roles_migration.ROLES.items():
        group, created = Group.objects.get_or_create(name=name)
        if created:
            granted = codenames + _grants_migration.GRANTS[name]
            group.permissions.set(Permission.objects.filter(codename__in=granted))
    for name, description in _roles_migration.REJECTION_REASONS:
        RejectionReason.objects.get_or_create(name=name, defaults={"description": description})


def make_editor(username, role=None, *, superuser=False):
    """A staff account in the given role (``"Reviewers"`` or ``"Publishers"``)."""
    ensure_roles()
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True, is_superuser=superuser)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def make_article(*, title=None, status=Article.Status.IN_REVIEW, quality=50, **fields):
    number = next(_numbers)
    fields.setdefault("original_url", "https://example.org/story")
    fields.setdefault("provider_name", "Example Times")
    fields.setdefault("excerpt", "An excerpt worth reading.")
    return Article.objects.create(
        source_path=f"_news/2024-01-{number:02d}-review-{number}.md",
        slug=f"2024-01-01-review-{number}",
        title=title or f"Review desk article {number}",
        status=status,
        quality=quality,
        **fields,
    )
