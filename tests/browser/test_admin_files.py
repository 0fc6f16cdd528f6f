"""Staff import a zip of files and download them back from the admin, in a real browser."""

import shutil
import zipfile

import pytest

from articles.models import Article
from tests.browser.admin_login import log_in
from tests.conftest import FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_import_a_zip_and_download_every_file(page, live_server, admin_user, tmp_path):
    archive = shutil.make_archive(str(tmp_path / "content"), "zip", FIXTURES / "site")
    log_in(page, live_server, "admin", "password", next_url="/admin/articles/article/")
    page.click("text=Import / download files")

    page.set_input_files("#id_archive", archive)
    page.click("input[type=submit][value=Import]")
    page.screenshot(path="/tmp/admin_files_imported.png", full_page=True)
    assert page.inner_text("[role=status]") == "10 created, 0 updated, 0 unchanged, 0 failed."
    assert Article.objects.count() == 8

    with page.expect_download() as download:
        page.click("text=Download all files (.zip)")
    saved = tmp_path / "download.zip"
    download.value.save_as(saved)
    with zipfile.ZipFile(saved) as exported, zipfile.ZipFile(archive) as imported:
        files = [info.filename for info in imported.infolist() if not info.is_dir()]
        assert sorted(exported.namelist()) == sorted(files)
        assert all(exported.read(name) == imported.read(name) for name in files)
