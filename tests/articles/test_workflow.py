"""The review workflow: allowed moves, roles, the quality minimum, history, import and go-live."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db.models import ProtectedError
from django.utils import timezone

from articles import workflow
from articles.exporting import render_article
from articles.importing import import_paths
from articles.models import Article, ArticleEvent, RejectionReason
from tests.review_accounts import make_article, make_editor

pytestmark = pytest.mark.django_db
Status = Article.Status


@pytest.fixture
def reviewer():
    return make_editor("rita", "Reviewers")


@pytest.fixture
def publisher():
    return make_editor("paul", "Publishers")


@pytest.fixture(autouse=True)
def minimum_quality(settings):
    settings.NEWSROOM_MIN_PUBLISH_QUALITY = 30


def test_approving_moves_the_article_and_records_who_when_and_what(reviewer):
    article = make_article(quality=40)

    workflow.article_approve(article, by=reviewer, note="solid source")

    article.refresh_from_db()
    assert article.status == Status.APPROVED and article.version == 2
    event = article.events.get()
    assert (event.actor, event.action, event.from_status, event.to_status) == (
        reviewer,
        "approve",
        "in_review",
        "approved",
    )
    assert (event.quality_before, event.quality_after, event.note) == (40, 40, "solid source")
    assert event.created_at is not None


def test_publishing_an_article_still_in_review_is_refused_naming_its_state(publisher):
    article = make_article()

    with pytest.raises(workflow.InvalidTransition, match="it is in review, and only approved or unpublished"):
        workflow.article_publish(article, by=publisher)

    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW and not article.events.exists()


def test_a_refusal_words_the_move_as_the_button_does(reviewer):
    article = make_article()

    with pytest.raises(workflow.InvalidTransition) as refused:
        workflow.article_reopen(article, by=reviewer)

    assert str(refused.value).startswith("cannot send back to review “")
    assert str(refused.value).endswith("articles can be sent back to review.")


def test_a_reviewer_may_not_publish(reviewer):
    article = make_article(status=Status.APPROVED)

    with pytest.raises(PermissionDenied, match="Publishers"):
        workflow.article_publish(article, by=reviewer)

    assert Article.objects.get(pk=article.pk).status == Status.APPROVED


def test_a_publisher_can_do_everything_a_reviewer_can(publisher):
    article = make_article()
    reason = RejectionReason.objects.get(name="Paywalled")

    workflow.article_reject(article, by=publisher, reason=reason, note="login wall")
    workflow.article_approve(article, by=publisher)
    workflow.article_publish(article, by=publisher)
    workflow.article_unpublish(article, by=publisher)

    actions = list(article.events.order_by("id").values_list("action", "to_status"))
    assert actions == [
        ("reject", "rejected"),
        ("approve", "approved"),
        ("publish", "published"),
        ("unpublish", "unpublished"),
    ]
    assert article.events.order_by("id").first().reason == reason


def test_rejecting_needs_a_reason_and_keeps_it_until_approved(reviewer):
    article = make_article()
    with pytest.raises(workflow.InvalidTransition, match="rejection reason"):
        workflow.article_reject(article, by=reviewer, reason=None)

    workflow.article_reject(article, by=reviewer, reason=RejectionReason.objects.get(name="Duplicate"))
    assert Article.objects.get(pk=article.pk).rejection_reason.name == "Duplicate"

    workflow.article_approve(article, by=reviewer)
    assert Article.objects.get(pk=article.pk).rejection_reason is None


def test_publishing_below_the_minimum_quality_needs_an_override_reason(publisher):
    article = make_article(status=Status.APPROVED, quality=12)

    with pytest.raises(workflow.InvalidTransition, match="quality 12, below the publishing minimum of 30"):
        workflow.article_publish(article, by=publisher)
    assert Article.objects.get(pk=article.pk).status == Status.APPROVED

    workflow.article_publish(article, by=publisher, override_reason="exclusive interview")

    event = article.events.get()
    assert event.action == "publish_override" and event.to_status == "published"
    assert "exclusive interview" in event.note


def test_an_unscored_article_counts_as_below_the_minimum(publisher):
    article = make_article(status=Status.APPROVED, quality=None)

    with pytest.raises(workflow.InvalidTransition, match="unscored"):
        workflow.article_publish(article, by=publisher)


def test_scoring_records_old_and_new_quality_with_the_note(reviewer):
    article = make_article(quality=5)

    workflow.article_score(article, by=reviewer, quality=88, note="great photos")

    assert Article.objects.get(pk=article.pk).quality == 88
    event = article.events.get()
    assert (event.action, event.quality_before, event.quality_after, event.note) == ("score", 5, 88, "great photos")


def test_a_decision_against_an_outdated_version_is_refused(reviewer):
    article = make_article()
    loaded_version = article.version
    workflow.article_score(Article.objects.get(pk=article.pk), by=reviewer, quality=70)

    with pytest.raises(workflow.StaleEdit, match="changed by someone else"):
        workflow.article_approve(article, by=reviewer, expected_version=loaded_version)
    assert Article.objects.get(pk=article.pk).status == Status.IN_REVIEW


def test_the_exported_file_says_published_exactly_when_the_article_is(publisher):
    article = make_article(status=Status.APPROVED)

    def exported_flag():
        text = render_article(Article.objects.get(pk=article.pk))
        return "published: true" in text

    assert not exported_flag()
    workflow.article_publish(article, by=publisher)
    assert exported_flag()
    workflow.article_unpublish(article, by=publisher)
    assert not exported_flag()


def test_publishing_an_undated_article_dates_it_now_for_the_listings(publisher):
    filed_date = datetime.datetime(2024, 1, 2, 9, 30, tzinfo=datetime.UTC)
    undated = make_article(status=Status.APPROVED)
    dated = make_article(status=Status.APPROVED, published_at=filed_date)
    before = timezone.now().replace(microsecond=0)

    workflow.article_publish(undated, by=publisher)
    workflow.apply_to_each(Article.objects.filter(pk=dated.pk), "publish", by=publisher)

    undated.refresh_from_db()
    dated.refresh_from_db()
    assert before <= undated.published_at <= timezone.now() and undated.published_at.microsecond == 0
    assert f"\npublishedDateTime: {undated.published_at:%Y-%m-%dT%H:%M:%S}Z\n" in render_article(undated)
    assert dated.published_at == filed_date


def test_bulk_decisions_skip_what_the_state_does_not_allow_and_record_each_one(reviewer):
    waiting = [make_article() for _ in range(3)]
    published = [make_article(status=Status.PUBLISHED, title=title) for title in ("Already out", "Also out")]

    outcome = workflow.apply_to_each(Article.objects.order_by("pk"), "approve", by=reviewer)

    assert len(outcome.done) == 3
    summary = outcome.summary("approved")
    assert summary.startswith("3 approved; 2 skipped — cannot approve “Already out”: it is published")
    assert "can be approved; cannot approve “Also out”: it is published" in summary  # one sentence, not ".;"
    assert set(Article.objects.filter(status=Status.APPROVED)) == set(waiting)
    assert ArticleEvent.objects.filter(action="approve").count() == 3
    assert not ArticleEvent.objects.filter(article__in=published).exists()


def test_a_bulk_decision_without_the_permission_touches_nothing(reviewer):
    make_article(status=Status.APPROVED)

    with pytest.raises(PermissionDenied):
        workflow.apply_to_each(Article.objects.all(), "publish", by=reviewer)
    assert not Article.objects.filter(status=Status.PUBLISHED).exists()


def test_import_publishes_new_published_files_and_follows_a_flipped_flag_without_actor(tmp_path):
    news = tmp_path / "_news"
    news.mkdir()
    path = news / "2024-02-01-flip.md"
    text = '---\ntitle: "Flip"\nexcerpt: ""\npublishedDateTime: 2024-02-01T00:00:00Z\ntype: article\nquality: 40\nheat: -1\npublished: true\n---\n'
    path.write_text(text)

    import_paths([tmp_path])
    article = Article.objects.get(source_path="_news/2024-02-01-flip.md")
    assert article.status == Status.PUBLISHED

    path.write_text(text.replace("published: true", "published: false"))
    import_paths([tmp_path])

    article.refresh_from_db()
    assert article.status == Status.UNPUBLISHED
    history = list(article.events.order_by("id").values_list("actor", "action", "to_status", "note"))
    assert history == [(None, "publish", "published", "import"), (None, "unpublish", "unpublished", "import")]


def test_an_unpublished_import_lands_in_review_with_no_history(tmp_path):
    (tmp_path / "_news").mkdir()
    (tmp_path / "_news" / "2024-02-02-new.md").write_text(
        '---\ntitle: "New"\nexcerpt: ""\ntype: article\nquality: 3\nheat: -1\npublished: false\n---\n'
    )

    import_paths([tmp_path])

    article = Article.objects.get()
    assert article.status == Status.IN_REVIEW and not article.events.exists()


def test_a_scheduled_article_goes_live_when_the_scheduler_runs(publisher, capsys):
    article = make_article(status=Status.APPROVED)
    go_live = timezone.now() + datetime.timedelta(hours=1)
    workflow.article_schedule(article, by=publisher, go_live_at=go_live)

    call_command("publish_scheduled")
    assert Article.objects.get(pk=article.pk).status == Status.APPROVED  # not yet

    Article.objects.filter(pk=article.pk).update(go_live_at=timezone.now() - datetime.timedelta(seconds=1))
    call_command("publish_scheduled")

    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.go_live_at is None
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert "Published “Review desk article" in capsys.readouterr().out
    last = article.events.first()
    assert (last.actor, last.action, last.note) == (None, "publish", "scheduled go-live")


def test_a_go_live_time_that_passed_unpublished_is_overdue(publisher):
    article = make_article(status=Status.APPROVED)
    workflow.article_schedule(article, by=publisher, go_live_at=timezone.now() + datetime.timedelta(minutes=1))
    later = timezone.now() + datetime.timedelta(minutes=30)

    assert list(workflow.overdue_go_live(later)) == [Article.objects.get(pk=article.pk)]
    workflow.publish_due_articles(later)
    assert not workflow.overdue_go_live(later).exists()


def test_an_article_that_stopped_being_due_before_the_scheduler_locked_it_is_left_alone(publisher, monkeypatch):
    rejected, other = make_article(status=Status.APPROVED), make_article(status=Status.APPROVED)
    for article in (rejected, other):
        workflow.article_schedule(article, by=publisher, go_live_at=timezone.now() + datetime.timedelta(minutes=1))
    later = timezone.now() + datetime.timedelta(minutes=30)
    listed = workflow.due_for_go_live

    def listed_before_an_editor_rejects_one(now=None):
        monkeypatch.setattr(workflow, "due_for_go_live", listed)  # the lock's check sees the truth
        due = list(listed(now).values_list("pk", flat=True))
        reason = RejectionReason.objects.get(name="Outdated")
        workflow.article_reject(Article.objects.get(pk=rejected.pk), by=publisher, reason=reason)  # meanwhile
        return Article.objects.filter(pk__in=due)

    monkeypatch.setattr(workflow, "due_for_go_live", listed_before_an_editor_rejects_one)
    assert workflow.publish_due_articles(later) == [Article.objects.get(pk=other.pk)]
    assert Article.objects.get(pk=rejected.pk).status == Status.REJECTED
    assert workflow.publish_due_articles(later) == []  # a second run, or one beside it, finds nothing to do


def test_scheduling_is_for_publishers_and_approved_articles_only(reviewer, publisher):
    soon = timezone.now() + datetime.timedelta(hours=1)
    with pytest.raises(PermissionDenied):
        workflow.article_schedule(make_article(status=Status.APPROVED), by=reviewer, go_live_at=soon)
    with pytest.raises(workflow.InvalidTransition, match="it is in review"):
        workflow.article_schedule(make_article(), by=publisher, go_live_at=soon)
    with pytest.raises(workflow.InvalidTransition, match="override reason"):
        workflow.article_schedule(make_article(status=Status.APPROVED, quality=1), by=publisher, go_live_at=soon)


def test_a_go_live_time_that_has_passed_is_refused_and_nothing_is_recorded(publisher):
    article = make_article(status=Status.APPROVED)
    with pytest.raises(workflow.InvalidTransition, match="that time has passed.*publish it now"):
        workflow.article_schedule(article, by=publisher, go_live_at=timezone.now() - datetime.timedelta(hours=1))
    article.refresh_from_db()
    assert article.go_live_at is None and not article.events.exists()
    # typed to the minute, "now" arrives a few seconds old and still counts
    workflow.article_schedule(article, by=publisher, go_live_at=timezone.now().replace(second=0, microsecond=0))


def test_cancelling_a_schedule_gives_an_unpublished_article_back_its_state(publisher):
    article = make_article(status=Status.UNPUBLISHED)
    soon = timezone.now() + datetime.timedelta(hours=1)
    workflow.article_schedule(article, by=publisher, go_live_at=soon)
    workflow.article_score(article, by=publisher, quality=70)
    workflow.article_schedule(article, by=publisher, go_live_at=soon + datetime.timedelta(hours=1))
    assert Article.objects.get(pk=article.pk).status == Status.APPROVED

    workflow.article_schedule(article, by=publisher, go_live_at=None)

    article.refresh_from_db()
    assert (article.status, article.go_live_at) == (Status.UNPUBLISHED, None)
    last = article.events.first()
    assert (last.action, last.from_status, last.to_status) == ("unschedule", "approved", "unpublished")


def test_cancelling_an_approved_articles_schedule_leaves_it_approved(publisher):
    article = make_article(status=Status.APPROVED)
    workflow.article_schedule(article, by=publisher, go_live_at=timezone.now() + datetime.timedelta(hours=1))
    workflow.article_schedule(article, by=publisher, go_live_at=None)
    assert Article.objects.get(pk=article.pk).status == Status.APPROVED


def test_cancelling_when_nothing_is_scheduled_is_refused_not_recorded(publisher):
    article = make_article(status=Status.APPROVED)
    with pytest.raises(workflow.InvalidTransition, match="nothing is scheduled"):
        workflow.article_schedule(article, by=publisher, go_live_at=None)
    assert not article.events.exists()


def test_someone_who_made_decisions_cannot_be_deleted_so_the_history_keeps_their_name(reviewer):
    article = make_article()
    workflow.article_approve(article, by=reviewer)
    with pytest.raises(ProtectedError):
        reviewer.delete()
    assert article.events.get().actor.username == "rita"


def test_rejecting_a_scheduled_article_cancels_its_go_live(publisher):
    article = make_article(status=Status.APPROVED)
    workflow.article_schedule(article, by=publisher, go_live_at=timezone.now() + datetime.timedelta(hours=1))

    workflow.article_reject(article, by=publisher, reason=RejectionReason.objects.first())

    assert Article.objects.get(pk=article.pk).go_live_at is None
