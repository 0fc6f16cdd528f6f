"""Topics: renames and merges every article follows, and suggestions a reviewer accepts."""

import html
import shutil

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from articles.exporting import export_articles
from articles.importing import import_paths
from articles.models import Article, Topic, TopicMerge
from articles.topics import (
    TopicChangeRefused,
    add_topic,
    merge_topics,
    rename_topic,
    suggest_topics,
    topic_tree,
    topics_mentioned,
)
from tests.admin_forms import browser_form_data
from tests.conftest import FIXTURES
from tests.review_accounts import make_editor

pytestmark = pytest.mark.django_db

ROBOTS = "_news/2021-03-04-newsroom-fixture-robots-learn-to-read.md"  # topics: Computer Vision, AI
CRLF = "_news/2021-03-02-published-with-crlf-line-endings.md"  # topics: AI
NO_NEWLINE = "_news/2021-03-01-no-final-newline.md"  # topics: Robotics
AI_BUILDER = "_data/topics/04-ai-builder.yaml"  # parent: Power Apps


@pytest.fixture
def site(tmp_path):
    site = shutil.copytree(FIXTURES / "site", tmp_path / "site")
    import_paths([site])
    return site


def topic(name):
    return Topic.objects.get(name=name)


def topic_names(source_path):
    return [t.name for t in Article.objects.get(source_path=source_path).ordered_topics()]


def exported(tmp_path, source_path):
    export_articles(destination=tmp_path / "out")
    return (tmp_path / "out" / source_path).read_bytes().decode("utf-8")


# --------------------------------------------------------------------------- renaming


def test_a_renamed_topic_is_renamed_in_every_article_file_and_keeps_its_slug(site, tmp_path, admin_user):
    ai = topic("AI")
    before = exported(tmp_path, ROBOTS)

    rename_topic(ai, name="Artificial Intelligence", by=admin_user)

    assert exported(tmp_path, ROBOTS) == before.replace("  - AI\n", "  - Artificial Intelligence\n")
    assert topic_names(CRLF) == ["Artificial Intelligence"]
    assert topic("Artificial Intelligence").slug == ai.slug
    import_paths([site])  # the unchanged files do not undo the rename
    assert topic_names(CRLF) == ["Artificial Intelligence"] and not Topic.objects.filter(name="AI").exists()
    article = Article.objects.get(source_path=ROBOTS)
    assert article.events.filter(action="topic renamed", actor=admin_user).count() == 1


def test_renaming_a_parent_topic_changes_its_childrens_files(site, tmp_path, admin_user):
    rename_topic(topic("Power Apps"), name="Microsoft Power Apps", by=admin_user)

    assert "parent: Microsoft Power Apps\n" in exported(tmp_path, AI_BUILDER)


@pytest.mark.parametrize("name", ["Robotics", "robotics"])
def test_a_topic_cannot_take_the_name_of_another_in_any_case(site, admin_user, name):
    with pytest.raises(TopicChangeRefused, match="already called 'Robotics'; merge the two instead"):
        rename_topic(topic("AI"), name=name, by=admin_user)
    assert topic_names(CRLF) == ["AI"]
    assert rename_topic(topic("AI"), name="ai", by=admin_user).name == "ai"  # its own name, in another case


def test_a_new_topic_cannot_take_the_name_of_another_in_any_case(site, admin_client):
    url = reverse("admin:articles_topic_add")
    data = browser_form_data(admin_client.get(url).content.decode())

    refused = admin_client.post(url, {**data, "name": "robotics", "slug": "robotics-2"})
    assert refused.context["adminform"].form.errors["name"] == ["Another topic is already called “Robotics”."]
    accepted = admin_client.post(url, {**data, "name": "Robotics in space", "slug": "robotics-in-space"})
    assert accepted.status_code == 302
    assert Topic.objects.filter(name__iexact="robotics").count() == 1


