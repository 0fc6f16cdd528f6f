"""The admin's files page: import a zip of front-matter files, download them back."""

import io
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles import archives
from articles.models import Article, ArticleEvent, Topic
from tests.conftest import FIXTURES, front_matter_files
from tests.review_accounts import make_editor

pytestmark = pytest.mark.django_db

FILES_URL = reverse("admin:articles_article_files")
PUBLISHED_FIXTURE = "_news/2021-03-01-no-final-newline.md"
SEED = "000_0123456789abcdef.txt"


def site_zip(extra=None):
    """The fixture site as a zip, with ``extra`` ({path: bytes}) added."""
    buffer = io.BytesIO()
    site = FIXTURES / "site"
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in front_matter_files(site):
            archive.write(path, path.relative_to(site).as_posix())
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return SimpleUploadedFile("site.zip", buffer.getvalue(), content_type="application/zip")


def upload(client, archive, **fields):
    return client.post(FILES_URL, {"archive": archive, **fields})


@pytest.fixture
def admin_client(client):
    client.force_login(make_editor("chief", superuser=True))
    return client


def test_importing_a_zip_reports_each_file_and_credits_whoever_imported(admin_client):
    response = upload(admin_client, site_zip())
    page = response.content.decode()
    assert response.status_code == 200
    assert "10 created, 0 updated, 0 unchanged, 0 failed" in page
    assert f"site.zip!{PUBLISHED_FIXTURE}" in page
    assert "/tmp" not in page
    article = Article.objects.get(source_path=PUBLISHED_FIXTURE)
    assert article.is_published
    event = ArticleEvent.objects.get(article=article, action="publish")
    assert (event.actor.username, event.note) == ("chief", "import")

    again = upload(admin_client, site_zip()).content.decode()
    assert "0 created, 0 updated, 10 unchanged, 0 failed" in again


def test_a_bad_file_in_the_zip_is_named_with_its_problem_and_the_others_land(admin_client):
    broken = {"_news/2021-04-01-broken.md": b"---\ntitle: [unclosed\n---\n"}
    page = upload(admin_client, site_zip(broken)).content.decode()
    assert "10 created, 0 updated, 0 unchanged, 1 failed" in page
    assert "site.zip!_news/2021-04-01-broken.md" in page
    assert "3:1: YAML syntax error" in page
    assert not Article.objects.filter(source_path="_news/2021-04-01-broken.md").exists()
    assert Article.objects.count() == 8


def test_a_dry_run_reports_and_writes_nothing(admin_client):
    page = upload(admin_client, site_zip(), dry_run="on").content.decode()
    assert "Check of site.zip" in page
    assert "10 created" in page and "dry run: nothing was written" in page
    assert not Article.objects.exists() and not Topic.objects.exists()
    assert "To import these files, choose site.zip again below." in page
    assert 'name="dry_run" id="id_dry_run" checked' not in page  # the next upload imports


def test_a_zip_of_more_files_than_a_request_can_import_is_refused(admin_client, monkeypatch):
    monkeypatch.setattr(archives, "MAX_UPLOAD_FILES", 5)
    page = upload(admin_client, site_zip()).content.decode()
    assert "The archive holds 10 files; the limit here is 5. Import it with" in page
    assert not Article.objects.exists()


def test_a_zip_whose_directory_cannot_be_read_is_reported_not_a_server_error(admin_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("_news/caf\u00e9.md", "---\ntitle: x\n---\n")  # its name flagged UTF-8
    damaged = buffer.getvalue().replace("caf\u00e9".encode(), b"caf\xe9\xe9")  # and no longer UTF-8

    response = upload(admin_client, SimpleUploadedFile("site.zip", damaged))

    assert response.status_code == 200
    [failure] = response.context["report"].failures
    assert failure.path == "site.zip" and failure.message.startswith("not a readable zip file")
    assert not Article.objects.exists()


def test_a_zip_without_front_matter_files_says_which_files_it_looks_for(admin_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes/readme.rst", "Nothing to import")
    page = upload(admin_client, SimpleUploadedFile("notes.zip", buffer.getvalue())).content.decode()

    assert "holds no front-matter files" in page
    for suffix in (".markdown", ".md", ".txt", ".yaml", ".yml"):
        assert f"<code>{suffix}</code>" in page


def test_only_zip_archives_are_accepted(admin_client):
    text = SimpleUploadedFile("story.md", b"---\ntitle: x\n---\n", content_type="text/markdown")
    page = upload(admin_client, text).content.decode()
    assert "File extension “md” is not allowed" in page
    assert not Article.objects.exists()
    garbage = SimpleUploadedFile("site.zip", b"not a zip at all", content_type="application/zip")
    page = upload(admin_client, garbage).content.decode()
    assert "not a readable zip file" in page and "0 created" in page


def test_an_archive_over_the_upload_limit_is_refused_with_a_pointer_to_the_command(admin_client, monkeypatch):
    monkeypatch.setattr("articles.archives.MAX_UPLOAD_BYTES", 1024)
    page = upload(admin_client, site_zip()).content.decode()
    assert "the limit here is 1.0\xa0KB" in page and "manage.py import_articles" in page
    assert not Article.objects.exists()


def test_importing_needs_the_permission_to_publish_as_files_can_publish(client):
    reviewer = make_editor("rita", "Reviewers")
    client.force_login(reviewer)
    page = client.get(FILES_URL).content.decode()
    assert 'type="file"' not in page and "Download all files" in page
    assert upload(client, site_zip()).status_code == 403
    publisher = make_editor("paul", "Publishers")
    client.force_login(publisher)
    assert upload(client, site_zip()).status_code == 403  # publishers cannot add articles
    publisher.user_permissions.add(Permission.objects.get(codename="add_article"))
    assert upload(client, site_zip()).status_code == 200
    assert Article.objects.count() == 8


def test_the_files_page_is_for_staff_only(client):
    assert client.get(FILES_URL).status_code == 302
    assert client.get(reverse("admin:articles_article_download")).status_code == 302
    assert not Article.objects.exists()


def test_downloading_everything_gives_back_the_files_byte_for_byte_and_imports_back_unchanged(admin_client):
    seed = (FIXTURES / "seed" / SEED).read_bytes()
    upload(admin_client, site_zip({SEED: seed}))  # a seed file keeps its bare name, at the root
    response = admin_client.get(reverse("admin:articles_article_download"))
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="newsroom-content-')
    downloaded = b"".join(response.streaming_content)
    archive = zipfile.ZipFile(io.BytesIO(downloaded))
    site = FIXTURES / "site"
    expected = {path.relative_to(site).as_posix(): path.read_bytes() for path in front_matter_files(site)}
    assert {name: archive.read(name) for name in archive.namelist()} == {**expected, SEED: seed}

    again = upload(admin_client, SimpleUploadedFile("download.zip", downloaded)).context["report"]
    assert (again.counts["unchanged"], again.counts["skipped"], again.counts["failed"]) == (len(expected) + 1, 0, 0)


def test_the_download_action_gives_the_selected_articles_files(admin_client):
    upload(admin_client, site_zip())
    chosen = Article.objects.get(source_path=PUBLISHED_FIXTURE)
    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "download_files", "_selected_action": [chosen.pk]},
    )
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == [PUBLISHED_FIXTURE]
    assert archive.read(PUBLISHED_FIXTURE) == (FIXTURES / "site" / PUBLISHED_FIXTURE).read_bytes()


def test_the_article_list_links_to_the_files_page(admin_client):
    assert FILES_URL in admin_client.get(reverse("admin:articles_article_changelist")).content.decode()
