"""Importing files: outcomes per file, identity, dry runs, archives and bad input."""

import hashlib
import io
import os
import shutil
import stat
import time
import unicodedata
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from articles import importing, workflow
from articles.exporting import export_articles
from articles.importing import import_paths
from articles.models import Article, RelatedImage, Topic
from articles.topics import rename_topic
from providers.models import Provider
from tests.articles.public_site_factory import make_article
from tests.conftest import CORPUS, FIXTURES, requires_corpus

pytestmark = pytest.mark.django_db

ROBOTS = "_news/2021-03-04-newsroom-fixture-robots-learn-to-read.md"
SEED = "000_0123456789abcdef.txt"


def outcomes(report):
    return {outcome.path.replace("\\", "/").split("/site/")[-1]: outcome.outcome for outcome in report.outcomes}


@pytest.fixture
def site(tmp_path):
    """A writable copy of the fixture site."""
    return shutil.copytree(FIXTURES / "site", tmp_path / "site")


def test_a_folder_imports_articles_providers_and_topics(fixture_site):
    report = import_paths([fixture_site])
    assert report.counts["created"] == 10 and report.counts["failed"] == 0

    article = Article.objects.get(source_path=ROBOTS)
    assert article.slug == "2021-03-04-newsroom-fixture-robots-learn-to-read"
    assert article.title == 'Robots learn to read "between the lines" — a café study'
    assert article.excerpt.endswith("works. ")  # trailing space kept
    assert (article.quality, article.heat, article.status) == (39, -1, Article.Status.IN_REVIEW)
    assert [topic.name for topic in article.ordered_topics()] == ["Computer Vision", "AI"]
    assert article.provider.domain == "example.org"
    assert article.provider.name == "Example Times"  # from the organization file
    assert [(image.width, image.height, image.is_cached) for image in article.images.all()] == [(472, 720, True)]
    related = article.related_items.get()
    assert (related.provider_domain, related.quality, related.images.get().width) == ("news.example.com", 59, 2290)

    crlf = Article.objects.get(source_path="_news/2021-03-02-published-with-crlf-line-endings.md")
    assert crlf.status == Article.Status.PUBLISHED

    sample = Article.objects.get(source_path="_samples/example-community-color-picker.md")
    assert sample.category == "samples"
    assert sample.provider_name == "Example Community" and sample.provider.domain == "example.com"
    assert sample.extra[""]["actions"][0]["title"] == "Download Source Code"
    assert sample.extra["/provider"]["authors"] == [{"name": "Jane Doe"}]

    course = Article.objects.get(source_path="_learning/courses/automate-things-with-scripts.md")
    assert course.category == "learning" and course.quality is None
    assert course.extra[""]["ratings"] == {"count": 159, "average": 4.6415095}

    topic = Topic.objects.get(slug="ai-builder")
    assert (topic.name, topic.parent.name, topic.keywords) == (
        "AI Builder",
        "Power Apps",
        ["ai builder", "form processing"],
    )
    assert Provider.objects.get(domain="example.org").other_names == ["The Example Times"]


def test_a_file_named_on_a_mac_gets_the_slug_links_use(tmp_path, client):
    name = unicodedata.normalize("NFD", "2021-07-11-naïve-résumé.md")  # as macOS spells é in file names
    path = tmp_path / "_news" / name
    path.parent.mkdir()
    path.write_bytes((FIXTURES / "site" / ROBOTS).read_bytes().replace(b"published: false", b"published: true"))
    import_paths([tmp_path])
    article = Article.objects.get()
    assert article.source_path == f"_news/{name}"  # the file keeps its name
    assert article.slug == "2021-07-11-naïve-résumé" == unicodedata.normalize("NFC", article.slug)
    assert client.get("/news/2021-07-11-na%C3%AFve-r%C3%A9sum%C3%A9/").status_code == 200


def test_a_seed_file_imports_under_its_own_name_with_a_dated_slug():
    report = import_paths([FIXTURES / "seed" / "000_0123456789abcdef.txt"])
    assert report.counts["created"] == 1
    article = Article.objects.get()
    assert article.source_path == "000_0123456789abcdef.txt"
    assert article.slug == "2020-06-18-a-seed-file-named-like-the-original-projects"


@requires_corpus
@pytest.mark.corpus
def test_the_corpus_seed_file_gets_the_slug_of_the_original_site():
    import_paths([CORPUS / "seed"])
    article = Article.objects.get()
    assert article.slug == "2020-06-18-ibm-stops-creating-facial-recognition-software-due-to-privacy-concerns"


def test_reimporting_unchanged_files_reports_unchanged_and_writes_nothing(fixture_site):
    import_paths([fixture_site])
    with CaptureQueriesContext(connection) as queries:
        report = import_paths([fixture_site])
    assert report.counts["unchanged"] == 10
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []


def test_files_sharing_a_slug_get_numbered_slugs_in_a_query_each(tmp_path, monkeypatch):
    """Each number tried is a query: trying them all from 2 for every such file, batch after
    batch, made an import of 2,000 files sharing a title take minutes."""
    monkeypatch.setattr(importing, "BATCH_SIZE", 10)
    for number in range(40):
        (tmp_path / "_news").mkdir(exist_ok=True)
        (tmp_path / "_news" / f"digest-{number}.md").write_text("---\ntitle: Weekly digest\n---\n")

    with CaptureQueriesContext(connection) as queries:
        report = import_paths([tmp_path])

    assert report.counts["created"] == 40
    slugs = set(Article.objects.values_list("slug", flat=True))
    assert slugs == {"weekly-digest", *(f"weekly-digest-{number}" for number in range(2, 41))}
    assert len([query for query in queries if '"slug" = ' in query["sql"]]) <= 40


def test_reimporting_an_edited_file_updates_the_same_record(site):
    import_paths([site])
    article_id = Article.objects.get(source_path=ROBOTS).pk
    path = site / ROBOTS
    path.write_text(path.read_text().replace("quality: 39", "quality: 72"))

    report = import_paths([site])

    assert outcomes(report)[ROBOTS] == "updated"
    assert report.counts["unchanged"] == 9
    article = Article.objects.get(source_path=ROBOTS)
    assert (article.pk, article.quality) == (article_id, 72)
    assert Article.objects.count() == 8
    assert article.images.count() == 1 and article.related_items.count() == 1