@pytest.mark.parametrize(
    ("source_path", "error"),
    [
        ("_includes/head.html", "A topic's file sits in _data/topics/ and ends in .yaml"),
        (".git/hooks/pre-commit", "A topic's file sits in _data/topics/ and ends in .yaml"),
        ("_data/topics/../../_config.yml", "A topic's file sits in _data/topics/ and ends in .yaml"),
        ("_data/topics/.hidden.yaml", "A topic's file sits in _data/topics/ and ends in .yaml"),
        ("_data/topics/a\nb.yaml", "A topic's file sits in _data/topics/ and ends in .yaml"),
        (AI_BUILDER, f"{AI_BUILDER} is already the file of another article, provider or topic."),
        ("_data/topics/07-robots-in-space.yaml", None),
    ],
)
def test_a_new_topics_file_can_only_be_a_topic_file_of_its_own(site, admin_client, source_path, error):
    url = reverse("admin:articles_topic_add")
    data = {**browser_form_data(admin_client.get(url).content.decode()), "name": "Robots in space"}

    response = admin_client.post(url, {**data, "slug": "robots-in-space", "source_path": source_path})

    if error:
        assert response.context["adminform"].form.errors["source_path"][0].startswith(error)
        assert not Topic.objects.filter(name="Robots in space").exists()
    else:
        assert response.status_code == 302
        assert topic("Robots in space").source_path == source_path


def test_a_name_clash_is_found_in_any_case_of_any_alphabet(site, admin_user):
    Topic.objects.create(name="Énergie", slug="energie")
    with pytest.raises(TopicChangeRefused, match="already called 'Énergie'"):
        rename_topic(topic("AI"), name="énergie", by=admin_user)


def test_file_data_of_a_topic_or_related_item_keeps_the_shape_the_export_reads(site, admin_client):
    ai = topic("AI")
    url = reverse("admin:articles_topic_change", args=[ai.pk])
    data = {**browser_form_data(admin_client.get(url).content.decode()), "extra": '"text"'}
    assert "This file data must be shaped like" in admin_client.post(url, data).content.decode()
    item = Article.objects.get(source_path=ROBOTS).related_items.first()
    url = reverse("admin:articles_relateditem_change", args=[item.pk])
    data = {**browser_form_data(admin_client.get(url).content.decode()), "extra": '{"": []}'}
    assert "This file data must be shaped like" in admin_client.post(url, data).content.decode()
    export_articles(destination=site)  # nothing was saved that breaks it


def test_staff_rename_a_topic_from_its_admin_page(site, admin_client):
    ai = topic("AI")
    url = reverse("admin:articles_topic_rename", args=[ai.pk])

    assert b"Rename" in admin_client.get(reverse("admin:articles_topic_change", args=[ai.pk])).content
    response = admin_client.post(url, {"name": "Machine Intelligence"})

    assert response.status_code == 302
    assert topic_names(CRLF) == ["Machine Intelligence"]
    refused = admin_client.post(url, {"name": "Robotics"})
    assert "already called" in refused.context["form"].errors["name"][0]


