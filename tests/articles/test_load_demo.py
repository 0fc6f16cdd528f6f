"""`make run`'s demo content and accounts."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article

pytestmark = pytest.mark.django_db


def test_the_demo_refuses_to_create_known_passwords_outside_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("load_demo", stdout=io.StringIO())
    assert not User.objects.exists()


def test_the_demo_imports_articles_and_makes_one_account_per_role(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", "--url", "http://127.0.0.1:8123", stdout=out)
    assert Article.objects.filter(source_path__startswith="_news/").exists()
    roles = {user.username: [group.name for group in user.groups.all()] for user in User.objects.all()}
    assert roles == {"admin": [], "reviewer": ["Reviewers"], "publisher": ["Publishers"]}
    assert User.objects.get(username="reviewer").check_password("newsroom-demo")
    assert "http://127.0.0.1:8123/admin/" in out.getvalue()
