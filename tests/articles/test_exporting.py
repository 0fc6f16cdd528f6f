"""Exporting: files rendered from the database come back byte for byte, and edits stay small."""

import difflib
import io
import random
import shutil

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from articles.exporting import ExportError, export_articles
from articles.frontmatter import parse
from articles.importing import changed_keys, import_paths
from articles.models import Article, Topic
from articles.topics import merge_topics
from providers.models import Provider
from tests.admin_forms import browser_form_data
from tests.articles.test_frontmatter import DAMAGE
from tests.conftest import CORPUS, FIXTURES, corpus_sites, front_matter_files, requires_corpus

pytestmark = pytest.mark.django_db

ROBOTS = "_news/2021-03-04-newsroom-fixture-robots-learn-to-read.md"


def changed_lines(before, after):
    return [
        line
        for line in difflib.unified_diff(before.splitlines(True), after.splitlines(True), n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def export_one(tmp_path, source_path):
    export_articles(destination=tmp_path / "out")
    return (tmp_path / "out" / source_path).read_bytes().decode("utf-8")


def import_one(tmp_path, source_path, text):
    """Import ``text`` as the only file of a site; return its article."""
    source = tmp_path / "in" / source_path
    source.parent.mkdir(parents=True)
    source.write_text(text)
    import_paths([tmp_path / "in"])
    return Article.objects.get(source_path=source_path)


def test_every_fixture_file_exports_byte_for_byte(tmp_path):
    import_paths([FIXTURES / "site", FIXTURES / "seed"])
    report = export_articles(destination=tmp_path)
    assert report.written == 11
    for root in (FIXTURES / "site", FIXTURES / "seed"):
        for path in front_matter_files(root):
            exported = tmp_path / path.relative_to(root)
            assert exported.read_bytes() == path.read_bytes(), path


@requires_corpus
@pytest.mark.corpus
def test_every_corpus_file_exports_byte_for_byte_from_the_database(tmp_path):
    sites = corpus_sites()
    report = import_paths(sites + [CORPUS / "seed"])
    assert report.counts["failed"] == 0
    export_articles(destination=tmp_path)
    compared = 0
    for site in sites:
        for path in front_matter_files(site):
            relative = path.relative_to(site) if site.name != "seed" else path.name
            assert (tmp_path / relative).read_bytes() == path.read_bytes(), path
            compared += 1
    assert compared > 150


def import_corpus_and_log_in(client):
    """Import the corpus sites and log ``client`` in as a superuser; return the sites."""
    sites = corpus_sites()
    import_paths(sites)
    client.force_login(get_user_model().objects.create_superuser("boss", "boss@example.com", "pw"))
    return sites


@requires_corpus
@pytest.mark.corpus
def test_saving_every_corpus_article_provider_and_topic_unchanged_in_the_admin_changes_no_byte(client, tmp_path):
    sites = import_corpus_and_log_in(client)
    saved = 0
    for model in (Article, Provider, Topic):
        for pk in model.objects.filter(source_path__gt="").values_list("pk", flat=True):
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])
            response = submit_unchanged(client, url)
            assert response.status_code == 302, (url, response.content.decode()[:2000])
            saved += 1
    assert saved > 150

    export_articles(destination=tmp_path)
    for site in sites:
        for path in front_matter_files(site):
            assert (tmp_path / path.relative_to(site)).read_bytes() == path.read_bytes(), path