def test_a_topics_address_and_file_cannot_be_changed_from_its_page(site, admin_client):
    builder = topic("AI Builder")
    url = reverse("admin:articles_topic_change", args=[builder.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="slug"' not in page and 'name="source_path"' not in page and 'name="keywords"' in page

    data = browser_form_data(page)
    data.update(slug="builder", source_path="_data/topics/99-elsewhere.yaml", shortname="Builder")
    assert admin_client.post(url, data).status_code == 302  # a post made by hand
    builder.refresh_from_db()
    assert (builder.slug, builder.source_path, builder.shortname) == (
        "ai-builder",
        "_data/topics/04-ai-builder.yaml",
        "Builder",
    )


def test_a_topics_keywords_are_edited_one_a_line_and_kept_as_they_were_when_untouched(site, admin_client, tmp_path):
    builder = topic("AI Builder")
    url = reverse("admin:articles_topic_change", args=[builder.pk])
    page = admin_client.get(url).content.decode()
    assert "ai builder\nform processing</textarea>" in page  # not JSON

    data = browser_form_data(page)
    data["keywords"] = "ai builder\r\n\r\nform processing\r\n document automation"
    assert admin_client.post(url, data).status_code == 302
    builder.refresh_from_db()
    assert builder.keywords == ["ai builder", "form processing", " document automation"]

    as_a_file_may_say = ["two\nlines", "a carriage\rreturn", "ai builder"]
    Topic.objects.filter(pk=builder.pk).update(keywords=as_a_file_may_say)
    data = browser_form_data(admin_client.get(url).content.decode())
    data["keywords"] = data["keywords"].replace("\r", "\n").replace("\n", "\r\n")  # as a browser sends line breaks
    data["shortname"] = "Builder"
    assert admin_client.post(url, data).status_code == 302
    builder.refresh_from_db()
    assert (builder.shortname, builder.keywords) == ("Builder", as_a_file_may_say)

    data["keywords"] = "x" * 101
    page = admin_client.post(url, data).content.decode()
    assert "is longer than 100 characters" in page


# --------------------------------------------------------------------------- merging


def test_a_merged_topics_articles_take_the_kept_topic_in_its_place(site, tmp_path, admin_user):
    before = exported(tmp_path, ROBOTS)

    merge_topics(topic("Computer Vision"), into=topic("Robotics"), by=admin_user)

    assert topic_names(ROBOTS) == ["Robotics", "AI"]  # the order the file had
    assert topic_names(NO_NEWLINE) == ["Robotics"]
    assert exported(tmp_path, ROBOTS) == before.replace("  - Computer Vision\n", "  - Robotics\n")
    assert not Topic.objects.filter(name="Computer Vision").exists()
    assert Article.objects.get(source_path=ROBOTS).events.filter(action="topic merged").count() == 1


def test_an_article_that_had_both_topics_keeps_the_kept_one_once(site, tmp_path, admin_user):
    merge_topics(topic("AI"), into=topic("Computer Vision"), by=admin_user)

    assert topic_names(ROBOTS) == ["Computer Vision"]
    assert topic_names(CRLF) == ["Computer Vision"]
    assert "topics:\n  - Computer Vision\n\n" in exported(tmp_path, ROBOTS)


def test_a_merge_moves_children_and_adds_the_keywords_the_kept_topic_lacks(site, tmp_path, admin_user):
    power_apps, ai = topic("Power Apps"), topic("AI")
    power_apps.keywords = ["ai builder", "power apps"]
    power_apps.save()

    merge_topics(power_apps, into=ai, by=admin_user)

    assert topic("AI Builder").parent == ai
    assert topic("AI").keywords == ["ai builder", "power apps"]
    assert "parent: AI\n" in exported(tmp_path, AI_BUILDER)
    import_paths([site])  # the unchanged files do not undo the merge
    assert topic("AI Builder").parent == ai


def test_a_topic_without_a_file_keeps_a_merged_topics_keywords_in_a_file_of_its_own(site, admin_user):
    merge_topics(topic("AI Builder"), into=topic("AI"), by=admin_user)

    report = export_articles(destination=site, delete_stale=True)

    assert not (site / AI_BUILDER).exists() and report.deleted
    written = (site / "_data/topics/04-ai.yaml").read_text()
    assert "_id: ai\nname: AI\n" in written
    assert "  - form processing\n" in written and '  - "#AIBuilder"\n' in written
    import_paths([site])  # the exported site brings the keywords back, not the merged topic
    assert not Topic.objects.filter(name="AI Builder").exists()
    assert topic("AI").keywords == ["ai builder", "form processing"]


def test_a_kept_topics_new_file_is_yaml_and_takes_a_free_name(site, admin_user, tmp_path):
    Topic.objects.create(name="Other", slug="other", source_path="_data/topics/04-ai.yaml")
    Topic.objects.filter(name="AI Builder").update(source_path="_data/topics/04-ai-builder.md")

    merge_topics(topic("AI Builder"), into=topic("AI"), by=admin_user)

    assert topic("AI").source_path == "_data/topics/04-ai-2.yaml"
    export_articles(destination=tmp_path / "out")
    assert (tmp_path / "out/_data/topics/04-ai-2.yaml").read_text().startswith("taxonomy: topic\n_id: ai\n")


def test_a_topic_merged_into_one_further_down_its_branch_leaves_no_loop(site, admin_user):
    top = Topic.objects.create(name="Top", slug="top")
    middle = Topic.objects.create(name="Middle", slug="middle", parent=top)
    bottom = Topic.objects.create(name="Bottom", slug="bottom", parent=middle)

    merge_topics(top, into=bottom, by=admin_user)

    bottom, middle = topic("Bottom"), topic("Middle")
    assert (bottom.parent, middle.parent) == (None, bottom)
    bottom.clean()  # an editor can still save it


def test_staff_merge_topics_from_the_admin_list(site, admin_client):
    vision, robotics = topic("Computer Vision"), topic("Robotics")
    changelist = reverse("admin:articles_topic_changelist")

    confirm = admin_client.post(changelist, {"action": "merge_topics", "_selected_action": [vision.pk]})
    assert b"Merge into" in confirm.content
    response = admin_client.post(
        changelist, {"action": "merge_topics", "_selected_action": [vision.pk], "apply": "Merge", "into": robotics.pk}
    )

    assert response.status_code == 302
    assert topic_names(ROBOTS) == ["Robotics", "AI"]

    alone = {"action": "merge_topics", "_selected_action": [robotics.pk], "apply": "Merge", "into": robotics.pk}
    refused = admin_client.post(changelist, alone).content.decode()
    assert "“Robotics” cannot be merged into itself: choose another to keep." in html.unescape(refused)
    assert not TopicMerge.objects.filter(topic=robotics, merged_slug="robotics").exists()
    assert topic("Robotics")


def test_a_merge_is_recorded_with_who_merged_what_and_shown_on_the_kept_topic(site, admin_user, admin_client):
    vision, robotics = topic("Computer Vision"), topic("Robotics")

    merge_topics(vision, into=robotics, by=admin_user)

    record = TopicMerge.objects.get()
    assert (record.topic, record.merged_name, record.merged_slug) == (robotics, "Computer Vision", vision.slug)
    assert (record.articles_moved, record.merged_by) == (1, admin_user)
    page = admin_client.get(reverse("admin:articles_topic_change", args=[robotics.pk]))
    assert "Topics merged into this one" in page.content.decode()
    assert "Computer Vision" in page.content.decode()


def test_reimporting_an_old_file_naming_a_merged_topic_files_it_under_the_kept_one(site, tmp_path, admin_user):
    merge_topics(topic("Computer Vision"), into=topic("Robotics"), by=admin_user)
    newcomer = site / "_news" / "2021-03-09-a-new-file-naming-the-merged-topic.md"
    newcomer.write_bytes((site / ROBOTS).read_bytes())

    report = import_paths([site])

    assert report.failures == []
    assert report.counts["created"] == 1  # the newcomer; the merged topic is not brought back
    assert not Topic.objects.filter(name="Computer Vision").exists()
    assert topic_names(ROBOTS) == ["Robotics", "AI"]
    assert topic_names("_news/2021-03-09-a-new-file-naming-the-merged-topic.md") == ["Robotics", "AI"]
    assert "  - Robotics\n  - AI\n" in exported(tmp_path, ROBOTS)  # the file now names the kept topic


def test_a_file_naming_both_the_merged_and_the_kept_topic_is_filed_under_the_kept_one_once(site, admin_user):
    merge_topics(topic("AI"), into=topic("Computer Vision"), by=admin_user)

    report = import_paths([site])

    assert report.failures == []
    assert topic_names(ROBOTS) == ["Computer Vision"]
    assert topic_names(CRLF) == ["Computer Vision"]
    assert not Topic.objects.filter(name="AI").exists()


def test_a_name_merged_twice_follows_to_the_last_kept_topic(site, admin_user):
    merge_topics(topic("Computer Vision"), into=topic("Robotics"), by=admin_user)
    merge_topics(topic("Robotics"), into=topic("AI"), by=admin_user)

    import_paths([site])

    assert topic_names(ROBOTS) == ["AI"]
    assert topic_names(NO_NEWLINE) == ["AI"]
    assert set(TopicMerge.objects.values_list("merged_name", "topic__name")) == {
        ("Computer Vision", "AI"),
        ("Robotics", "AI"),
    }


def test_a_new_file_that_still_uses_a_renamed_topics_old_name_is_filed_under_the_topic(site, tmp_path, admin_user):
    rename_topic(topic("AI"), name="Artificial Intelligence", by=admin_user)
    new_file = site / "_news" / "2021-04-01-written-before-the-rename.md"
    new_file.write_text((site / ROBOTS).read_text().replace("Robots learn to read", "Written before the rename"))

    import_paths([site])

    assert topic_names(new_file.relative_to(site).as_posix()) == ["Computer Vision", "Artificial Intelligence"]
    assert not Topic.objects.filter(name="AI").exists()


def test_a_topic_given_a_merged_topics_name_again_takes_its_files_back(site, admin_user):
    merge_topics(topic("Computer Vision"), into=topic("Robotics"), by=admin_user)
    rename_topic(topic("AI"), name="Computer Vision", by=admin_user)
    robots = site / ROBOTS  # topics: Computer Vision, AI: the lines the rename and merge changed
    robots.write_text(robots.read_text().replace("  - AI\n", "  - AI\n  - Robotics\n"))  # so the file wins

    import_paths([site])

    assert topic_names(NO_NEWLINE) == ["Robotics"]
    assert topic_names(ROBOTS)[0] == "Computer Vision"  # the live topic of that name wins over the alias


# --------------------------------------------------------------------------- suggestions


class Named:
    def __init__(self, name, keywords):
        self.name, self.keywords = name, keywords


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Build apps with AI Builder today", ["AI Builder"]),
        ("ai   builder, in lower case and odd spacing", ["AI Builder"]),
        ("AI Builders are not a keyword", []),
        ("Teams and form processing", ["AI Builder", "Teams"]),
        ("Steamship", []),
    ],
)
def test_a_topic_is_mentioned_when_a_keyword_appears_as_a_whole_word_or_phrase(text, expected):
    candidates = [Named("AI Builder", ["ai builder", "form processing"]), Named("Teams", ["teams"])]

    assert [t.name for t in topics_mentioned(text, candidates)] == expected


