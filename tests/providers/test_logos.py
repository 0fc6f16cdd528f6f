"""Provider logos: one upload in the admin becomes the 50x50 and 400x400 renditions."""

import re

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from articles.exporting import export_articles
from providers.models import Provider
from tests.providers.pictures import (
    decompression_bomb,
    dimensions,
    noisy_picture,
    not_a_picture,
    picture,
    truncated_picture,
)
from tests.review_accounts import make_editor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def provider():
    return Provider.objects.create(
        name="Example Times",
        domain="example.org",
        source_path="_data/organizations/example.org.md",
    )


def upload_logo(client, provider, logo):
    """Post the provider's change form as staff would, with ``logo`` chosen."""
    data = {
        "name": provider.name,
        "domain": provider.domain,
        "description": provider.description,
        "other_names": "",
        "logo": logo,
        "logos-TOTAL_FORMS": "0",
        "logos-INITIAL_FORMS": "0",
        "merges-TOTAL_FORMS": "0",
        "merges-INITIAL_FORMS": "0",
    }
    return client.post(reverse("admin:providers_provider_change", args=[provider.pk]), data)


def form_errors(response):
    return [str(error) for error in response.context["adminform"].form.errors.get("logo", [])]


@pytest.mark.parametrize("name", ["logo.jpg", "logo.png", "logo.webp", "logo.gif"])
def test_an_uploaded_logo_becomes_the_50_and_400_pixel_logos_in_media_storage(admin_client, provider, name):
    response = upload_logo(admin_client, provider, picture(name, size=(640, 480)))

    assert response.status_code == 302
    logos = list(provider.logos.all())
    assert [(logo.position, logo.url, logo.width, logo.height) for logo in logos] == [
        (0, "/media/organizations/example.org-50x50.jpg", 50, 50),
        (1, "/media/organizations/example.org-400x400.jpg", 400, 400),
    ]
    assert dimensions(default_storage.open("organizations/example.org-50x50.jpg")) == ("JPEG", (50, 50))
    assert dimensions(default_storage.open("organizations/example.org-400x400.jpg")) == ("JPEG", (400, 400))


def test_an_uploaded_logo_is_stored_under_a_random_name_with_its_formats_suffix(admin_client, provider):
    assert upload_logo(admin_client, provider, picture("logo.ps", image_format="PNG")).status_code == 302

    provider.refresh_from_db()
    assert re.fullmatch(r"organizations/originals/logo-[0-9a-f]{16}\.png", provider.logo.name)


def test_a_publisher_uploads_a_logo_and_sees_its_renditions(client, provider):
    client.force_login(make_editor("paul", "Publishers"))
    assert upload_logo(client, provider, picture("logo.png", size=(640, 480))).status_code == 302

    page = client.get(reverse("admin:providers_provider_change", args=[provider.pk])).content.decode()
    assert '<img class="logo-preview" src="/media/organizations/example.org-50x50.jpg"' in page
    assert '<img class="logo-preview" src="/media/organizations/example.org-400x400.jpg"' in page
    assert 'name="logos-0-url"' not in page  # made from the upload, not typed


def test_a_logo_address_no_browser_should_load_gets_no_preview(admin_client, provider):
    provider.logos.create(url="javascript:alert(1)", width=50, height=50)
    provider.logos.create(url="/assets/images/organizations/example.org-50x50.jpg", width=50, height=50)  # the sites'
    provider.logos.create(url="https://img.example.org/logo.png", width=50, height=50)

    page = admin_client.get(reverse("admin:providers_provider_change", args=[provider.pk])).content.decode()

    assert page.count('<img class="logo-preview"') == 1
    assert '<img class="logo-preview" src="https://img.example.org/logo.png"' in page