@requires_corpus
@pytest.mark.corpus
def test_retitling_and_scoring_every_corpus_article_in_the_admin_changes_only_those_lines(client, tmp_path):
    sites = import_corpus_and_log_in(client)
    originals = {}
    for article in Article.objects.all():
        site = next(site for site in sites if (site / article.source_path).is_file())
        originals[article.source_path] = (site / article.source_path).read_bytes().decode()
        url = reverse("admin:articles_article_change", args=[article.pk])
        data = browser_form_data(client.get(url).content.decode())
        data["title"] = "Retitled: " + data["title"].replace("\r\n", " ")
        data["quality"] = "77" if data["quality"] != "77" else "78"
        assert client.post(url, data).status_code == 302, article.source_path
    assert len(originals) > 100

    export_articles(destination=tmp_path)
    for source_path, before in originals.items():
        after = (tmp_path / source_path).read_bytes().decode()
        exported, original = parse(after).data, parse(before).data
        assert exported["title"].startswith("Retitled: "), source_path
        assert exported["quality"] in (77, 78), source_path
        assert {key: value for key, value in exported.items() if key not in ("title", "quality")} == {
            key: value for key, value in original.items() if key not in ("title", "quality")
        }, source_path
        assert set(changed_keys(before, after)) <= {"title", "quality"}, (source_path, changed_lines(before, after))


def test_file_data_naming_a_field_does_not_speak_for_it_in_the_export(tmp_path):
    import_paths([FIXTURES / "site"])
    article = Article.objects.get(source_path=ROBOTS)
    extra = {**article.extra, "": {**article.extra.get("", {}), "published": True, "title": "Hijacked"}}
    extra[""]["<<"] = {"featuredContent": "<iframe>"}  # YAML's merge key, were it written plain
    extra["/provider"] = {**article.extra.get("/provider", {}), "domain": "evil.example"}
    Article.objects.filter(pk=article.pk).update(extra=extra)
    Topic.objects.filter(name="AI Builder").update(extra={"taxonomy": "organization", "_id": "ai-builder"})

    export_articles(destination=tmp_path)

    exported = (tmp_path / ROBOTS).read_text()
    assert exported.replace('"<<":\n  featuredContent: <iframe>\n', "") == (FIXTURES / "site" / ROBOTS).read_text()
    assert parse(exported).data["<<"] == {"featuredContent": "<iframe>"}  # a key like any other
    topic_file = (tmp_path / "_data/topics/04-ai-builder.yaml").read_text()
    assert topic_file.startswith("taxonomy: topic\n_id: ai-builder\n")


def test_the_export_is_rendered_from_the_database_not_replayed(tmp_path):
    import_paths([FIXTURES / "site"])
    Article.objects.filter(source_path=ROBOTS).update(title="A new title", heat=7)
    text = export_one(tmp_path, ROBOTS)
    original = (FIXTURES / "site" / ROBOTS).read_text()
    assert changed_lines(original, text) == [
        '-title: "Robots learn to read \\"between the lines\\" — a café study"\n',
        '+title: "A new title"\n',
        "-heat: -1\n",
        "+heat: 7\n",
    ]


def test_quality_topic_and_publishing_edits_change_only_their_lines(tmp_path):
    import_paths([FIXTURES / "site"])
    article = Article.objects.get(source_path=ROBOTS)
    article.quality = 55
    article.status = Article.Status.PUBLISHED
    article.save()
    article.topics.add("Robotics")

    text = export_one(tmp_path, ROBOTS)

    assert changed_lines((FIXTURES / "site" / ROBOTS).read_text(), text) == [
        "-quality: 39\n",
        "+quality: 55\n",
        "-published: false\n",
        "+published: true\n",
        "+  - Robotics\n",
    ]


def test_publishing_an_article_whose_file_had_no_published_key_adds_one_line(tmp_path):
    import_paths([FIXTURES / "site"])
    path = "_learning/videos/example-channel-building-a-filter.md"
    Article.objects.filter(source_path=path).update(status=Article.Status.PUBLISHED)
    text = export_one(tmp_path, path)
    assert changed_lines((FIXTURES / "site" / path).read_text(), text) == ["+published: true\n"]
    assert "heat: 53\npublished: true\n\nfeaturedContent" in text