def test_changes_made_in_newsroom_and_in_the_file_merge_as_git_merges_them(site):
    import_paths([site])
    Article.objects.filter(source_path=ROBOTS).update(quality=1)  # scored in the admin
    robots = site / ROBOTS

    report = import_paths([site])
    assert outcomes(report)[ROBOTS] == "unchanged" and not report.notices
    assert Article.objects.get(source_path=ROBOTS).quality == 1

    robots.write_text(robots.read_text().replace("Robots learn to read", "Robots learn to write"))
    report = import_paths([site])  # other lines: both changes stand
    assert outcomes(report)[ROBOTS] == "updated"
    assert report.notices[0].message.startswith("merged with changes made in Newsroom")
    article = Article.objects.get(source_path=ROBOTS)
    assert (article.quality, article.title.startswith("Robots learn to write")) == (1, True)

    robots.write_text(robots.read_text().replace("quality: 39", "quality: 80"))
    report = import_paths([site])  # the same line: the file wins, and says what it replaced
    assert report.notices[0].message == (
        "the file replaced changes made in Newsroom since it was last imported (quality)"
    )
    assert Article.objects.get(source_path=ROBOTS).quality == 80


def test_a_replaced_change_is_named_by_the_key_it_was_under():
    base = "---\ntitle: A\nprovider:\n  name: Example\ntopics:\n- AI\n- Robotics\nquality: 3\n---\nBody text\n"
    ours = base.replace("  name: Example", "  name: Example Times").replace("- Robotics\n", "")
    ours = ours.replace("Body text", "Body text, edited")
    assert importing.changed_keys(base, ours) == ["provider", "topics", "body"]
    assert importing.changed_keys(base, base.replace("quality: 3\n", "")) == ["quality"]  # taken out
    assert importing.changed_keys(base, base.replace("title: A\n", "")) == ["title"]  # the first key

    topic_file = "taxonomy: topic\n_id: ai\nkeywords:\n  - ai\n"  # a YAML file: no fences, no body
    assert importing.changed_keys(topic_file, topic_file.replace("  - ai", "  - ai\n  - ml")) == ["keywords"]


def test_changes_that_merge_into_a_file_no_one_can_read_are_a_conflict_the_file_wins(site, admin_user):
    course = "_learning/courses/automate-things-with-scripts.md"
    import_paths([site])
    Article.objects.filter(source_path=course).update(status=Article.Status.APPROVED)
    article = Article.objects.get(source_path=course)
    workflow.article_publish(article, by=admin_user, override_reason="a course")  # adds its date and flag after heat
    path = site / course  # git adds them elsewhere: merged, the keys would be there twice
    path.write_text(
        path.read_text().replace("levels:", "publishedDateTime: 2021-03-05T00:00:00Z\npublished: true\nlevels:")
    )

    report = import_paths([site])

    assert outcomes(report)[course] == "updated" and not report.failures
    assert report.notices[0].message == (
        "the file replaced changes made in Newsroom since it was last imported (publishedDateTime, published)"
    )
    article.refresh_from_db()
    assert article.is_published and article.published_at.isoformat() == "2021-03-05T00:00:00+00:00"


def test_a_merge_that_would_not_read_as_an_article_lets_the_file_win_whole(site, admin_user):
    import_paths([site])
    article = Article.objects.get(source_path=ROBOTS)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.APPROVED)
    workflow.article_publish(article, by=admin_user, override_reason="a test")  # its file gains "published: true"
    robots = site / ROBOTS  # while the file loses its date: merged, published would have none
    robots.write_text(robots.read_text().replace("publishedDateTime: 2021-03-04T09:15:00Z\n", ""))

    report = import_paths([site])

    assert outcomes(report)[ROBOTS] == "updated" and not report.failures
    assert report.notices[0].message.endswith("(published)")
    assert Article.objects.get(pk=article.pk).published_at is None


@pytest.mark.parametrize(
    ("ours", "theirs", "merged"),
    [
        ("a\nB\nc\nd\ne\n", "a\nb\nc\nd\nE\n", "a\nB\nc\nd\nE\n"),  # apart: both
        ("a\nB\nc\nd\ne\n", "a\nB\nc\nd\nE\n", "a\nB\nc\nd\nE\n"),  # one change made on both sides
        ("a\nb\nc\nd\ne\n", "a\nc\nd\ne\n", "a\nc\nd\ne\n"),  # a line deleted on one side
        ("a\r\nB\r\nc\r\nd\r\ne\r\n", "a\nb\nc\nd\nE\n", "a\nB\nc\nd\nE\n"),  # line endings aside
        ("a\nB\nc\nd\ne\n", "a\r\nb\r\nc\r\nd\r\nE\r\n", "a\r\nB\r\nc\r\nd\r\nE\r\n"),  # ...as theirs
    ],
)
def test_merge_lines_merges_changes_to_different_lines(ours, theirs, merged):
    assert importing.merge_lines("a\nb\nc\nd\ne\n", ours, theirs) == (merged, "")


BASE = "---\ntitle: A\ntopics:\n- AI\n- Robotics\n- Space\nquality: 3\nheat: 5\n---\nOne\nTwo\n\nThree\n"