def test_suggestions_come_from_title_and_excerpt_and_leave_out_topics_the_article_has(site):
    Topic.objects.filter(name="Robotics").update(keywords=["robots"])
    Topic.objects.filter(name="AI").update(keywords=["footnotes"])  # in the excerpt, but already filed
    Topic.objects.filter(name="AI Builder").update(keywords=["read"])  # "read" in the title

    suggested = suggest_topics(Article.objects.get(source_path=ROBOTS))

    assert sorted(t.name for t in suggested) == ["AI Builder", "Robotics"]


def test_suggestions_are_never_applied_by_an_import(site):
    Topic.objects.filter(name="Robotics").update(keywords=["robots"])
    (site / ROBOTS).write_text((site / ROBOTS).read_text() + "\nEdited.\n")

    import_paths([site])

    assert topic_names(ROBOTS) == ["Computer Vision", "AI"]
    assert [t.name for t in suggest_topics(Article.objects.get(source_path=ROBOTS))] == ["Robotics"]


def test_accepting_a_suggestion_adds_the_topic_last_and_changes_the_export(site, tmp_path, admin_user):
    article = Article.objects.get(source_path=ROBOTS)

    assert add_topic(article, topic("Robotics"), by=admin_user)

    assert topic_names(ROBOTS) == ["Computer Vision", "AI", "Robotics"]
    assert "  - AI\n  - Robotics\n" in exported(tmp_path, ROBOTS)
    import_paths([site])  # the unchanged file does not take the topic away
    assert topic_names(ROBOTS) == ["Computer Vision", "AI", "Robotics"]