def add_article_in_admin(client, title, **fields):
    """Add an article through the admin's form, as a browser sends it (``fields`` override)."""
    client.force_login(get_user_model().objects.get_or_create(username="boss", is_staff=True, is_superuser=True)[0])
    url = reverse("admin:articles_article_add")
    data = browser_form_data(client.get(url).content.decode())
    data.update(title=title, quality="50", topic_names="AI", published_at_0="2021-03-04", published_at_1="09:15:00")
    data.update(fields)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Article.objects.get(title=title)


def test_an_article_made_in_the_admin_exports_as_a_dated_news_file(client, tmp_path):
    import_paths([FIXTURES / "site"])
    article = add_article_in_admin(client, "Fresh: made by hand")
    assert article.source_path == "_news/2021-03-04-fresh-made-by-hand.md"
    assert article.get_absolute_url() == "/news/2021-03-04-fresh-made-by-hand/"
    text = export_one(tmp_path, article.source_path)
    assert text == (
        '---\ncategory: news\ntitle: "Fresh: made by hand"\nexcerpt: ""\npublishedDateTime: 2021-03-04T09:15:00Z\n'
        "type: article\nquality: 50\nheat: -1\npublished: false\n\ntopics:\n  - AI\n---\n"
    )
    assert parse(text).data["quality"] == 50


def test_an_article_made_in_the_admin_and_not_yet_scored_exports_its_heat_as_unknown(client, tmp_path):
    article = add_article_in_admin(client, "Unscored", quality="")  # heat as the form offers it
    text = export_one(tmp_path, article.source_path)
    assert "\nquality:\nheat: -1\n" in text  # unscored: empty, as a file may leave it; heat -1, "unknown"
    assert parse(text).data["heat"] == -1


def test_a_title_in_another_script_keeps_its_letters_in_the_address(client, tmp_path):
    import_paths([FIXTURES / "site"])
    greek = add_article_in_admin(client, "Νέα εποχή για το Power Apps!")
    assert greek.slug == "2021-03-04-νέα-εποχή-για-το-power-apps"
    Article.objects.filter(pk=greek.pk).update(status=Article.Status.PUBLISHED)
    assert "Νέα εποχή" in client.get(greek.get_absolute_url()).content.decode()
    assert export_one(tmp_path, "_news/2021-03-04-νέα-εποχή-για-το-power-apps.md").startswith("---\ncategory: news\n")
    accented = add_article_in_admin(client, "Café crème für Öl")
    assert accented.source_path == "_news/2021-03-04-cafe-creme-fur-ol.md"  # Latin letters lose only their accents


def test_export_options_limit_to_published_or_a_category(tmp_path):
    import_paths([FIXTURES / "site"])
    call_command("export_articles", str(tmp_path / "pub"), "--published", "--articles-only", stdout=io.StringIO())
    assert sorted(p.name for p in (tmp_path / "pub").rglob("*.md")) == [
        "2021-03-01-no-final-newline.md",
        "2021-03-02-published-with-crlf-line-endings.md",
    ]
    call_command("export_articles", str(tmp_path / "learn"), "--category", "learning", stdout=io.StringIO())
    assert len(list((tmp_path / "learn" / "_learning").rglob("*.md"))) == 3
    assert (tmp_path / "learn" / "_data" / "organizations" / "example.org.md").exists()


def test_a_second_export_leaves_identical_files_untouched(tmp_path):
    import_paths([FIXTURES / "site"])
    export_articles(destination=tmp_path)
    report = export_articles(destination=tmp_path)
    assert (report.written, report.unchanged) == (0, 10)