@pytest.mark.parametrize(
    ("ours", "theirs", "merged"),
    [
        (("quality: 3", "quality: 9"), ("heat: 5", "heat: 7"), ("quality: 9\nheat: 7", "")),  # keys side by side
        (("- Space", "- Space\n- ML"), ("quality: 3", "quality: 4"), ("- ML\nquality: 4", "")),  # added beside
        (("title: A", "title: B"), ("topics:", "topics:\n- Space"), ("title: B\ntopics:\n- Space", "")),
        (("quality: 3", "quality: 9"), ("quality: 3", "quality: 1"), ("quality: 1", "quality: 9")),  # one line
        (("- AI", "- AI\n- ML"), ("- Robotics", "- Robots"), ("- AI\n- Robots", "- AI\n- ML")),  # one key's lines
        (("- AI", "- A.I."), ("- Space", "- Outer space"), ("- AI\n", "- A.I.")),  # one key, lines apart
        (("One", "One!"), ("Two", "Two!"), ("One\nTwo!", "One!")),  # touching lines of the body
        (("One", "One!"), ("Three", "Three!"), ("One!\nTwo\n\nThree!", "")),  # the body, lines apart
        (("heat: 5", "heat: 5\nx: 1"), ("heat: 5", "heat: 5\ny: 2"), ("y: 2", "x: 1")),  # added at one place
    ],
)
def test_merge_lines_lets_the_file_win_only_where_the_two_sides_changed_one_value_or_touching_body_lines(
    ours, theirs, merged
):
    """Each change is (old, new) on ``BASE``; ``merged`` is (what the result holds, what of ours it lost)."""
    kept, replaced = merged
    result, lost = importing.merge_lines(BASE, BASE.replace(*ours), BASE.replace(*theirs))
    assert kept in result
    if replaced:
        assert replaced not in result and lost == BASE.replace(*ours)
    else:
        assert lost == ""


def test_a_file_that_changed_beside_newsroom_edits_keeps_every_edit_it_did_not_replace(site):
    import_paths([site])
    Article.objects.filter(source_path=ROBOTS).update(title="Edited in the admin", quality=60)
    robots = site / ROBOTS

    robots.write_text(robots.read_text().replace("heat: -1", "heat: 95"))  # the line beside quality
    [notice] = import_paths([site]).notices
    assert notice.message.startswith("merged with changes made in Newsroom")
    article = Article.objects.get(source_path=ROBOTS)
    assert (article.title, article.quality, article.heat) == ("Edited in the admin", 60, 95)

    robots.write_text(robots.read_text().replace("quality: 39", "quality: 80"))  # the line the score is on
    [notice] = import_paths([site]).notices
    assert notice.message.endswith("the file replaced changes made in Newsroom since it was last imported (quality)")
    article = Article.objects.get(source_path=ROBOTS)
    assert (article.title, article.quality, article.heat) == ("Edited in the admin", 80, 95)


def test_an_import_that_replaces_a_score_records_the_score_before_and_after_in_the_history(site):
    import_paths([site])
    Article.objects.filter(source_path=ROBOTS).update(quality=60)  # scored in the admin
    robots = site / ROBOTS
    robots.write_text(robots.read_text().replace("quality: 39", "quality: 87"))

    import_paths([site])

    event = Article.objects.get(source_path=ROBOTS).events.get(action="import")
    assert (event.from_status, event.to_status) == (Article.Status.IN_REVIEW, Article.Status.IN_REVIEW)
    assert (event.quality_before, event.quality_after) == (60, 87)


def test_merge_lines_keeps_mixed_line_endings_as_they_are():
    base = "a\r\nb\nc\nd\ne\r\n"
    assert importing.merge_lines(base, "a\r\nB\nc\nd\ne\r\n", "a\r\nb\nc\nd\nE\r\n") == ("a\r\nB\nc\nd\nE\r\n", "")


def test_merge_lines_compares_only_what_lies_between_the_sides_common_start_and_end():
    base = "---\nquality: 1\n---\n" + "x\n" * 12_000  # difflib took 28 s over these like lines
    ours = base.replace("quality: 1", "quality: 2")
    theirs = base + "the end\n"
    started = time.perf_counter()
    assert importing.merge_lines(base, ours, theirs) == (ours + "the end\n", "")
    assert time.perf_counter() - started < 10  # only catches a merge that hangs


def test_merge_lines_over_lines_that_alternate_does_not_hang():
    base = "---\nquality: 1\n---\n" + "x\n" * 1_990  # difflib took 77 s over these
    ours = base.replace("quality: 1", "quality: 2")
    theirs = "---\nquality: 1\n---\n" + "x\ny\n" * 995
    started = time.perf_counter()
    assert importing.merge_lines(base, ours, theirs) == (theirs.replace("quality: 1", "quality: 2"), "")
    assert time.perf_counter() - started < 10  # only catches a merge that hangs


def test_merge_lines_compares_a_long_body_apart_from_the_keys():
    base = "---\ntitle: A\nquality: 17\n---\n" + "".join(f"Paragraph {n}.\n" for n in range(500))
    ours = base.replace("quality: 17", "quality: 99")
    theirs = base.replace("title: A", "title: B").replace("Paragraph 499.", "Paragraph 499, edited.")
    merged, lost = importing.merge_lines(base, ours, theirs)  # title to the last paragraph: too far for difflib
    assert (merged, lost) == (theirs.replace("quality: 17", "quality: 99"), "")


def test_merge_lines_takes_a_difference_too_large_to_compare_whole_and_lets_the_file_win(monkeypatch):
    base, ours, theirs = "a\nb\nc\nd\ne\nf\ng\n", "a\nB\nc\nd\ne\nF\ng\n", "a\nb\nc\nD\ne\nf\ng\n"
    assert importing.merge_lines(base, ours, theirs) == ("a\nB\nc\nD\ne\nF\ng\n", "")
    monkeypatch.setattr(importing, "MAX_DIFF_PAIRS", 4)  # b to f against B to F: 25 pairs
    assert importing.merge_lines(base, ours, theirs) == (theirs, ours)


@pytest.mark.parametrize("edit", [("Robots learn to read", "Robots learn to write"), ("heat: -1", "heat: 5")])
def test_a_file_exported_after_changes_and_edited_in_git_brings_no_false_notice(site, admin_user, edit):
    import_paths([site])
    article = Article.objects.get(source_path=ROBOTS)
    workflow.article_score(article, quality=33, by=admin_user)
    export_articles(destination=site)  # committed
    robots = site / ROBOTS
    robots.write_text(robots.read_text().replace(*edit))  # another line, or the one after the score

    report = import_paths([site])

    assert outcomes(report)[ROBOTS] == "updated" and not report.notices
    assert not article.events.filter(action="import").exists()
    assert Article.objects.get(pk=article.pk).quality == 33


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(fixture_site):
    report = import_paths([fixture_site], dry_run=True)
    assert report.counts["created"] == 10
    assert "dry run" in report.summary()
    assert Article.objects.count() == Provider.objects.count() == Topic.objects.count() == 0