def test_the_article_page_offers_suggestions_that_one_click_accepts(site, admin_client):
    Topic.objects.filter(name="Robotics").update(keywords=["robots"])
    article, robotics = Article.objects.get(source_path=ROBOTS), topic("Robotics")
    accept = reverse("admin:articles_topic_accept", args=[robotics.pk, article.pk])

    page = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert f'formaction="{accept}"'.encode() in page.content
    assert topic_names(ROBOTS) == ["Computer Vision", "AI"]  # shown, not applied

    response = admin_client.post(accept)
    assert response.status_code == 302
    assert topic_names(ROBOTS) == ["Computer Vision", "AI", "Robotics"]


def test_accepting_needs_a_post_with_a_csrf_token_and_permission_to_change_articles(site, admin_user):
    Topic.objects.filter(name="Robotics").update(keywords=["robots"])
    article, robotics = Article.objects.get(source_path=ROBOTS), topic("Robotics")
    accept = reverse("admin:articles_topic_accept", args=[robotics.pk, article.pk])
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(admin_user)
    viewer = User.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    viewer_client = Client()
    viewer_client.force_login(viewer)

    assert guarded.get(accept).status_code == 405
    assert guarded.post(accept).status_code == 403  # no CSRF token
    assert viewer_client.post(accept).status_code == 403
    assert topic_names(ROBOTS) == ["Computer Vision", "AI"]