def test_a_whole_export_names_the_files_no_longer_in_newsroom_and_deletes_them_when_asked(tmp_path):
    site = tmp_path / "site"
    import_paths([FIXTURES / "site"])
    export_articles(destination=site)
    for own_file in ("README.md", "_config.yml", "_layouts/default.html", "000_seed.txt", "_data/navigation.yml"):
        (site / own_file).parent.mkdir(parents=True, exist_ok=True)
        (site / own_file).write_text("the site's own file\n")
    Article.objects.get(source_path=ROBOTS).delete()
    merge_topics(Topic.objects.get(slug="ai-builder"), into=Topic.objects.get(slug="ai"), by=None)
    never_imported = {  # written in the repository since the last import: not Newsroom's to delete
        "_news/2021-07-02-brand-new.md": (site / ROBOTS).read_text().replace("Robots learn", "Brand new"),
        "_news/NOTES.md": "no front matter\n",
    }
    for path, text in never_imported.items():
        (site / path).write_text(text)

    stdout = io.StringIO()
    call_command("export_articles", str(site), stdout=stdout)
    stale = [ROBOTS, "_data/topics/04-ai-builder.yaml"]
    assert f"2 files are no longer in Newsroom (deleted or merged away there): {', '.join(sorted(stale))}" in (
        stdout.getvalue()
    )
    assert "Export again with --delete to delete them." in stdout.getvalue()
    assert all((site / path).exists() for path in stale)  # nothing is deleted unless asked

    stdout = io.StringIO()
    call_command("export_articles", str(site), "--delete", stdout=stdout)
    assert "2 deleted (no longer in Newsroom)" in stdout.getvalue()
    assert not any((site / path).exists() for path in stale)
    assert all((site / path).exists() for path in never_imported)
    assert len(list(site.rglob("*"))) > 10 and (site / "README.md").exists() and (site / "000_seed.txt").exists()
    report = import_paths([site])  # the deleted and merged records do not come back; the new file arrives
    assert (report.counts["created"], report.counts["failed"]) == (1, 1)

    (site / ROBOTS).write_bytes((FIXTURES / "site" / ROBOTS).read_bytes())  # brought back on purpose
    assert import_paths([site]).counts["created"] == 1
    assert export_articles(destination=site).stale == []


def test_only_a_whole_export_into_a_site_deletes_files(tmp_path):
    import_paths([FIXTURES / "site"])
    with pytest.raises(CommandError, match="only a whole export"):
        call_command("export_articles", str(tmp_path), "--published", "--delete", stdout=io.StringIO())
    folder = tmp_path / "notes"  # not a site: no _ folders
    folder.mkdir()
    (folder / "todo.md").write_text("---\ntitle: mine\n---\n")
    report = export_articles(destination=folder / "sub")
    assert report.stale == [] and (folder / "todo.md").exists()
    report = export_articles(Article.objects.filter(source_path=ROBOTS), destination=tmp_path / "one")
    assert report.stale == []
    with pytest.raises(ExportError, match="only a whole export"):
        export_articles(Article.objects.all(), destination=tmp_path / "one", delete_stale=True)


def test_an_export_into_a_collection_folder_is_refused_with_the_sites_folder(tmp_path):
    import_paths([FIXTURES / "site"])
    export_articles(destination=tmp_path / "site")
    with pytest.raises(ExportError, match=f"{tmp_path / 'site' / '_news'} is a folder of the site {tmp_path / 'site'}"):
        export_articles(destination=tmp_path / "site" / "_news")
    assert not (tmp_path / "site" / "_news" / "_news").exists()
    shutil.copytree(tmp_path / "site", tmp_path / "checkouts" / "power-apps")
    with pytest.raises(ExportError, match="holds several sites: export into one of them"):
        export_articles(destination=tmp_path / "checkouts")


def test_an_export_never_writes_outside_its_folder(tmp_path):
    import_paths([FIXTURES / "site"])
    Article.objects.filter(source_path=ROBOTS).update(source_path="../../escaped.md")
    with pytest.raises(ExportError, match="outside"):
        export_articles(destination=tmp_path / "out")
    assert not (tmp_path.parent / "escaped.md").exists()


