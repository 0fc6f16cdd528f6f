"""The review desk in the admin, driven as a reviewer, a publisher and a superuser."""

import datetime
import html
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import editing, search, workflow
from articles.models import Article, ArticleEvent, RejectionReason, Topic
from providers.models import Provider
from tests.admin_forms import browser_form_data
from tests.articles import public_site_factory
from tests.review_accounts import make_article, make_editor

pytestmark = pytest.mark.django_db
Status = Article.Status
CHANGELIST = reverse("admin:articles_article_changelist")


@pytest.fixture(autouse=True)
def minimum_quality(settings):
    settings.NEWSROOM_MIN_PUBLISH_QUALITY = 30


@pytest.fixture
def reviewer_client(client):
    client.force_login(make_editor("rita", "Reviewers"))
    return client


@pytest.fixture
def publisher_client(client):
    client.force_login(make_editor("paul", "Publishers"))
    return client


def run_action(client, action, articles, **fields):
    data = {"action": action, "_selected_action": [article.pk for article in articles], **fields}
    return client.post(CHANGELIST, data, follow=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def change_form_data(client, article):
    """The change form's fields as the browser would post them back unchanged."""
    form = client.get(reverse("admin:articles_article_change", args=[article.pk])).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        data[name] = field.widget.format_value(value) if name in ("published_at", "provider_logos", "extra") else value
        if field.show_hidden_initial:  # fields with a callable default carry their initial value too
            data[f"initial-{name}"] = data[name]
    for prefix in ("images", "related_items"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data["topic_names"] = "\n".join(topic.name for topic in article.ordered_topics())
    data["published_at_0"], data["published_at_1"] = "", ""
    return data


# -- actions


def test_a_reviewer_approves_a_selection_from_the_list(reviewer_client):
    first, second = make_article(), make_article()

    response = run_action(reviewer_client, "approve_articles", [first, second])

    assert "2 approved" in messages_of(response)
    assert set(Article.objects.values_list("status", flat=True)) == {Status.APPROVED}
    assert first.events.get().actor.username == "rita"


def test_a_selection_skips_an_article_another_editor_decided_on_after_the_list_loaded(reviewer_client):
    rejected_meanwhile, untouched = make_article(title="Rejected meanwhile"), make_article(title="Untouched")
    rows = {
        name: value
        for name, value in browser_form_data(reviewer_client.get(CHANGELIST).content.decode()).items()
        if name.startswith("form-")  # each row's id and version, posted with the action
    }
    reason = RejectionReason.objects.get(name="Paywalled")
    workflow.article_reject(rejected_meanwhile, by=make_editor("other", "Reviewers"), reason=reason)

    response = run_action(reviewer_client, "approve_articles", [rejected_meanwhile, untouched], **rows, index=0)

    [message] = messages_of(response)
    assert message == (
        "1 approved; 1 skipped — “Rejected meanwhile” was changed by someone else after you loaded the list "
        "(it is now rejected): reload the list and try again"
    )
    assert Article.objects.get(pk=rejected_meanwhile.pk).status == Status.REJECTED
    assert [event.action for event in rejected_meanwhile.events.all()] == ["reject"]
    assert Article.objects.get(pk=untouched.pk).status == Status.APPROVED


@pytest.mark.parametrize("role, offered", [("Reviewers", False), ("Publishers", True)])
def test_only_publishers_see_the_quality_override_box_in_the_action_bar(client, role, offered):
    make_article()
    client.force_login(make_editor("editor", role))
    assert ('name="override_reason"' in client.get(CHANGELIST).content.decode()) is offered


def test_a_reviewer_is_not_offered_publishing_and_cannot_force_it(reviewer_client):
    article = make_article(status=Status.APPROVED)

    page = reviewer_client.get(CHANGELIST)
    assert "publish_articles" not in page.content.decode()
    run_action(reviewer_client, "publish_articles", [article])
    reviewer_client.post(
        reverse("admin:articles_article_decide", args=[article.pk]), {"verb": "publish", "version": article.version}
    )

    assert Article.objects.get(pk=article.pk).status == Status.APPROVED


def test_staff_without_article_permissions_learn_nothing_from_the_decision_address(client):
    article = make_article(title="Secret merger of Acme and Globex")
    client.force_login(make_editor("outsider"))
    decide = reverse("admin:articles_article_decide", args=[article.pk])
    response = client.post(decide, {"verb": "score", "version": 999, "quality": 1, "next": "/admin/"}, follow=True)
    assert response.status_code == 403
    assert "Secret merger" not in client.get("/admin/", follow=True).content.decode()
    assert Article.objects.get(pk=article.pk).quality == 50


def test_publishing_a_mixed_selection_reports_what_was_skipped_and_why(publisher_client):
    ready = make_article(status=Status.APPROVED, title="Ready one")
    waiting = make_article(title="Still waiting")

    response = run_action(publisher_client, "publish_articles", [ready, waiting])

    [message] = messages_of(response)
    assert message.startswith("1 published; 1 skipped — cannot publish “Still waiting”: it is in review")
    assert "it is in review" in message
    assert Article.objects.get(pk=ready.pk).status == Status.PUBLISHED


def test_publishing_below_the_minimum_quality_needs_the_override_reason(publisher_client):
    weak = make_article(status=Status.APPROVED, quality=10)

    refused = run_action(publisher_client, "publish_articles", [weak])
    assert "below the publishing minimum of 30" in messages_of(refused)[0]
    assert Article.objects.get(pk=weak.pk).status == Status.APPROVED

    run_action(publisher_client, "publish_articles", [weak], override_reason="breaking news")

    assert Article.objects.get(pk=weak.pk).status == Status.PUBLISHED
    history = publisher_client.get(reverse("admin:articles_article_change", args=[weak.pk])).content.decode()
    assert "Published below the quality minimum" in history and "quality override: breaking news" in history


def test_a_selection_too_large_to_decide_at_once_is_refused_whole(reviewer_client, monkeypatch):
    monkeypatch.setattr(workflow, "MAX_SELECTION", 2)
    articles = [make_article() for _ in range(3)]
    response = run_action(reviewer_client, "approve_articles", articles[:1], select_across="1")  # "select all 3"
    assert messages_of(response) == [
        "Nothing was changed: approve applies to at most 2 articles at a time: filter the list to fewer."
    ]
    assert set(Article.objects.values_list("status", flat=True)) == {Status.IN_REVIEW}
    run_action(reviewer_client, "approve_articles", articles[:2])
    assert Article.objects.filter(status=Status.APPROVED).count() == 2


def test_rejecting_takes_a_reason_and_the_list_filters_by_it(reviewer_client):
    article, other = make_article(title="Behind a paywall"), make_article(title="Free to read")
    paywalled = RejectionReason.objects.get(name="Paywalled")

    refused = run_action(reviewer_client, "reject_articles", [article])
    assert "Choose a rejection reason" in messages_of(refused)[0]
    run_action(reviewer_client, "reject_articles", [article], rejection_reason=paywalled.pk, note="login wall")

    listing = reviewer_client.get(CHANGELIST, {"rejection_reason__id__exact": paywalled.pk}).content.decode()
    assert "Behind a paywall" in listing and "Free to read" not in listing
    assert article.events.get().note == "login wall"
    assert Article.objects.get(pk=other.pk).status == Status.IN_REVIEW


def test_a_rejection_from_the_change_page_says_its_reason(reviewer_client):
    article = make_article(title="Seen before")
    duplicate = RejectionReason.objects.get(name="Duplicate")
    decide = reverse("admin:articles_article_decide", args=[article.pk])
    form = {"verb": "reject", "version": article.version, "reason": duplicate.pk, "next": CHANGELIST}

    response = reviewer_client.post(decide, form, follow=True)

    assert messages_of(response) == ["“Seen before”: now rejected (Duplicate)."]


def test_a_superuser_publishes_and_unpublishes(client):
    client.force_login(make_editor("root", superuser=True))
    article = make_article(status=Status.APPROVED)

    run_action(client, "publish_articles", [article])
    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED
    run_action(client, "unpublish_articles", [article])
    assert Article.objects.get(pk=article.pk).status == Status.UNPUBLISHED


# -- the list


def test_the_list_shows_what_a_reviewer_needs_and_searches_by_provider(reviewer_client):
    pictured = make_article(title="Robots read", quality=77, heat=12, provider_name="Daily Planet")
    pictured.images.create(url="https://img.example.org/robots.jpg")
    make_article(title="Unpictured robots", provider_name="Daily Planet")
    not_loadable = make_article(title="Robots drawn", provider_name="Daily Planet")
    not_loadable.images.create(url="javascript:alert(1)")  # as the public pages, only http(s) addresses load
    make_article(title="Robots broken", provider_name="Daily Planet").images.create(url="https://[oops/x.jpg")
    make_article(title="Other story", provider_name="Gazette")

    page = reviewer_client.get(CHANGELIST, {"q": "Planet"}).content.decode()

    assert "Robots read" in page and "Other story" not in page
    assert "Daily Planet" in page and 'value="77"' in page and "In review" in page
    thumbnails = re.findall(r'<td class="field-thumbnail">(.*?)</td>', page)
    assert sorted(thumbnails) == [
        "",
        "",
        "",
        '<img class="review-thumb" src="https://img.example.org/robots.jpg" alt="" loading="lazy">',
    ]


def titles_found(client, words):
    page = client.get(CHANGELIST, {"q": words}).content.decode()
    return sorted(html.unescape(title) for title in re.findall(r'<th class="field-title"><a [^>]*>(.*?)</a>', page))


def test_the_search_needs_every_word_somewhere_in_the_article_or_its_provider(reviewer_client):
    planet = Provider.objects.create(name="The Daily Planet", domain="dailyplanet.example")
    make_article(title="Robots read maps", provider=planet, provider_name="Planet (as the file named it)")
    make_article(title="Robots write", excerpt="Quantum leaps.", status=Status.UNPUBLISHED)
    make_article(title="Quantum robots", provider_name="Gazette", status=Status.REJECTED)

    assert titles_found(reviewer_client, "robots") == ["Quantum robots", "Robots read maps", "Robots write"]
    assert titles_found(reviewer_client, "ROBOTS quantum") == ["Quantum robots", "Robots write"]
    assert titles_found(reviewer_client, "daily robots") == ["Robots read maps"]  # the provider's own name
    assert titles_found(reviewer_client, "dailyplanet.example") == ["Robots read maps"]  # its domain
    assert titles_found(reviewer_client, "gazette quantum") == ["Quantum robots"]  # the name the file gave
    assert titles_found(reviewer_client, '"robots read"') == ["Robots read maps"]
    assert titles_found(reviewer_client, '"read robots"') == []


def test_the_search_matches_either_apostrophe(reviewer_client):
    make_article(title="Microsoft’s digital plan")
    make_article(title="The editor's pick")
    make_article(title="What&#8217;s next")  # as imported titles carry it (the admin shows the file's text)
    assert titles_found(reviewer_client, "microsoft's") == ["Microsoft’s digital plan"]
    assert titles_found(reviewer_client, "editor’s") == ["The editor's pick"]
    assert titles_found(reviewer_client, "what’s") == ["What&#8217;s next"]


def test_a_word_naming_many_providers_finds_their_articles_with_a_query_that_stays_small(reviewer_client):
    providers = Provider.objects.bulk_create(
        Provider(name=f"Wire {n}", domain=f"wire{n}.example") for n in range(search.MAX_PROVIDER_IDS + 20)
    )
    make_article(title="From the last wire", provider=providers[-1])
    make_article(title="From nowhere", provider_name="")

    assert titles_found(reviewer_client, "wire") == ["From the last wire"]
    assert titles_found(reviewer_client, "wire119.example") == ["From the last wire"]
    query = search.staff_search(Article.objects.all(), " ".join(["wire"] * 50)).query
    assert len(query.sql_with_params()[1]) < 20  # neither 120 ids nor 50 copies of the word


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram indexes exist on PostgreSQL only")
def test_the_search_can_be_answered_from_the_trigram_indexes():
    make_article(title="Zebras escape the zoo")
    with connection.cursor() as cursor:
        # A test's table is too small for the planner to prefer an index; refusing it a
        # sequential scan shows whether the indexes can answer the whole condition (a join
        # to the providers, or an expression unlike the index's, would still need one).
        cursor.execute("SET LOCAL enable_seqscan = off")

    plan = search.staff_search(Article.objects.order_by(), "zebras").explain()  # as the admin counts

    assert {"article_title_trigram", "article_excerpt_trigram", "article_provider_name_trigram"} <= set(
        re.findall(r"article_\w+_trigram", plan)
    )
    assert "Seq Scan on articles_article" not in plan


def test_the_list_filters_by_topic_from_the_sidebar_and_from_a_topics_article_count(reviewer_client):
    robots = make_article(title="Robots read")
    robots.topics.add("Robotics", "AI")
    make_article(title="Climate story").topics.add("Climate")
    robotics = Topic.objects.get(name="Robotics")
    assert f'href="?topic={robotics.pk}"' in reviewer_client.get(CHANGELIST).content.decode()

    topic_list = reviewer_client.get(reverse("admin:articles_topic_changelist")).content.decode()
    [link] = re.findall(rf'href="({CHANGELIST}\?topic={robotics.pk})">1<', topic_list)
    listing = reviewer_client.get(html.unescape(link)).content.decode()
    assert "Robots read" in listing and "Climate story" not in listing
    assert listing.count('class="field-title"') == 1  # one row, though the article has two topics
    assert "Show counts" not in listing  # the sidebar's counts query the whole table once per option


def test_the_review_queue_lists_best_quality_first_and_filters_by_quality(reviewer_client):
    make_article(title="Middling", quality=40)
    make_article(title="Excellent", quality=150)
    make_article(title="Weak", quality=-1)
    make_article(title="Fresh arrival", quality=None)

    queue = reviewer_client.get(CHANGELIST, {"status__exact": "in_review"}).content.decode()
    assert queue.index("Excellent") < queue.index("Middling") < queue.index("Weak")
    sorted_headers = re.findall(r'<th scope="col" class="sortable column-(\w+) sorted (\w+)"', queue)
    assert sorted_headers == [("quality", "descending")]  # the header says how the queue is sorted

    below = reviewer_client.get(CHANGELIST, {"quality_range": "below"}).content.decode()
    assert "Weak" in below and "Fresh arrival" in below and "Middling" not in below  # all need an override to publish


def changelist_edit(client, article, *, quality, version):
    return client.post(
        CHANGELIST,
        {
            "form-TOTAL_FORMS": 1,
            "form-INITIAL_FORMS": 1,
            "form-0-id": article.pk,
            "form-0-quality": quality,
            "form-0-loaded_version": version,
            "_save": "Save",
        },
    )


def test_an_inline_score_edit_is_recorded_in_the_history(reviewer_client):
    article = make_article(quality=20)
    page = reviewer_client.get(CHANGELIST).content.decode()
    assert 'name="form-0-loaded_version"' in page

    changelist_edit(reviewer_client, article, quality=65, version=article.version)

    article.refresh_from_db()
    assert article.quality == 65
    event = article.events.get()
    assert (event.action, event.quality_before, event.quality_after, event.actor.username) == ("score", 20, 65, "rita")


def test_a_stale_inline_edit_is_refused_instead_of_overwriting(reviewer_client):
    article = make_article(quality=20)
    loaded_version = article.version
    workflow.article_score(article, by=make_editor("other", "Reviewers"), quality=90)

    response = changelist_edit(reviewer_client, article, quality=10, version=loaded_version)

    assert response.status_code == 302  # back to the list in its current order, not the typed rows
    [message] = messages_of(reviewer_client.get(response["Location"]))
    assert f"Someone else changed “{article.title}” after you loaded the list" in message
    assert Article.objects.get(pk=article.pk).quality == 90


# -- the change form


def test_a_stale_change_form_is_refused_with_a_clear_message(reviewer_client):
    article = make_article(title="Original title")
    data = change_form_data(reviewer_client, article)
    workflow.article_approve(article, by=make_editor("other", "Reviewers"))  # a second editor acts meanwhile

    data.update(title="My overwrite", quality=7)
    response = reviewer_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed this article after you loaded the page" in page
    assert 'value="My overwrite' in page or ">My overwrite<" in page  # the typed text is kept to copy
    panel = page.split('class="review-panel"')[1].split("</p>")[0]
    assert "Approved" in panel and "quality <strong>50</strong>" in panel  # as stored, not as typed
    article.refresh_from_db()
    assert (article.title, article.status) == ("Original title", Status.APPROVED)


def test_a_fresh_change_form_saves_and_records_a_new_score_with_its_note(reviewer_client):
    article = make_article(title="Original title", quality=10)
    data = change_form_data(reviewer_client, article)
    data.update(title="Better title", quality=60, review_note="checked the source")

    response = reviewer_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert (article.title, article.quality) == ("Better title", 60)
    events = {event.action: event for event in article.events.all()}
    assert events["score"].note == "checked the source" and events["score"].actor.username == "rita"
    assert events["edit"].note == "Changed title."


def test_a_review_note_typed_with_an_edit_but_no_new_score_is_recorded(reviewer_client):
    article = make_article(title="Original title", quality=60)
    data = change_form_data(reviewer_client, article)
    data.update(title="Better title", review_note="the provider asked for this headline")

    response = reviewer_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert [(event.action, event.note) for event in article.events.all()] == [
        ("edit", "Changed title; the provider asked for this headline")
    ]


def test_an_articles_address_cannot_be_changed_once_it_exists(reviewer_client):
    article = make_article(title="Original title")
    address = article.slug
    data = change_form_data(reviewer_client, article)
    data.update(slug="a-new-address", title="Better title")
    reviewer_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    article.refresh_from_db()
    assert (article.title, article.slug) == ("Better title", address)


LIVE = {
    "published": {"status": Status.PUBLISHED},
    "scheduled": {"status": Status.APPROVED, "go_live_at": timezone.now() + datetime.timedelta(days=1)},
}


@pytest.mark.parametrize("live", LIVE)
def test_a_reviewer_may_score_but_not_edit_what_readers_see_or_will_see(reviewer_client, live):
    article = public_site_factory.make_article("Live title", related=[{"title": "A related story"}], **LIVE[live])
    url = reverse("admin:articles_article_change", args=[article.pk])

    page = reviewer_client.get(url).content.decode()
    assert "only Publishers can edit it." in page
    assert 'name="quality"' in page and 'name="review_note"' in page
    for input_name in ("title", "body", "topic_names", "images-0-url", "related_items-0-title"):
        assert f'name="{input_name}"' not in page
    assert "Live title" in page and "A related story" in page  # shown, as text
    assert "suggested topics" not in page.lower()  # accepting one would file the article: an edit

    data = browser_form_data(page)
    data.update(title="A reviewer's title", body="Rewritten", quality="60")  # a post made by hand
    assert reviewer_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.body, article.quality) == ("Live title", "", 60)
    assert list(article.events.values_list("action", flat=True)) == ["score"]


def test_a_publisher_edits_a_published_article(publisher_client):
    article = public_site_factory.make_article("Live title")
    url = reverse("admin:articles_article_change", args=[article.pk])
    page = publisher_client.get(url).content.decode()
    assert "only Publishers can edit it." not in page

    data = browser_form_data(page)
    data["title"] = "A corrected title"
    assert publisher_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.title == "A corrected title"
    assert article.events.get().note == "Changed title."


def test_the_workflow_refuses_a_reviewers_edit_of_a_published_article_on_any_path():
    reviewer, publisher = make_editor("rita", "Reviewers"), make_editor("paul", "Publishers")
    article = make_article(title="Live title", status=Status.PUBLISHED)

    article.title = "A reviewer's title"
    with pytest.raises(PermissionDenied, match="it is published, and changing it then takes the Publishers role"):
        workflow.save_article_edits(article, by=reviewer, expected_version=article.version, edited=["title"])
    assert Article.objects.get(pk=article.pk).title == "Live title"
    assert not article.events.exists()

    workflow.save_article_edits(article, by=publisher, expected_version=article.version, edited=["title"])
    assert Article.objects.get(pk=article.pk).title == "A reviewer's title"


def test_a_reviewer_can_neither_change_a_live_articles_related_item_nor_move_one_to_it(reviewer_client):
    live = public_site_factory.make_article("Live story", related=[{"title": "Live related"}])
    draft = public_site_factory.make_article(
        "Draft story", status=Status.IN_REVIEW, related=[{"title": "Draft related"}]
    )
    live_item_url = reverse("admin:articles_relateditem_change", args=[live.related_items.get().pk])
    page = reviewer_client.get(live_item_url).content.decode()
    assert 'name="title"' not in page and "Live related" in page
    assert reviewer_client.post(live_item_url, {"title": "Changed"}).status_code == 403

    draft_item_url = reverse("admin:articles_relateditem_change", args=[draft.related_items.get().pk])
    data = browser_form_data(reviewer_client.get(draft_item_url).content.decode())
    data["article"] = str(live.pk)
    page = reviewer_client.post(draft_item_url, data).content.decode()
    assert "it is published, and changing it then takes the Publishers role" in html.unescape(page)
    assert draft.related_items.get().title == "Draft related" and not live.events.exists()


def test_a_reviewer_cannot_file_a_published_article_under_a_suggested_topic(reviewer_client):
    article = public_site_factory.make_article("Robots at sea")
    robotics = Topic.objects.create(name="Robotics", slug="robotics", keywords=["robots"])
    accept = reverse("admin:articles_topic_accept", args=[robotics.pk, article.pk])
    assert reviewer_client.post(accept).status_code == 403
    assert not article.topic_links.exists()


def test_the_go_live_box_names_the_time_zone_it_reads_times_in(publisher_client, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    article = make_article(status=Status.APPROVED)
    page = publisher_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "Go live at (Europe/Berlin)" in page


def test_the_change_page_offers_only_the_allowed_decisions_and_shows_history(reviewer_client):
    article = make_article()
    workflow.article_score(article, by=make_editor("scorer", "Reviewers"), quality=61, note="<b>good</b>")
    workflow.article_approve(article, by=make_editor("approver", "Reviewers"))
    workflow.article_reopen(article, by=make_editor("reopener", "Reviewers"))

    page = reviewer_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()

    assert 'value="approve"' in page and 'value="reject"' in page and 'value="publish"' not in page
    assert "Review history" in page and "scorer" in page and "50 → 61" in page
    assert "In review → Approved" in page and "Approved → In review" in page
    assert "&lt;b&gt;good&lt;/b&gt;" in page  # notes are escaped


def test_the_history_shows_no_state_or_score_for_a_change_that_recorded_none(reviewer_client):
    article = make_article(quality=None)
    workflow.article_approve(article, by=make_editor("approver", "Reviewers"))
    workflow.record_change([article.pk], by=None, action=ArticleEvent.Action.IMPORT, note="Updated from its file.")

    page = reviewer_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    rows = re.findall(r"<tr>(.*?)</tr>", page.split('id="review-history-title"')[1], re.S)
    cells = [re.findall(r"<td>(.*?)</td>", row, re.S) for row in rows[1:]]  # newest first
    assert [cell.strip() for cell in cells[0][2:5]] == ["Imported", "", ""]
    assert [cell.strip() for cell in cells[1][2:5]] == ["Approved", "In review → Approved", "unscored"]


# -- the History page


def decide(client, article, verb, **fields):
    """Post one decision from the article's change page, as it stands now."""
    article.refresh_from_db()
    data = {"verb": verb, "version": article.version, **fields}
    return client.post(reverse("admin:articles_article_decide", args=[article.pk]), data)


def history_rows(client, article):
    """The cells of the rows on the article's History page, top to bottom."""
    response = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert response.status_code == 200
    rows = re.findall(r"<tr>(.*?)</tr>", response.content.decode().split('id="change-history"')[1], re.S)
    return [[html.unescape(cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)] for row in rows[1:]]


def test_the_history_page_lists_every_decision_and_edit_once_newest_first(publisher_client):
    article = make_article(quality=60)
    decide(publisher_client, article, "approve", note="solid")
    decide(publisher_client, article, "publish")
    article.refresh_from_db()
    published = timezone.localtime(article.published_at)  # publishing set it
    data = {**change_form_data(publisher_client, article), "title": "A better title"}
    data["published_at_0"], data["published_at_1"] = f"{published:%Y-%m-%d}", f"{published:%H:%M:%S}"
    assert publisher_client.post(reverse("admin:articles_article_change", args=[article.pk]), data).status_code == 302
    decide(publisher_client, article, "unpublish")
    go_live = (timezone.localtime() + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    decide(publisher_client, article, "schedule", go_live_at=go_live)

    rows = history_rows(publisher_client, article)

    # The edit is in the admin's log too ("Changed Title."): the page shows it once, as the history has it.
    assert [row[2] for row in rows] == ["Scheduled", "Unpublished", "Edited", "Published", "Approved"]
    assert rows[2][1:] == ["paul", "Edited", "Published", "60", "", "Changed title."]
    assert rows[0][3:5] == ["Unpublished → Approved", "60"]
    assert rows[-1][1:] == ["paul", "Approved", "In review → Approved", "60", "", "solid"]


def test_the_history_page_shows_the_state_and_score_an_article_was_created_with(reviewer_client):
    article = editing.create_article(
        Article(title="Written in the admin", quality=42), by=make_editor("writer", "Reviewers")
    )

    [created] = history_rows(reviewer_client, article)

    assert created[1:5] == ["writer", "Created", "In review", "42"]


def test_the_history_page_reads_the_articles_history_not_the_admins_log(publisher_client):
    article = make_article(quality=60)
    decide(publisher_client, article, "approve")  # which the admin's log notes too

    with CaptureQueriesContext(connection) as captured:
        [approved] = history_rows(publisher_client, article)

    assert approved[2] == "Approved"
    assert not [query["sql"] for query in captured if "django_admin_log" in query["sql"]]


def test_the_history_page_is_only_for_those_who_may_see_the_article(client):
    article = make_article(title="Secret merger of Acme and Globex")
    workflow.article_approve(article, by=make_editor("rita", "Reviewers"))
    history = reverse("admin:articles_article_history", args=[article.pk])

    assert client.get(history).status_code == 302  # to the login page
    client.force_login(make_editor("outsider"))
    response = client.get(history)
    assert response.status_code == 403 and "Secret merger" not in response.content.decode()


def test_decisions_made_in_the_admin_show_in_its_recent_actions(reviewer_client):
    approved, scored = make_article(title="Approved from the list"), make_article(title="Scored on its page")
    run_action(reviewer_client, "approve_articles", [approved])
    decide(reviewer_client, scored, "score", quality=70)

    page = reviewer_client.get(reverse("admin:index")).content.decode()

    recent = page.split('id="recent-actions-module"')[1]
    assert "Approved from the list" in recent and "Scored on its page" in recent


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('{"": {"published": true}}', "“published” can only be changed in the article's own fields"),
        ('{"/provider": {"domain": "evil.example"}}', "“provider/domain” can only be changed"),
        ('["not", "a", "mapping"]', "This file data must be shaped like"),
        ('{"": "sourceUrl"}', "This file data must be shaped like"),
        ('{"": {"ratio": NaN}}', "Numbers in file data must be finite"),
    ],
)
def test_file_data_cannot_speak_for_a_field_or_lose_its_shape(reviewer_client, extra, message):
    article = make_article(quality=10)
    data = {**change_form_data(reviewer_client, article), "extra": extra}

    page = reviewer_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert message in html.unescape(page.content.decode())
    article.refresh_from_db()
    assert article.extra == {} and article.status == Article.Status.IN_REVIEW


def test_a_score_no_database_column_can_hold_is_refused_with_a_message(reviewer_client):
    article = make_article(quality=50)
    decide = reverse("admin:articles_article_decide", args=[article.pk])
    response = reviewer_client.post(
        decide, {"verb": "score", "version": article.version, "quality": 99999999999}, follow=True
    )
    assert "Nothing was changed: Quality:" in messages_of(response)[0]
    article.refresh_from_db()
    assert article.quality == 50 and not article.events.exists()


def test_a_decision_from_the_change_page_goes_through_the_workflow(publisher_client):
    article = make_article(status=Status.APPROVED)
    decide = reverse("admin:articles_article_decide", args=[article.pk])

    response = publisher_client.post(decide, {"verb": "publish", "version": article.version}, follow=True)

    assert "now published" in messages_of(response)[0]
    stale = publisher_client.post(decide, {"verb": "unpublish", "version": article.version}, follow=True)
    assert "changed by someone else" in messages_of(stale)[0]
    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED


def test_a_publisher_schedules_a_go_live_from_the_change_page(publisher_client):
    article = make_article(status=Status.APPROVED)
    go_live = (timezone.localtime() + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")

    response = publisher_client.post(
        reverse("admin:articles_article_decide", args=[article.pk]),
        {"verb": "schedule", "version": article.version, "go_live_at": go_live},
        follow=True,
    )

    article.refresh_from_db()
    assert article.go_live_at is not None and article.status == Status.APPROVED
    assert article.events.get().action == "schedule"
    assert messages_of(response) == [f"“{article.title}”: goes live {go_live.replace('T', ' ')} UTC."]


# -- the index, review mode and preview


def test_the_admin_index_counts_states_and_flags_a_missed_go_live(reviewer_client):
    make_article(), make_article(), make_article(status=Status.PUBLISHED)
    make_article(
        title="Missed the slot", status=Status.APPROVED, go_live_at=timezone.now() - datetime.timedelta(hours=1)
    )

    page = reviewer_client.get(reverse("admin:index")).content.decode()

    assert "<strong>2</strong>In review" in page and "<strong>1</strong>Published" in page
    assert "did not go live" in page and "Missed the slot" in page


def test_review_mode_starts_with_the_best_article_and_moves_on_after_a_decision(reviewer_client):
    make_article(title="Second best", quality=80)
    best = make_article(title="The best one", quality=120)
    review = reverse("admin:articles_article_review")

    page = reviewer_client.get(review)
    assert page.context["article"] == best and page.context["position"] == 1
    assert 'data-key="original"' in page.content.decode()

    form = {"verb": "approve", "version": best.version, "next": f"{review}?article={page.context['next_pk']}"}
    after = reviewer_client.post(reverse("admin:articles_article_decide", args=[best.pk]), form, follow=True)

    assert after.context["article"].title == "Second best"
    assert Article.objects.get(pk=best.pk).status == Status.APPROVED


def test_review_mode_sent_to_a_deleted_article_starts_the_queue_instead(reviewer_client):
    waiting = make_article(title="Still waiting")
    gone = make_article(title="Deleted meanwhile")
    gone_pk = gone.pk
    gone.delete()

    page = reviewer_client.get(reverse("admin:articles_article_review"), {"article": gone_pk}, follow=True)

    assert page.context["article"] == waiting and page.context["position"] == 1
    assert messages_of(page) == ["That article no longer exists; the queue starts here."]


@pytest.mark.parametrize("value", ["²", "9" * 5000])
@pytest.mark.parametrize("parameter", ["article", "after"])
def test_review_mode_takes_an_id_that_is_no_number_as_none(reviewer_client, parameter, value):
    waiting = make_article(title="Still waiting")

    page = reviewer_client.get(reverse("admin:articles_article_review"), {parameter: value}, follow=True)

    assert page.status_code == 200 and page.context["article"] == waiting


def test_a_score_cleared_from_a_decision_says_so(reviewer_client):
    article = make_article(title="Second look", quality=40)
    decide = reverse("admin:articles_article_decide", args=[article.pk])
    form = {"verb": "score", "version": article.version, "quality": "", "next": CHANGELIST}

    response = reviewer_client.post(decide, form, follow=True)

    assert messages_of(response) == ["“Second look”: score cleared."]
    assert Article.objects.get(pk=article.pk).quality is None


def hidden_next(page, form_name):
    form = re.search(rf'data-form="{form_name}">(.*?)</form>', page.content.decode(), re.S).group(1)
    return html.unescape(re.search(r'name="next" value="([^"]*)"', form).group(1))


def test_review_mode_keeps_the_reviewers_place_when_a_score_moves_the_article(reviewer_client):
    first, second, third = (make_article(title=title, quality=q) for title, q in [("A", 100), ("B", 90), ("C", 80)])
    make_article(title="D", quality=70)
    review = reverse("admin:articles_article_review")
    page = reviewer_client.get(review, {"article": second.pk})
    assert page.context["position"] == 2 and page.context["next_pk"] == third.pk

    scored = {"verb": "score", "version": second.version, "quality": 10, "next": hidden_next(page, "score")}
    page = reviewer_client.post(reverse("admin:articles_article_decide", args=[second.pk]), scored, follow=True)
    assert page.context["article"] == second and page.context["position"] == 4  # best first: now last

    second.refresh_from_db()
    approved = {"verb": "approve", "version": second.version, "next": hidden_next(page, "approve")}
    page = reviewer_client.post(reverse("admin:articles_article_decide", args=[second.pk]), approved, follow=True)
    assert page.context["article"] == third  # where the reviewer was heading, not back to the top


def test_review_mode_shows_imported_entities_as_the_characters_they_stand_for(reviewer_client):
    article = make_article(title="Tom&#8217;s story")
    Article.objects.filter(pk=article.pk).update(excerpt="Cats &amp; dogs <b>agree</b>")
    page = reviewer_client.get(reverse("admin:articles_article_review")).content.decode()
    assert "<h1>Tom’s story</h1>" in page
    assert "Cats &amp; dogs &lt;b&gt;agree&lt;/b&gt;" in page


def test_review_mode_never_links_an_unsafe_original_url(reviewer_client):
    make_article(original_url="javascript:alert(1)")

    page = reviewer_client.get(reverse("admin:articles_article_review")).content.decode()

    assert "javascript:" not in page


def test_staff_preview_an_unpublished_article_the_public_cannot_see(reviewer_client, client):
    article = make_article(title="Embargoed scoop")
    preview = reverse("admin:articles_article_preview", args=[article.pk])

    page = reviewer_client.get(preview)
    assert page.status_code == 200 and "Embargoed scoop" in page.content.decode()
    assert [template.name for template in page.templates][0] == "articles/article_detail.html"

    reviewer_client.logout()
    assert client.get(preview).status_code == 302  # to the admin login
    assert client.get(article.get_absolute_url()).status_code == 404