def test_a_dry_run_still_reports_bad_files(site):
    (site / "_news" / "broken.md").write_text("---\nquality: [\n---\n")
    report = import_paths([site], dry_run=True)
    assert outcomes(report)["_news/broken.md"] == "failed"
    assert Article.objects.count() == 0


def make_zip(path, entries):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            if isinstance(data, zipfile.ZipInfo):
                archive.writestr(data, "target")
            else:
                archive.writestr(name, data)
    return path


def test_a_zip_imports_with_paths_relative_to_the_archive(tmp_path):
    entries = {
        name: (FIXTURES / "site" / name).read_bytes()
        for name in (ROBOTS, "_data/topics/04-ai-builder.yaml", "_data/organizations/example.org.md")
    }
    report = import_paths([make_zip(tmp_path / "site.zip", entries)])
    assert report.counts["failed"] == 0
    assert Article.objects.get().source_path == ROBOTS
    assert Topic.objects.get(slug="ai-builder").source_path == "_data/topics/04-ai-builder.yaml"
    # the article created the provider; its organization file then filled it in
    assert Provider.objects.get().source_path == "_data/organizations/example.org.md"


def site_files(site):
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def test_a_zipped_site_folder_updates_the_same_articles_as_the_folder(site, tmp_path):
    import_paths([site])
    # Zipping the site's folder, or GitHub's "Download ZIP", puts every file under one folder.
    wrapped = {f"newsroom-content-main/{name}": data for name, data in site_files(site).items()}
    wrapped["newsroom-content-main/.github/workflows/deploy.yml"] = b"on: push\n"
    report = import_paths([make_zip(tmp_path / "download.zip", wrapped)])
    assert (report.counts["unchanged"], report.counts["created"], report.counts["failed"]) == (10, 0, 0)


def test_a_folder_of_several_sites_reads_each_from_its_own_root(site, tmp_path):
    sites = tmp_path / "_checkouts"  # even named like a collection folder
    shutil.copytree(site, sites / "power-apps")
    (sites / "power-apps" / "README.md").write_text("# Power Apps news\n")
    other = sites / "power-bi" / "_news" / "2021-05-01-another-site.md"
    other.parent.mkdir(parents=True)
    other.write_bytes((site / ROBOTS).read_bytes().replace(b"Robots learn to read", b"Another site"))
    (sites / "seed").mkdir()
    shutil.copy(FIXTURES / "seed" / SEED, sites / "seed" / SEED)

    zipped = {f"_checkouts/{name}": data for name, data in site_files(sites).items()}  # zip -r of the folder
    for given in (sites, make_zip(tmp_path / "checkouts.zip", zipped)):
        report = import_paths([given])
        assert not report.failures and report.counts["skipped"] == 1  # power-apps/README.md
        assert Article.objects.filter(source_path="_news/2021-05-01-another-site.md").exists()
        assert Article.objects.filter(
            source_path="_learning/courses/automate-things-with-scripts.md"
        ).get().category == ("learning")
        assert Article.objects.filter(source_path=SEED).exists()  # as when the seed folder is imported alone
        assert Article.objects.count() == 10


def test_two_different_files_with_one_path_in_one_import_are_refused_naming_the_first(site, tmp_path):
    copy = shutil.copytree(site, tmp_path / "copy")
    (copy / ROBOTS).write_text((copy / ROBOTS).read_text().replace("quality: 39", "quality: 40"))
    report = import_paths([site, copy, site])
    [failure] = report.failures
    assert failure.path == str(copy / ROBOTS)
    assert (
        failure.message == f"{site / ROBOTS}, earlier in this import, has the same path ({ROBOTS}) and other content: "
        "Newsroom keeps one record per path, so the two would replace each other; give one of them another name"
    )
    assert report.counts["created"] == 10 and report.counts["unchanged"] == 19
    assert Article.objects.get(source_path=ROBOTS).quality == 39


@pytest.mark.parametrize("given", [ROBOTS, "_news", "_data/topics"])
def test_a_file_or_folder_inside_a_site_keeps_its_path_from_the_sites_root(site, given):
    import_paths([site])
    report = import_paths([site / given])
    assert report.counts["created"] == 0 and report.counts["unchanged"] > 0
    assert all(outcome.path.startswith(str(site / given)) for outcome in report.outcomes)


def test_paths_and_folders_no_page_or_column_can_hold_are_refused_by_name(tmp_path):
    good = (FIXTURES / "site" / ROBOTS).read_bytes()
    no_category = good.replace(b"category: news\n", b"")  # its folder names its collection
    long_name = "_news/2021-03-04-" + "x" * 250 + ".md"
    control_name = "_news/2021-03-04-bell\x07.md"
    long_folder = "_" + "c" * 50 + "/2021-03-04-story.md"
    entries = {long_name: good, long_folder: no_category, control_name: good, ROBOTS: good}
    report = import_paths([make_zip(tmp_path / "site.zip", entries)])
    assert {outcome.path.split("!")[-1]: outcome.outcome for outcome in report.outcomes} == {
        long_name: "failed",
        long_folder: "failed",
        control_name: "failed",
        ROBOTS: "created",
    }
    messages = {failure.path.split("!")[-1]: failure.message for failure in report.failures}
    assert messages[long_name] == "its path is longer than 255 characters"
    assert "control character" in messages[control_name]
    assert messages[long_folder].startswith("its folder: 'cccc") and "not a collection name" in messages[long_folder]
    assert Article.objects.get().source_path == ROBOTS


def test_a_path_inside_a_folder_named_like_a_file_is_refused_so_every_export_still_writes(tmp_path):
    good = (FIXTURES / "site" / ROBOTS).read_bytes()
    inside = ROBOTS + "/2021-03-05-inside.md"
    report = import_paths([make_zip(tmp_path / "site.zip", {ROBOTS: good, inside: good.replace(b"Robots", b"Bots")})])

    messages = {failure.path.split("!")[-1]: failure.message for failure in report.failures}
    assert messages == {inside: "a folder in its path is named like a front-matter file"}
    export_articles(destination=tmp_path / "out", taxonomy=False)
    assert (tmp_path / "out" / ROBOTS).read_bytes() == good