@pytest.mark.parametrize(
    "source_path",
    [".git/hooks/pre-commit", "_includes/head.html", "_data/.hidden.yaml", "_config.yml", "_layouts/default.md"],
)
def test_an_export_writes_only_front_matter_files_never_hidden_ones_or_site_pages(tmp_path, source_path):
    import_paths([FIXTURES / "site"])
    Topic.objects.filter(name="AI Builder").update(source_path=source_path)
    with pytest.raises(ExportError, match="the export writes only content files"):
        export_articles(destination=tmp_path / "out")
    assert not (tmp_path / "out" / source_path).exists()


def submit_unchanged(client, url):
    return client.post(url, browser_form_data(client.get(url).content.decode()))


@pytest.mark.parametrize(
    "source_path",
    [
        ROBOTS,
        "_news/2021-03-02-published-with-crlf-line-endings.md",
        "_samples/example-community-color-picker.md",
        "_news/2021-03-03-yaml-one-one-traps-and-future-keys.md",
    ],
)
def test_saving_an_article_unchanged_in_the_admin_changes_no_byte(client, tmp_path, source_path):
    import_paths([FIXTURES / "site"])
    client.force_login(get_user_model().objects.create_superuser("boss", "boss@example.com", "pw"))
    article = Article.objects.get(source_path=source_path)

    response = submit_unchanged(client, reverse("admin:articles_article_change", args=[article.pk]))

    assert response.status_code == 302, response.content.decode()[:2000]
    assert export_one(tmp_path, source_path) == (FIXTURES / "site" / source_path).read_bytes().decode()


def test_saving_an_article_unchanged_in_the_admin_is_no_change_at_all(client):
    import_paths([FIXTURES / "site"])
    client.force_login(get_user_model().objects.create_superuser("boss", "boss@example.com", "pw"))
    before = Article.objects.get(source_path=ROBOTS)

    assert submit_unchanged(client, reverse("admin:articles_article_change", args=[before.pk])).status_code == 302

    after = Article.objects.get(pk=before.pk)
    assert (after.version, after.source_hash, after.updated_at) == (
        before.version,
        before.source_hash,
        before.updated_at,
    )
    assert LogEntry.objects.get(object_id=str(before.pk)).get_change_message() == "No fields changed."


def test_editing_only_an_image_is_a_recorded_edit_the_public_page_shows(
    client, tmp_path, django_capture_on_commit_callbacks
):
    import_paths([FIXTURES / "site"])
    client.force_login(get_user_model().objects.create_superuser("boss", "boss@example.com", "pw"))
    before = Article.objects.get(source_path=ROBOTS)
    Article.objects.filter(pk=before.pk).update(status=Article.Status.PUBLISHED)
    assert "Photo: Newsroom" not in client.get(before.get_absolute_url()).content.decode()  # now cached
    url = reverse("admin:articles_article_change", args=[before.pk])
    data = browser_form_data(client.get(url).content.decode())
    data["images-0-attribution"] = "Photo: Newsroom"

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302

    after = Article.objects.get(pk=before.pk)
    assert after.version == before.version + 1
    assert after.events.get(action="edit").note == "Changed article images."
    assert "Photo: Newsroom" in client.get(before.get_absolute_url()).content.decode()
    assert '    attribution: "Photo: Newsroom"\n' in export_one(tmp_path, ROBOTS)


def test_an_untouched_save_is_no_change_when_an_image_or_related_item_text_has_line_breaks(client):
    import_paths([FIXTURES / "site"])
    client.force_login(get_user_model().objects.create_superuser("boss", "boss@example.com", "pw"))
    article = Article.objects.get(source_path=ROBOTS)
    article.images.update(title="A caption\nover two lines")  # browsers send these back as CRLF
    article.related_items.update(excerpt="An excerpt\nover two lines")

    submit_unchanged(client, reverse("admin:articles_article_change", args=[article.pk]))

    assert Article.objects.get(pk=article.pk).version == article.version and not article.events.exists()