def test_a_topic_file_giving_a_topic_made_from_articles_another_id_keeps_its_old_address_leading_to_it(
    tmp_path, client
):
    site = tmp_path / "site"
    article = site / "_news/2024-01-01-dashboards.md"
    article.parent.mkdir(parents=True)
    article.write_text(
        "---\ntitle: Dashboards\npublishedDateTime: 2024-01-01T00:00:00Z\npublished: true\ntopics:\n  - Power BI\n---\n"
    )
    import_paths([site])
    assert client.get("/topics/power-bi/").status_code == 200
    topic_file = site / "_data/topics/05-powerbi.yaml"
    topic_file.parent.mkdir(parents=True)
    topic_file.write_text("taxonomy: topic\n_id: powerbi\nname: Power BI\n")

    assert not import_paths([site]).failures

    assert Topic.objects.get().slug == "powerbi"  # the file's _id names its page
    response = client.get("/topics/power-bi/")
    assert (response.status_code, response["Location"]) == (301, "/topics/powerbi/")
    assert exported(tmp_path, "_data/topics/05-powerbi.yaml") == topic_file.read_text()


def test_reimporting_a_merged_topics_own_file_is_refused_and_recreates_nothing(site, admin_user):
    merge_topics(topic("AI Builder"), into=topic("AI"), by=admin_user)
    topic_file = site / AI_BUILDER
    topic_file.write_text(topic_file.read_text().replace("form processing", "document processing"))

    report = import_paths([site])

    [failure] = report.failures
    assert failure.path.endswith(AI_BUILDER)
    assert "ai-builder was merged into ai" in failure.message
    assert not Topic.objects.filter(name="AI Builder").exists()


def tree_names(topics):
    return [(topic.name, tree_names(topic.subtopics)) for topic in topics]


def test_the_topic_tree_nests_children_under_parents_in_the_order_given():
    science, space, rockets, climate = (
        Topic.objects.create(name=name) for name in ["Science", "Space", "Rockets", "Climate"]
    )
    Topic.objects.filter(pk=space.pk).update(parent=science)
    Topic.objects.filter(pk=rockets.pk).update(parent=space)
    listed = list(Topic.objects.order_by("name"))
    assert tree_names(topic_tree(listed)) == [
        ("Climate", []),
        ("Science", [("Space", [("Rockets", [])])]),
    ]
    without_science = [topic for topic in listed if topic.name != "Science"]
    assert tree_names(topic_tree(without_science)) == [("Climate", []), ("Space", [("Rockets", [])])]


def test_a_loop_of_parents_from_files_still_gives_a_finite_tree():
    first, second, alone = (Topic.objects.create(name=name) for name in ["First", "Second", "Alone"])
    Topic.objects.filter(pk=first.pk).update(parent=second)
    Topic.objects.filter(pk=second.pk).update(parent=first)
    Topic.objects.filter(pk=alone.pk).update(parent=alone)
    tree = topic_tree(list(Topic.objects.order_by("name")))
    assert tree_names(tree) == [("Alone", []), ("First", [("Second", [])])]


