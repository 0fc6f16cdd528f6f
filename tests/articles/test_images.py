"""Article images: file images keep what the file says; uploads are checked, measured and carded."""

import re
import shutil

import pytest
from django.core.files.storage import default_storage
from django.forms import modelform_factory

from articles.exporting import export_articles
from articles.forms import ArticleImageForm
from articles.images import stored_files
from articles.importing import import_paths
from articles.models import Article, ArticleImage
from tests.conftest import FIXTURES
from tests.providers.pictures import decompression_bomb, dimensions, not_a_picture, picture, truncated_picture

pytestmark = pytest.mark.django_db

CRLF = "_news/2021-03-02-published-with-crlf-line-endings.md"
IMAGE_FIELDS = ["position", "upload", "url", "width", "height", "is_cached", "title", "attribution"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def site(tmp_path):
    site = shutil.copytree(FIXTURES / "site", tmp_path / "site")
    import_paths([site])
    return site


def image_form(article, upload=None, **data):
    form_class = modelform_factory(ArticleImage, form=ArticleImageForm, fields=IMAGE_FIELDS)
    data = {"position": "5", **data}
    return form_class(data, {"upload": upload} if upload else {}, instance=ArticleImage(article=article))


def test_imported_images_keep_their_remote_url_size_and_flags(site):
    image = Article.objects.get(source_path=CRLF).images.get()

    assert image.url.startswith("https://")
    assert (image.width, image.height, image.is_cached) == (1600, 1600, True)
    assert not image.upload


def test_an_uploaded_image_gets_its_real_size_a_card_and_its_media_url(site):
    article = Article.objects.get(source_path=CRLF)
    form = image_form(article, picture("photo.jpg", size=(1600, 900)), width="1", height="1", title="A photo")

    assert form.is_valid(), form.errors
    image = form.save()

    assert (image.width, image.height) == (1600, 900)  # from the file, not the form
    assert re.fullmatch(r"/media/articles/images/photo-[0-9a-f]{16}\.jpg", image.url)
    assert dimensions(image.upload) == ("JPEG", (1600, 900))
    assert dimensions(image.card) == ("JPEG", (640, 360))
    assert default_storage.exists(image.card.name)


def test_an_uploaded_image_cannot_be_found_by_guessing_its_file_name(site):
    article = Article.objects.get(source_path=CRLF)
    first, second = (image_form(article, picture("embargoed.jpg")).save() for _ in range(2))

    assert first.url != second.url
    assert "/media/articles/images/embargoed.jpg" not in (first.url, second.url)
    assert not default_storage.exists("articles/images/embargoed.jpg")


def test_a_long_file_name_keeps_its_random_part(site):
    image = image_form(Article.objects.get(source_path=CRLF), picture("a" * 90 + ".jpg")).save()

    assert re.fullmatch(r"/media/articles/images/a{40}-[0-9a-f]{16}\.jpg", image.url)


def test_an_upload_is_stored_with_the_suffix_of_the_format_it_holds(site):
    image = image_form(Article.objects.get(source_path=CRLF), picture("poc.pdf", image_format="PNG")).save()

    assert re.fullmatch(r"/media/articles/images/poc-[0-9a-f]{16}\.png", image.url)


def test_a_small_upload_is_not_enlarged_for_its_card(site):
    form = image_form(Article.objects.get(source_path=CRLF), picture("icon.png", size=(200, 100)))

    image = form.save() if form.is_valid() else pytest.fail(str(form.errors))

    assert dimensions(image.card) == ("JPEG", (200, 100))


def test_an_uploaded_image_exports_with_its_media_url_and_real_size(site, tmp_path):
    article = Article.objects.get(source_path=CRLF)
    image = image_form(article, picture("chart.png", size=(800, 600))).save()

    export_articles(destination=tmp_path / "out")

    text = (tmp_path / "out" / CRLF).read_bytes().decode()
    assert f'  - url: "{image.url}"\r\n    width: 800\r\n    height: 600\r\n' in text


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (truncated_picture, "damaged or truncated"),
        (not_a_picture, "This file is not an image"),
        (decompression_bomb, "far too many pixels"),
    ],
    ids=["truncated", "non-image named .png", "decompression bomb"],
)
def test_an_unsafe_upload_is_refused_with_the_same_messages_as_logos(site, upload, message):
    form = image_form(Article.objects.get(source_path=CRLF), upload())

    assert not form.is_valid()
    assert message in form.errors["upload"][0]
    assert not default_storage.exists("articles")


def test_an_image_needs_a_url_or_an_upload(site):
    form = image_form(Article.objects.get(source_path=CRLF))

    assert form.errors["url"] == ["Give the image's URL or upload an image."]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "images.0.width: must be at least 1, found 0"),
        ("-40", "images.0.width: must be at least 1, found -40"),
        ("wide", "images.0.width: expected a whole number, found 'wide'"),
        ("12.5", "images.0.width: expected a whole number, found '12.5'"),
        ("1000000", "images.0.width: must be at most 100000, found 1000000"),
    ],
)
def test_an_imported_image_size_that_is_not_sane_fails_the_file_with_a_clear_message(site, value, message):
    path = site / CRLF
    path.write_bytes(path.read_bytes().replace(b"    width: 1600\r\n", f"    width: {value}\r\n".encode()))

    report = import_paths([site])

    [failure] = report.failures
    assert message in failure.message
    assert Article.objects.get(source_path=CRLF).images.get().width == 1600  # the previous import stands


def test_an_uploaded_image_has_a_whole_address_for_social_cards_structured_data_and_the_api(site, client):
    article = Article.objects.get(source_path=CRLF)
    article.images.all().delete()
    form = image_form(article, picture("photo.jpg", size=(1600, 900)), title="A photo")
    assert form.is_valid(), form.errors
    address = f"http://testserver{form.save().url}"

    page = client.get(article.get_absolute_url()).content.decode()
    assert f'<meta property="og:image" content="{address}">' in page
    assert f'<meta name="twitter:image" content="{address}">' in page
    assert f'"image": ["{address}"]' in page
    items = client.get("/api/news/index.json").json()["value"]
    assert next(item for item in items if item["path"] == CRLF)["images"][0]["url"] == address


def test_an_uploaded_image_still_shows_after_its_edited_file_is_imported_again(site, client):
    article = Article.objects.get(source_path=CRLF)
    article.images.all().delete()
    uploaded = image_form(article, picture("photo.jpg", size=(1600, 900))).save()
    export_articles(destination=site)
    path = site / CRLF
    path.write_bytes(path.read_bytes().replace(b"\r\nheat: ", b"\r\nheat: 1", 1))  # edited in git

    assert import_paths([site]).counts["updated"] == 1

    image = Article.objects.get(source_path=CRLF).images.get()
    assert image.pk != uploaded.pk and image.url == uploaded.url
    assert (image.upload.name, image.card.name) == (uploaded.upload.name, uploaded.card.name)
    assert f'<img src="{uploaded.url}"' in client.get(article.get_absolute_url()).content.decode()
    assert f'src="{uploaded.card.url}"' in client.get("/").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/media/articles/images/never-uploaded.jpg",
        "/media/articles/images/../cards/photo-card.jpg",
        "/media/articles/images/..",
        "/media/articles/images/%2e%2e",
        "/media/articles/images/.",
        "https://elsewhere.example/media/articles/images/photo.jpg",
    ],
)
def test_an_image_address_that_names_no_upload_of_this_site_is_only_an_address(url):
    default_storage.save("articles/cards/photo-card.jpg", picture("photo.jpg"))
    assert stored_files(url) == {"upload": "", "card": ""}