def test_a_review_note_alone_is_recorded_without_a_new_version(client):
    import_paths([FIXTURES / "site"])
    client.force_login(get_user_model().objects.create_superuser("boss", "boss@example.com", "pw"))
    article = Article.objects.get(source_path=ROBOTS)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = browser_form_data(client.get(url).content.decode())
    data["review_note"] = "Asked the provider about the photo."

    assert client.post(url, data).status_code == 302

    assert Article.objects.get(pk=article.pk).version == article.version
    assert [(event.action, event.note) for event in article.events.all()] == [
        ("note", "Asked the provider about the photo.")
    ]


def test_editing_a_text_whose_lines_break_with_crlf_keeps_them_crlf(client, tmp_path):
    import_paths([FIXTURES / "site"])
    client.force_login(get_user_model().objects.create_superuser("boss", "boss@example.com", "pw"))
    article = Article.objects.get(source_path=ROBOTS)
    Article.objects.filter(pk=article.pk).update(excerpt="First paragraph.\r\n\r\nSecond paragraph.")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = browser_form_data(client.get(url).content.decode())
    data["excerpt"] = data["excerpt"].replace("First", "Opening")

    assert client.post(url, data).status_code == 302
    assert Article.objects.get(pk=article.pk).excerpt == "Opening paragraph.\r\n\r\nSecond paragraph."


def test_scoring_filing_and_publishing_in_the_admin_change_only_those_lines(client, tmp_path):
    import_paths([FIXTURES / "site"])
    client.force_login(get_user_model().objects.create_superuser("boss", "boss@example.com", "pw"))
    article = Article.objects.get(source_path=ROBOTS)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = browser_form_data(client.get(url).content.decode())
    data.update(quality="55", topic_names=data["topic_names"] + "\r\nRobotics")
    assert client.post(url, data).status_code == 302

    changelist = reverse("admin:articles_article_changelist")
    for action in ("approve_articles", "publish_articles"):
        client.post(changelist, {"action": action, "_selected_action": [article.pk], "index": "0"})

    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED
    assert changed_lines((FIXTURES / "site" / ROBOTS).read_text(), export_one(tmp_path, ROBOTS)) == [
        "-quality: 39\n",
        "+quality: 55\n",
        "-published: false\n",
        "+published: true\n",
        "+  - Robotics\n",
    ]


def test_saving_unchanged_in_another_time_zone_changes_no_byte(client, tmp_path, settings):
    settings.TIME_ZONE = "Asia/Kolkata"  # the admin shows and reads times at +05:30
    source_path = "_news/2021-03-03-yaml-one-one-traps-and-future-keys.md"
    import_paths([FIXTURES / "site"])
    client.force_login(get_user_model().objects.create_superuser("boss", "boss@example.com", "pw"))
    article = Article.objects.get(source_path=source_path)

    response = submit_unchanged(client, reverse("admin:articles_article_change", args=[article.pk]))

    assert response.status_code == 302
    assert export_one(tmp_path, source_path) == (FIXTURES / "site" / source_path).read_bytes().decode()


def test_saving_unchanged_keeps_sub_second_times_the_widget_does_not_show(client, tmp_path):
    # No `type`, and a related item with no title: the admin must not insist on them either.
    text = (
        "---\ntitle: Split second\npublishedDateTime: 2021-03-03T10:00:00.250Z\nrelated:\n"
        "  - title: Also split\n    publishedDateTime: 2021-03-02T09:00:00.5+02:00\n"
        "  - webUrl: https://example.com/untitled\n---\n"
    )
    article = import_one(tmp_path, "_news/2021-03-03-split-second.md", text)
    client.force_login(get_user_model().objects.create_superuser("boss", "boss@example.com", "pw"))

    response = submit_unchanged(client, reverse("admin:articles_article_change", args=[article.pk]))

    assert response.status_code == 302
    assert export_one(tmp_path, "_news/2021-03-03-split-second.md") == text


