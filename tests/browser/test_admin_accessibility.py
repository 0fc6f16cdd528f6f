"""The review desk in headless Chromium: nothing in WCAG 2.1 AA that axe-core finds wrong on
the admin pages editors work in, as a publisher sees them (a publisher sees every control)."""

import shutil

import pytest

from articles.importing import import_paths
from articles.models import Article, RelatedItem, Topic
from providers.models import Provider
from tests.browser.admin_login import log_in
from tests.browser.axe import WCAG_21_AA, accessibility_problems
from tests.conftest import FIXTURES
from tests.review_accounts import PASSWORD, make_editor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Django's autocomplete box (select2) takes its name from the value chosen, so it has none
# while empty; the <select> it stands for keeps its label. Django's own, left to Django.
DJANGO_AUTOCOMPLETE = ".select2-selection, .select2-selection__rendered"


@pytest.fixture
def publisher_page(page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    import_paths([shutil.copytree(FIXTURES / "site", tmp_path / "site")])
    make_editor("publisher", "Publishers")
    log_in(page, live_server, "publisher", PASSWORD)
    return page


def test_the_review_desk_pages_pass_axe(publisher_page, live_server):
    page = publisher_page
    article = Article.objects.filter(images__isnull=False).first()
    addresses = [
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/article/?status__exact=in_review",
        "/admin/articles/article/review/",
        "/admin/articles/article/files/",
        f"/admin/articles/article/{article.pk}/change/",
        f"/admin/articles/article/{article.pk}/history/",
        f"/admin/articles/relateditem/{RelatedItem.objects.filter(images__isnull=False).first().pk}/change/",
        "/admin/articles/rejectionreason/",
        "/admin/articles/topic/",
        f"/admin/articles/topic/{Topic.objects.first().pk}/change/",
        "/admin/providers/provider/",
        f"/admin/providers/provider/{Provider.objects.first().pk}/change/",
    ]
    problems = {}
    for address in addresses:
        page.goto(live_server.url + address)
        assert page.locator("#content").count() == 1, address
        found = accessibility_problems(page, tags=WCAG_21_AA, exclude=[DJANGO_AUTOCOMPLETE])
        if found:
            problems[address] = found
    assert not problems


def test_a_change_page_showing_errors_and_the_merge_confirmation_pass_axe(publisher_page, live_server):
    page = publisher_page
    article = Article.objects.first()
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.fill("#id_title", "")
    page.click("input[name=_continue]")
    page.wait_for_selector(".errornote")
    problems = accessibility_problems(page, tags=WCAG_21_AA, exclude=[DJANGO_AUTOCOMPLETE])

    page.goto(f"{live_server.url}/admin/articles/topic/")
    page.check(f"input[name=_selected_action][value='{Topic.objects.first().pk}']")
    page.select_option("select[name=action]", "merge_topics")
    page.click("button[name=index]")
    page.wait_for_selector("#id_into")
    problems += accessibility_problems(page, tags=WCAG_21_AA)
    assert not problems