def test_a_sites_own_files_never_become_records_inside_a_site_or_out(tmp_path):
    config = b"taxonomy: topic\n_id: cfg\nname: Cfg\n"  # shaped like a topic file
    layout = b"---\ntitle: Layout\n---\n"
    in_site = import_paths([make_zip(tmp_path / "site.zip", {"_config.yml": config, "_layouts/default.md": layout})])
    alone = import_paths([make_zip(tmp_path / "alone.zip", {"_config.yml": config})])

    assert in_site.counts["skipped"] == 2
    [failure] = alone.failures
    assert "one of a site's own files" in failure.message
    assert not Article.objects.exists() and not Topic.objects.filter(source_path="_config.yml").exists()


def test_a_hidden_file_named_on_its_own_is_refused(tmp_path):
    hidden = tmp_path / ".draft.md"
    hidden.write_bytes((FIXTURES / "site" / ROBOTS).read_bytes())

    [failure] = import_paths([hidden]).failures

    assert failure.message == "its path names a hidden file or folder"
    assert not Article.objects.exists()


@pytest.mark.parametrize("damage", ["compressed data", "checksum", "encryption flag"])
def test_a_damaged_zip_entry_is_refused_and_the_others_land(tmp_path, damage):
    good = (FIXTURES / "site" / ROBOTS).read_bytes()
    damaged_name = "_news/2021-03-05-damaged.md"
    archive = tmp_path / "site.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr(damaged_name, good)
        zipped.writestr(ROBOTS, good)
    data = bytearray(archive.read_bytes())
    local = data.index(damaged_name.encode()) - 30  # the entry's header in front of its data
    central = data.rindex(damaged_name.encode()) - 46  # its record in the directory at the end
    if damage == "compressed data":
        start = local + 30 + len(damaged_name)
        data[start : start + 20] = bytes(20)
    elif damage == "checksum":
        data[central + 16] ^= 0xFF
    else:
        data[local + 6] |= 0x01
        data[central + 8] |= 0x01
    archive.write_bytes(bytes(data))

    report = import_paths([archive])

    [failure] = report.failures
    assert failure.path.endswith(damaged_name) and "could not be read from the zip" in failure.message
    assert Article.objects.get().source_path == ROBOTS


def test_a_zip_is_opened_once_however_many_files_it_holds(tmp_path, monkeypatch):
    """Each opening reads the zip's whole directory: opening it per file made an import of
    8,000 zipped files take minutes."""
    good = (FIXTURES / "site" / ROBOTS).read_text()
    entries = {f"_news/2021-03-04-copy-{number}.md": good.replace("Robots", f"Robots {number}") for number in range(30)}
    archive = make_zip(tmp_path / "site.zip", entries)
    openings = []
    real_zipfile = zipfile.ZipFile
    monkeypatch.setattr(
        zipfile, "ZipFile", lambda *args, **kwargs: openings.append(args) or real_zipfile(*args, **kwargs)
    )

    report = import_paths([archive])

    assert report.counts["created"] == 30
    assert len(openings) == 1


def test_a_damaged_lzma_entry_is_refused_and_the_others_land(tmp_path):
    archive = tmp_path / "site.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("_news/a.md", "---\ntitle: hello world\n---\n" * 50, compress_type=zipfile.ZIP_LZMA)
        zipped.writestr(ROBOTS, (FIXTURES / "site" / ROBOTS).read_bytes())
    data = bytearray(archive.read_bytes())
    start = 30 + len("_news/a.md") + 9 + 5  # inside the first entry's LZMA stream
    data[start : start + 20] = bytes(byte ^ 0xFF for byte in data[start : start + 20])
    archive.write_bytes(bytes(data))

    report = import_paths([archive])

    assert [outcome.outcome for outcome in report.outcomes] == ["failed", "created"]
    assert "could not be read from the zip" in report.failures[0].message


def test_unsafe_zip_entries_are_refused_and_the_safe_ones_land(tmp_path):
    good = (FIXTURES / "site" / ROBOTS).read_bytes()
    link = zipfile.ZipInfo("_news/link.md")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    archive = make_zip(
        tmp_path / "evil.zip",
        {"../escape.md": good, "/etc/absolute.md": good, "_news/link.md": link, ROBOTS: good},
    )

    report = import_paths([archive])

    failures = {outcome.path.split("!")[-1]: outcome.message for outcome in report.failures}
    assert set(failures) == {"../escape.md", "/etc/absolute.md", "_news/link.md"}
    assert "unsafe path" in failures["../escape.md"] and "unsafe path" in failures["/etc/absolute.md"]
    assert "symbolic link" in failures["_news/link.md"]
    assert list(Article.objects.values_list("source_path", flat=True)) == [ROBOTS]
    assert not (tmp_path.parent / "escape.md").exists()


def test_symbolic_links_in_a_folder_are_refused(site):
    os.symlink("/etc/passwd", site / "_news" / "passwd.md")
    report = import_paths([site])
    assert outcomes(report)["_news/passwd.md"] == "failed"
    assert "symbolic link" in report.failures[0].message
    assert report.counts["created"] == 10