UNSEEN_SHAPES = {
    "provider-without-name.md": "---\ntitle: A\nprovider:\n  domain: a.example\n---\n",
    "bom-and-comments.md": "\ufeff---\n# written by hand\ntitle: 'Single, quoted'   # note\n\n\ntype: video\n---\nBody\n",
    "block-scalars.md": "---\ntitle: B\nnotes: |\n  line one\n  line two\nsummary: >-\n  folded\n  text\n---\n",
    "empty-and-null.md": "---\ntitle: C\nexcerpt:\ntopics: []\nimages: []\nquality: ~\nheat:\n---\n",
    "four-space-indent.md": "---\ntitle: D\nprovider:\n    name: Four\n    domain: four.example\ntopics:\n- AI\n- Robots\n---\n",
    "unknown-nested.md": "---\ntitle: E\nfuture:\n  when: 2030-01-01\n  flags: [on, off, 0x1F]\n  deep:\n    - {a: 1, b: [x, y]}\n---\n",
    "odd-dates.md": "---\ntitle: F\npublishedDateTime: 2021-03-03 10:00:00.500000+02:00\n---\n",
    "mixed-newlines.md": "---\ntitle: G\r\ntype: article\n---\r\nbody\r\nmore\n",
    "dots-fence.md": "--- \ntitle: H\n...\n",
    # Found by damaging files at random:
    "time-as-text.md": "---\ntitle: I\npublishedDateTime: 2021-03-09:15:00Z\nrelated:\n  - title: J\n"
    '    publishedDateTime: "2021-03-04 09:15:00"\n---\n',
    "null-published-and-topics.md": "---\ntitle: K\npublished:\ntopics:\nimages:\n---\n",
    "related-provider-without-name.md": "---\ntitle: L\nrelated:\n  - title: M\n    provider:\n      domain: m.example\n---\n",
    # Found by an audit:
    "published-spelled-null.md": "---\ntitle: N\npublishedDateTime: 2021-03-04T09:15:00Z\npublished: null\n---\n",
    "published-spelled-tilde.md": "---\ntitle: O\npublished: ~\n---\n",
    "date-without-time.md": "---\ntitle: P\npublishedDateTime: 2020-06-01\nrelated:\n  - title: Q\n"
    "    publishedDateTime: 2020-05-31\n---\n",
    "category-spelled-tilde.md": "---\ncategory: ~\ntitle: R\n---\n",
    "category-spelled-null.md": "---\ncategory: null\ntitle: S\n---\n",
    "category-left-empty.md": "---\ncategory:\ntitle: T\n---\n",
}


@pytest.mark.parametrize("name", UNSEEN_SHAPES)
def test_shapes_no_corpus_file_has_still_export_byte_for_byte(tmp_path, name):
    source = tmp_path / "in" / "_news" / name
    source.parent.mkdir(parents=True)
    source.write_bytes(UNSEEN_SHAPES[name].encode())
    report = import_paths([tmp_path / "in"])
    assert report.counts["created"] == 1, report.failures
    export_articles(destination=tmp_path / "out")
    assert (tmp_path / "out" / "_news" / name).read_bytes() == source.read_bytes()


@pytest.mark.parametrize("seed", range(4))
def test_damaged_fixture_articles_that_import_export_byte_for_byte(tmp_path, seed):
    """The fixtures with random bytes inserted, deleted or copied: what still imports exports as it came."""
    rng = random.Random(seed)
    site = FIXTURES / "site"
    articles = [path for path in site.glob("_*/**/*.md") if not path.is_relative_to(site / "_data")]
    originals = [(path.relative_to(site).as_posix(), path.read_bytes().decode()) for path in articles]
    imported = 0
    for attempt in range(40):
        source_path, text = rng.choice(originals)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice(DAMAGE) + text[at:] if rng.random() < 0.5 else text[:at] + text[at + 3 :]
        folder = tmp_path / str(attempt)
        (folder / "in" / source_path).parent.mkdir(parents=True)
        (folder / "in" / source_path).write_bytes(text.encode())
        with transaction.atomic():
            import_paths([folder / "in"])
            if Article.objects.exists():
                imported += 1
                export_articles(destination=folder / "out", taxonomy=False)
                assert (folder / "out" / source_path).read_bytes().decode() == text
            transaction.set_rollback(True)
    assert imported > 5  # enough of them still import for the test to mean something