def test_a_topic_cannot_be_put_under_itself_or_its_own_subtopic():
    science = Topic.objects.create(name="Science", slug="science")
    space = Topic.objects.create(name="Space", slug="space", parent=science)
    rockets = Topic.objects.create(name="Rockets", slug="rockets", parent=space)
    for parent in (science, rockets):
        science.parent = parent
        with pytest.raises(ValidationError, match="under itself"):
            science.full_clean()
    science.parent = None
    rockets.parent = science
    rockets.full_clean()  # moving a topic further up is fine


# --------------------------------------------------------------------------- the change form's topics box


def change_form(client, article):
    url = reverse("admin:articles_article_change", args=[article.pk])
    return url, browser_form_data(client.get(url).content.decode())


def test_topic_names_with_commas_and_quotes_survive_an_unchanged_save_and_keep_their_order(
    site, admin_client, admin_user
):
    article = Article.objects.get(source_path=ROBOTS)
    names = ['Microsoft "Build" 2021', "Dynamics 365, Power Platform", "AI"]
    article.topic_links.all().delete()
    for name in names:
        add_topic(article, Topic.objects.get_or_create(name=name)[0], by=admin_user)

    url, data = change_form(admin_client, article)
    assert admin_client.post(url, data).status_code == 302
    assert topic_names(ROBOTS) == names

    data["topic_names"] = "AI\r\nDynamics 365, Power Platform"
    assert admin_client.post(url, data).status_code == 302
    assert topic_names(ROBOTS) == ["AI", "Dynamics 365, Power Platform"]
    assert article.events.filter(action="edit", note="Changed topics.").exists()


def test_a_reviewer_files_under_existing_topics_only_and_a_merged_name_leads_to_the_survivor(site, admin_user):
    merge_topics(topic("Robotics"), into=topic("AI"), by=admin_user)
    reviewer = Client()
    reviewer.force_login(make_editor("rita", "Reviewers"))
    article = Article.objects.get(source_path=ROBOTS)
    url, data = change_form(reviewer, article)

    data["topic_names"] = "AI\r\nInvented by a reviewer"
    page = reviewer.post(url, data).content.decode()
    assert "No topic is called “Invented by a reviewer”" in page
    assert not Topic.objects.filter(name="Invented by a reviewer").exists()

    data["topic_names"] = "Robotics\r\nComputer Vision"
    assert reviewer.post(url, data).status_code == 302
    assert topic_names(ROBOTS) == ["AI", "Computer Vision"]
    assert not Topic.objects.filter(name="Robotics").exists()


def test_a_publisher_may_add_a_topic_from_the_article(site):
    publisher = Client()
    publisher.force_login(make_editor("paul", "Publishers"))
    article = Article.objects.get(source_path=CRLF)
    url, data = change_form(publisher, article)
    data["topic_names"] = data["topic_names"] + "\r\nQuantum"
    assert publisher.post(url, data).status_code == 302
    assert topic_names(CRLF) == ["AI", "Quantum"]

    url, data = change_form(publisher, article)
    data["topic_names"] = "AI\r\nquantum\r\ncomputer VISION"  # typed in another case: the same topics
    assert publisher.post(url, data).status_code == 302
    assert topic_names(CRLF) == ["AI", "Quantum", "Computer Vision"]
    assert Topic.objects.filter(name__iexact="quantum").count() == 1

    Topic.objects.create(name="Économie", slug="economie")
    topics_before = Topic.objects.count()
    url, data = change_form(publisher, article)
    data["topic_names"] = "AI\r\néCONOMIE"  # beyond ASCII, which SQLite's LIKE does not fold
    assert publisher.post(url, data).status_code == 302
    assert topic_names(CRLF) == ["AI", "Économie"]
    assert Topic.objects.count() == topics_before