def test_a_symbolically_linked_folder_is_reported_not_skipped_in_silence(site, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (site / "_learning").rename(elsewhere)
    (site / "_learning").symlink_to(elsewhere, target_is_directory=True)
    report = import_paths([site])
    [failure] = report.failures
    assert failure.path == str(site / "_learning") and "symbolic link" in failure.message
    assert not Article.objects.filter(source_path__startswith="_learning/").exists()


GOOD = (FIXTURES / "site" / ROBOTS).read_text()
BAD_FILES = {
    "not UTF-8": (GOOD.replace("café", "caf\udce9").encode("utf-8", "surrogateescape"), "not UTF-8"),
    "no front matter": (b"just some markdown\n", "no front matter"),
    "unterminated": (b"---\ntitle: x\n", "unterminated front matter"),
    "CR line endings": (
        GOOD.replace("\n", "\r").encode(),
        "its line endings are CR alone (as old Macs wrote them): save it with LF or CRLF line endings",
    ),
    "YAML syntax": (GOOD.replace("heat: -1", "heat: [-1").encode(), "13:10: YAML syntax error"),
    "not a mapping": (b"---\n- one\n- two\n---\n", "must be a mapping"),
    "quality as text": (
        GOOD.replace("quality: 39", 'quality: "high"').encode(),
        "11:10: quality: expected a whole number, found 'high'",
    ),
    "quality beyond any column": (
        GOOD.replace("quality: 39", "quality: 1000000000000000000000").encode(),
        "11:10: quality: must be at most 2147483647, found 1000000000000000000000",
    ),
    "NUL character in a value": (
        GOOD.replace('title: "Robots', 'title: "\\0Robots').encode(),
        "3:8: title: contains a NUL character",
    ),
    "raw control character": (
        GOOD.replace('title: "Robots', 'title: "\x0cRobots').encode(),
        "3:9: the control character U+000C cannot appear in YAML",
    ),
    "published with no date": (
        GOOD.replace("publishedDateTime: 2021-03-04T09:15:00Z\n", "")
        .replace("published: false", "published: true")
        .encode(),
        "12:12: published: needs a publishedDateTime",
    ),
    "image attribution longer than its column": (
        GOOD.replace("width: 472", "width: 472\n    attribution: " + "x" * 501).encode(),
        "images.0.attribution: is longer than 500 characters",
    ),
    "a topic listed twice": (
        GOOD.replace("  - AI\n", "  - AI\n  - AI\n").encode(),
        "topics.2: lists 'AI' twice",
    ),
    "negative width": (GOOD.replace("width: 472", "width: -5").encode(), "images.0.width: must be at least 1"),
    "impossible date": (
        GOOD.replace("2021-03-04T09:15:00Z", "yesterday").encode(),
        "publishedDateTime: expected a date",
    ),
    "date far outside the news": (
        GOOD.replace("2021-03-04T09:15:00Z", "0001-01-01T00:00:00+05:00").encode(),
        "publishedDateTime: must be between the years 1000 and 9000, found 1",
    ),
    "impossible calendar date": (
        GOOD.replace("2021-03-04T09:15:00Z", "2021-13-45T09:15:00Z").encode(),
        "5:20: '2021-13-45T09:15:00Z' is not a valid value; put it in quotes if it is meant as text",
    ),
    "category outside its folder": (
        GOOD.replace("category: news", "category: ../../etc").encode(),
        "2:11: category: '../../etc' is not a collection name",
    ),
    "topics not a list": (
        GOOD.replace("topics:\n  - Computer Vision\n  - AI", "topics: 7").encode(),
        "topics: expected a list",
    ),
    "duplicate key": (GOOD.replace("heat: -1", "heat: -1\nheat: 3").encode(), "13:1: heat: duplicate key"),
    "too big": (
        GOOD.replace("---\n\n", "---\n" + "x" * (2 * 1024 * 1024) + "\n").encode(),
        "over the 2,097,152-byte limit",
    ),
    "provider left empty (~)": (
        GOOD.replace(GOOD[GOOD.index("provider:") : GOOD.index("\n\ntopics:")], "provider: ~").encode(),
        "15:11: provider.domain: is required",
    ),
    "domain not a host name": (
        GOOD.replace("  domain: example.org", "  domain: example.org/news").encode(),
        "provider.domain: 'example.org/news' is not a domain name",
    ),
    "alias bomb": (b'---\na: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\n---\n', "anchors and aliases"),
    "deep nesting": (("---\nx: " + "[" * 200 + "]" * 200 + "\n---\n").encode(), "nesting"),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_a_bad_file_is_reported_by_name_and_damages_nothing(site, case):
    import_paths([site])
    before = Article.objects.get(source_path=ROBOTS)
    data, problem = BAD_FILES[case]
    (site / ROBOTS).write_bytes(data)
    other = site / "_news" / "2021-03-01-no-final-newline.md"
    other.write_text(other.read_text().replace("quality: 10", "quality: 11"))

    report = import_paths([site])

    [failure] = report.failures
    assert failure.path.endswith(ROBOTS)
    assert problem in failure.message
    after = Article.objects.get(source_path=ROBOTS)
    assert (after.title, after.quality, after.source_hash) == (before.title, before.quality, before.source_hash)
    assert after.images.count() == 1 and after.related_items.count() == 1
    assert Article.objects.get(source_path="_news/2021-03-01-no-final-newline.md").quality == 11


def test_a_file_failing_halfway_through_saving_leaves_no_half_article(fixture_site, monkeypatch):
    insert_rows = importing.insert_rows

    def fail_on_related_images(model, rows):
        if model is RelatedImage and rows:
            raise DatabaseError("disk full")
        return insert_rows(model, rows)

    monkeypatch.setattr(importing, "insert_rows", fail_on_related_images)
    report = import_paths([fixture_site])
    assert outcomes(report)[ROBOTS] == "failed"
    assert "disk full" in report.failures[0].message
    assert not Article.objects.filter(source_path=ROBOTS).exists()
    assert not Topic.objects.filter(name="Computer Vision").exists()
    assert Article.objects.count() == 7


def test_the_command_prints_a_summary_and_fails_when_a_file_failed(site):
    (site / "_news" / "broken.md").write_text("---\ntitle: [\n---\n")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 file"):
        call_command("import_articles", str(site), stdout=out, stderr=err)
    assert "10 created, 0 updated, 0 unchanged, 1 failed" in out.getvalue()
    assert "broken.md" in err.getvalue() and "YAML syntax error" in err.getvalue()

    out = io.StringIO()
    (site / "_news" / "broken.md").unlink()
    call_command("import_articles", str(site), "--dry-run", stdout=out)
    assert "0 created, 0 updated, 10 unchanged, 0 failed" in out.getvalue()


@pytest.mark.parametrize(
    "path, old, new, problem",
    [
        (
            "_data/organizations/example.org.md",
            "domain: example.org",
            "domain: example.org/news",
            "7:9: domain: 'example.org/news' is not a domain name",
        ),
        ("_data/topics/04-ai-builder.yaml", "_id: ai-builder", "_id: ai/builder", "'ai/builder' is not an id"),
        ("_data/organizations/example.org.md", "\n---\n", "\n---\nA body\n", "has text after it"),
        (
            "_data/topics/04-ai-builder.yaml",
            "parent: Power Apps",
            "parent: AI Builder",
            "5:9: parent: names the topic itself",
        ),
    ],
)
def test_a_provider_or_topic_file_that_cannot_be_shown_is_refused(site, path, old, new, problem):
    file = site / path
    file.write_text(file.read_text().replace(old, new))
    report = import_paths([site])
    [failure] = report.failures
    assert failure.path.endswith(path) and problem in failure.message


def test_topics_named_without_letters_or_digits_or_at_full_length_still_get_pages(client):
    names = ["!!!", "???", "C#", "C++", "Long" * 25, "long" * 25]
    topics = [Topic.objects.create(name=name) for name in names]
    assert [topic.slug for topic in topics] == ["topic", "topic_1", "c", "c_1", "long" * 25, "long" * 24 + "lo_1"]
    make_article("Filed under them all", topics=names)
    for topic in topics:
        assert client.get(topic.get_absolute_url()).status_code == 200


def test_a_missing_path_is_a_failure_not_a_crash(tmp_path):
    report = import_paths([tmp_path / "nowhere"])
    assert report.failures[0].message == "no such file or folder"


def test_reimported_provider_and_topic_files_update_the_same_records(site):
    import_paths([site])
    provider_id = Provider.objects.get(domain="example.org").pk
    topic_id = Topic.objects.get(slug="ai-builder").pk
    organization = site / "_data/organizations/example.org.md"
    organization.write_text(organization.read_text().replace("name: Example Times", "name: The Example Times Co."))
    topic_file = site / "_data/topics/04-ai-builder.yaml"
    topic_file.write_text(topic_file.read_text().replace("name: AI Builder", "name: AI Builder Studio"))

    report = import_paths([site])

    assert outcomes(report)["_data/organizations/example.org.md"] == "updated"
    assert outcomes(report)["_data/topics/04-ai-builder.yaml"] == "updated"
    assert Provider.objects.get(domain="example.org").pk == provider_id
    assert Provider.objects.get(pk=provider_id).name == "The Example Times Co."
    assert Topic.objects.get(slug="ai-builder").pk == topic_id
    assert Topic.objects.get(pk=topic_id).name == "AI Builder Studio"
    assert Provider.objects.filter(domain="example.org").count() == 1


def test_a_second_file_for_the_same_provider_is_refused_the_same_way_every_time(site):
    original = site / "_data/organizations/example.org.md"
    (site / "_data/organizations/example-copy.md").write_text(original.read_text().replace("Example Times", "Copy"))
    for _ in range(3):
        outcomes = {outcome.path.split("/")[-1]: outcome for outcome in import_paths([site]).outcomes}
        assert outcomes["example.org.md"].outcome == "failed"
        assert "domain: example.org is described by _data/organizations/example-copy.md too" in (
            outcomes["example.org.md"].message
        )
        assert Provider.objects.get(domain="example.org").name == "Copy"


def test_a_provider_file_that_changes_its_domain_is_refused_with_what_to_do(site):
    import_paths([site])
    organization = site / "_data/organizations/example.org.md"
    organization.write_text(organization.read_text().replace("domain: example.org", "domain: example.net"))
    [failure] = import_paths([site]).failures
    assert failure.message.startswith("domain: this file describes example.org, and a domain names its provider")
    assert not Provider.objects.filter(domain="example.net").exists()


def test_a_file_that_now_describes_another_kind_of_record_is_refused_and_changes_nothing(site):
    import_paths([site])
    organization = site / "_data/organizations/example.org.md"
    organization.write_text("---\ntitle: An article where the provider was\n---\nBody\n")
    robots = site / ROBOTS
    robots.write_text("---\ntaxonomy: topic\n_id: robots\nname: Robots\n---\n")

    failures = {failure.path.split("/site/")[-1]: failure.message for failure in import_paths([site]).failures}

    assert failures == {
        "_data/organizations/example.org.md": "this path is a provider's in Newsroom, and the file now describes "
        "an article: give the article a file of its own, or delete the provider in the admin first",
        ROBOTS: "this path is an article's in Newsroom, and the file now describes a topic: "
        "give the topic a file of its own, or delete the article in the admin first",
    }
    assert Provider.objects.get(source_path="_data/organizations/example.org.md").domain == "example.org"
    assert not Article.objects.filter(source_path="_data/organizations/example.org.md").exists()
    assert Article.objects.get(source_path=ROBOTS).title.startswith("Robots learn to read")
    assert not Topic.objects.filter(source_path=ROBOTS).exists()


@pytest.mark.parametrize("name", ["AI Builder", "AI Builder Pro"])
def test_a_topic_file_that_changes_its_id_is_refused_and_the_topic_keeps_its_page(site, client, name):
    import_paths([site])
    topic_file = site / "_data/topics/04-ai-builder.yaml"
    text = topic_file.read_text().replace("_id: ai-builder", "_id: hijacked")
    topic_file.write_text(text.replace("name: AI Builder", f"name: {name}"))

    [failure] = import_paths([site]).failures

    assert failure.message.startswith("_id: ") and "an _id names its topic: to change it, merge" in failure.message
    assert Topic.objects.get(source_path="_data/topics/04-ai-builder.yaml").slug == "ai-builder"
    assert not Topic.objects.filter(slug="hijacked").exists()


def test_a_taxonomy_that_is_no_name_makes_an_article_and_the_rest_of_the_import_lands(tmp_path):
    odd = "---\ntitle: Odd\ntaxonomy:\n  kind: topic\n---\n"
    entries = {"_news/2024-01-01-odd.md": odd.encode(), "_news/2024-01-02-good.md": b"---\ntitle: Good\n---\n"}

    report = import_paths([make_zip(tmp_path / "site.zip", entries)])

    assert report.counts["created"] == 2 and not report.failures
    assert Article.objects.get(title="Odd").extra[""] == {"taxonomy": {"kind": "topic"}}


@pytest.mark.parametrize(
    "source_path, taxonomy, model",
    [
        ("_data/organizations/example.org.md", "Organization", Provider),
        ("_data/topics/04-ai-builder.yaml", "Topic", Topic),
    ],
)
def test_a_taxonomy_in_any_letter_case_names_its_kind_and_the_file_exports_as_it_came(
    tmp_path, source_path, taxonomy, model
):
    source = tmp_path / "in" / source_path
    source.parent.mkdir(parents=True)
    source.write_text((FIXTURES / "site" / source_path).read_text().replace(taxonomy.lower(), taxonomy, 1))

    report = import_paths([tmp_path / "in"])

    assert report.counts["created"] == 1, report.failures
    assert model.objects.filter(source_path=source_path).exists() and not Article.objects.exists()
    export_articles(destination=tmp_path / "out")
    assert (tmp_path / "out" / source_path).read_bytes() == source.read_bytes()


def test_a_changed_file_whose_article_is_deleted_while_the_import_runs_fails_alone(site, monkeypatch):
    import_paths([site])
    path = site / ROBOTS
    path.write_text(path.read_text().replace("quality: 39", "quality: 40"))
    load_hashes = importing._Importer.load_hashes

    def deleted_once_loaded(importer, batch):  # an editor deletes the article meanwhile
        load_hashes(importer, batch)
        Article.objects.filter(source_path=ROBOTS).delete()

    monkeypatch.setattr(importing._Importer, "load_hashes", deleted_once_loaded)
    report = import_paths([site])

    [failure] = report.failures
    assert failure.path.endswith(ROBOTS)
    assert failure.message == "its article was deleted in the admin while this import ran: import the file again"
    assert report.counts["unchanged"] == 9


def test_a_reimport_that_replaces_admin_edits_says_so_and_records_it(site, admin_user, capsys):
    import_paths([site])
    article = Article.objects.get(source_path=ROBOTS)
    Article.objects.filter(pk=article.pk).update(title="Edited in the admin")
    robots = site / ROBOTS
    robots.write_text(robots.read_text().replace("Robots learn to read", "Robots learned to read"))  # the same line

    call_command("import_articles", str(site))

    out = capsys.readouterr().out
    replaced = "the file replaced changes made in Newsroom since it was last imported (title)"
    assert f"updated   {site / ROBOTS}: {replaced}" in out
    assert article.events.get(action="import").note == replaced
    assert Article.objects.get(pk=article.pk).title.startswith("Robots learned to read")


def test_files_exported_after_admin_edits_import_unchanged_and_keep_the_edits(site, admin_user):
    import_paths([site])
    article = Article.objects.get(source_path=ROBOTS)
    Article.objects.filter(pk=article.pk).update(title="Edited in the admin")
    Provider.objects.filter(domain="example.org").update(description="Edited in the admin.")
    rename_topic(Topic.objects.get(slug="ai-builder"), name="AI Builder (renamed)", by=admin_user)
    export_articles(destination=site)  # the repository now holds the edits

    report = import_paths([site])

    assert report.counts["unchanged"] == len(report.outcomes) == 10
    assert not report.notices
    assert not article.events.filter(action="import").exists()
    assert Article.objects.get(pk=article.pk).title == "Edited in the admin"
    (site / ROBOTS).write_text((site / ROBOTS).read_text().replace("quality: 39", "quality: 41"))
    [outcome] = [outcome for outcome in import_paths([site]).outcomes if outcome.outcome != "unchanged"]
    assert (outcome.outcome, outcome.message) == ("updated", "")  # the edits were the file's: none replaced


def test_a_checkout_that_changed_only_line_endings_imports_unchanged_and_keeps_newsrooms_changes(site, tmp_path):
    import_paths([site])
    Article.objects.filter(source_path=ROBOTS).update(quality=1)  # scored in the admin, not exported
    windows = tmp_path / "windows"  # a clone made with git's core.autocrlf
    for path, data in site_files(site).items():
        (windows / path).parent.mkdir(parents=True, exist_ok=True)
        (windows / path).write_bytes(data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))

    report = import_paths([windows])

    assert report.counts["unchanged"] == len(report.outcomes) and not report.notices
    assert Article.objects.get(source_path=ROBOTS).quality == 1
    export_articles(destination=tmp_path / "out")  # the records keep the repository's line endings
    exported = site_files(tmp_path / "out")
    assert [path for path, data in site_files(site).items() if exported[path] != data] == [ROBOTS]


def test_records_imported_before_files_were_kept_still_see_their_unchanged_files_as_unchanged(site):
    crlf = "_news/2021-03-02-published-with-crlf-line-endings.md"
    import_paths([site])
    raw = (site / crlf).read_bytes()
    assert b"\r\n" in raw
    # As an older Newsroom left it: the hash of the raw bytes, no text, then an edit.
    Article.objects.filter(source_path=crlf).update(
        source_hash=hashlib.sha256(raw).hexdigest(), source_text="", title="Edited in the admin"
    )

    report = import_paths([site])

    assert outcomes(report)[crlf] == "unchanged" and not report.notices
    article = Article.objects.get(source_path=crlf)
    assert article.title == "Edited in the admin" and article.source_text == raw.decode()


def test_a_sites_own_files_are_skipped_not_imported_or_failed(site, tmp_path):
    own_files = {
        "README.md": "# The content repository\n",
        "index.md": "---\ntitle: Home\nlayout: home\n---\n",
        "_config.yml": "defaults: &defaults\n  layout: post\n",
        "_layouts/post.md": "---\ntitle: A layout\n---\n{{ content }}\n",
        "_data/navigation.yml": "- title: News\n  url: /news/\n",
    }
    for name, text in own_files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text)
    folder_report = import_paths([site])
    zipped = {f"content-main/{name}": data for name, data in site_files(site).items()}
    zip_report = import_paths([make_zip(tmp_path / "download.zip", zipped)])

    for report, counts in ((folder_report, (10, 0)), (zip_report, (0, 10))):
        assert (report.counts["created"], report.counts["unchanged"]) == counts
        assert (report.counts["skipped"], report.counts["failed"]) == (len(own_files), 0)
    assert not Article.objects.filter(title__in=["Home", "A layout"]).exists()


def test_the_command_says_when_it_found_nothing_to_import(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(CommandError, match=r"No front-matter files \(.markdown, .md, .txt, .yaml, .yml\) were found"):
        call_command("import_articles", str(tmp_path / "empty"))