def test_deleting_an_image_or_related_item_removes_its_lines_and_leaves_the_next_ones_as_they_were(tmp_path):
    text = (
        "---\ntitle: Two pictures\npublishedDateTime: 2021-03-03T10:00:00Z\nimages:\n"
        '  - url: "https://img.example.org/first.jpg"\n    width: 10\n    height: 10\n    isCached: true\n'
        '    title: "The first"\n'
        "  - url: https://img.example.org/second.jpg\n    width: 20\n    height: 20\n"
        "related:\n  - title: First related   # kept for the record\n  - title: 'Second related'\n---\n"
    )
    article = import_one(tmp_path, "_news/2021-03-03-two-pictures.md", text)
    article.images.get(position=0).delete()
    article.related_items.get(position=0).delete()

    assert changed_lines(text, export_one(tmp_path, "_news/2021-03-03-two-pictures.md")) == [
        '-  - url: "https://img.example.org/first.jpg"\n',
        "-    width: 10\n",
        "-    height: 10\n",
        "-    isCached: true\n",
        '-    title: "The first"\n',
        "-  - title: First related   # kept for the record\n",
    ]


def test_text_written_plain_that_reads_as_a_number_or_date_exports_as_written(tmp_path):
    text = (
        "---\ntitle: 1984\nexcerpt: 2021-03-03\npublishedDateTime: 2021-03-03T10:00:00Z\n"
        "provider:\n  name: 1105\n  domain: 1105media.example\n---\n"
    )
    assert import_one(tmp_path, "_news/2021-03-03-numbers.md", text).title == "1984"
    assert export_one(tmp_path, "_news/2021-03-03-numbers.md") == text


ORGANIZATION = (FIXTURES / "site/_data/organizations/example.org.md").read_text()


BLANK_ENDINGS = {
    "a blank line": ORGANIZATION + "\n",
    "blank lines": ORGANIZATION + "\n\n\n",
    "a line of spaces": ORGANIZATION + " \t\n",
    "CRLF": (ORGANIZATION + "\n").replace("\n", "\r\n"),
}


@pytest.mark.parametrize("text", BLANK_ENDINGS.values(), ids=list(BLANK_ENDINGS))
def test_an_organization_file_with_blank_lines_after_its_closing_fence_exports_byte_for_byte(tmp_path, text):
    source = tmp_path / "in" / "_data/organizations/example.org.md"
    source.parent.mkdir(parents=True)
    source.write_bytes(text.encode())
    report = import_paths([tmp_path / "in"])
    assert report.counts["created"] == 1, report.failures
    export_articles(destination=tmp_path / "out")
    assert (tmp_path / "out" / "_data/organizations/example.org.md").read_bytes() == source.read_bytes()


@pytest.mark.parametrize("linked", ["_news/2021-03-01-no-final-newline.md", "_news"])
def test_an_export_writes_through_no_symbolic_link_in_the_repository(tmp_path, linked):
    import_paths([FIXTURES / "site"])
    site, outside = tmp_path / "site", tmp_path / "outside"
    shutil.copytree(FIXTURES / "site", site)
    outside.mkdir()
    victim = outside / "victim.txt"
    victim.write_text("precious")
    link = site / linked
    if link.is_dir():
        shutil.rmtree(link)
        link.symlink_to(outside, target_is_directory=True)
    else:
        link.unlink()
        link.symlink_to(victim)
    with pytest.raises(CommandError, match="is a symbolic link"):
        call_command("export_articles", str(site), stdout=io.StringIO())
    assert victim.read_text() == "precious"
    assert [path.name for path in outside.iterdir()] == ["victim.txt"]