def test_logos_take_an_absolute_address_where_media_is_served_from_one(admin_client, provider, settings):
    settings.MEDIA_URL = "https://news.example.com/media/"
    upload_logo(admin_client, provider, picture("logo.png"))
    assert [logo.url for logo in provider.logos.all()] == [
        "https://news.example.com/media/organizations/example.org-50x50.jpg",
        "https://news.example.com/media/organizations/example.org-400x400.jpg",
    ]


def test_a_logo_smaller_than_its_largest_rendition_is_taken_with_a_warning(admin_client, provider):
    response = upload_logo(admin_client, provider, picture("tiny.png", size=(30, 30)))
    messages = [str(message) for message in admin_client.get(response["Location"]).context["messages"]]
    assert any(
        message.startswith("The logo is 30x30 pixels: its 400x400 rendition is enlarged") for message in messages
    )
    assert provider.logos.count() == 2

    response = upload_logo(admin_client, provider, picture("large.png", size=(640, 480)))
    messages = [str(message) for message in admin_client.get(response["Location"]).context["messages"]]
    assert not any("enlarged" in message for message in messages)


def test_a_new_logo_replaces_the_renditions_under_the_same_names(admin_client, provider):
    upload_logo(admin_client, provider, picture("first.png", color=(255, 0, 0)))
    upload_logo(admin_client, provider, picture("second.png", color=(0, 0, 255)))

    assert [logo.url for logo in provider.logos.all()] == [
        "/media/organizations/example.org-50x50.jpg",
        "/media/organizations/example.org-400x400.jpg",
    ]
    with default_storage.open("organizations/example.org-50x50.jpg") as handle:
        red, green, blue = Image.open(handle).convert("RGB").getpixel((25, 25))
    assert blue > 200 and red < 50
    assert sorted(default_storage.listdir("organizations")[1]) == [
        "example.org-400x400.jpg",
        "example.org-50x50.jpg",
    ]


def test_the_renditions_appear_in_the_exported_organization_file(admin_client, provider, tmp_path):
    upload_logo(admin_client, provider, picture("logo.png"))

    export_articles(destination=tmp_path / "out")

    text = (tmp_path / "out" / "_data/organizations/example.org.md").read_text()
    assert "  - url: /media/organizations/example.org-50x50.jpg\n    width: 50\n    height: 50\n" in text
    assert "  - url: /media/organizations/example.org-400x400.jpg\n    width: 400\n    height: 400\n" in text


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (truncated_picture, "damaged or truncated"),
        (not_a_picture, "This file is not an image. Upload a JPEG, PNG, WebP or GIF file."),
        (decompression_bomb, "far too many pixels"),
        (lambda: picture("logo.bmp"), "BMP images are not accepted"),
    ],
    ids=["truncated", "non-image named .png", "decompression bomb", "bmp"],
)
def test_a_logo_that_is_not_a_sound_allowed_image_is_refused_with_a_clear_message(
    admin_client, provider, upload, message
):
    response = upload_logo(admin_client, provider, upload())

    assert response.status_code == 200
    assert any(message in error for error in form_errors(response)), form_errors(response)
    assert not provider.logos.exists()
    assert not default_storage.exists("organizations/example.org-50x50.jpg")


def test_an_image_that_decodes_to_more_pixels_than_the_limit_is_refused(admin_client, provider, settings):
    settings.NEWSROOM_MAX_IMAGE_PIXELS = 1_000_000

    response = upload_logo(admin_client, provider, picture("huge.png", size=(2000, 1000)))

    assert form_errors(response) == [
        "The image is 2000x1000 pixels, over the limit of 1,000,000 pixels (it may be a decompression bomb). "
        "Upload a smaller image."
    ]


def test_a_file_over_the_size_limit_is_refused_with_the_limit_in_the_message(admin_client, provider, settings):
    settings.NEWSROOM_MAX_IMAGE_BYTES = 100_000

    response = upload_logo(admin_client, provider, noisy_picture())

    [error] = form_errors(response)
    assert error.startswith("The file is ") and error.endswith("; images may be at most 97.7\xa0KB.")
