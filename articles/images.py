"""Images staff upload for an article: stored, measured, and rendered card-sized.

An article image from a file is a remote URL with the size the file states. An uploaded
one is stored in media storage and exports as the site-relative URL of that file (like
the `/assets/...` URLs the original sites used), with the width and height Pillow reads
from it, never what the form said. Its ``card`` is a JPEG at most ``CARD_WIDTH`` pixels
wide for the public pages. The upload passes the checks of ``providers.images``.

An upload is stored under ``providers.images.stored_name``: ``photo.jpg`` becomes
``photo-<16 hex digits>.jpg``, the suffix that of the format Pillow read.
"""

from pathlib import PurePath
from urllib.parse import unquote

from django.core.files.storage import default_storage

from providers.images import open_checked_image, stored_name, width_rendition

from .models import ArticleImage

CARD_WIDTH = 640


def attach_upload(image, upload):
    """Store ``upload`` as the article image's file, with its card rendition, and fill in
    the image's url, width and height from it. The caller saves the image row."""
    picture = open_checked_image(upload)
    image.upload.save(stored_name(upload.name, picture.format), upload, save=False)
    card = width_rendition(picture, CARD_WIDTH)
    image.card.save(_card_name(image.upload.name), card.content, save=False)
    image.url = image.upload.url
    image.width, image.height = picture.size
    return image


def stored_files(url):
    """The ``upload`` and ``card`` of an image a file gives by the address of one of this
    site's uploads (an export writes them so): a re-imported article keeps showing the
    picture staff uploaded, with its card. Both empty for any other address."""
    uploads, cards = (ArticleImage._meta.get_field(name).upload_to for name in ("upload", "card"))
    prefix = default_storage.url(uploads)
    name = unquote(url.removeprefix(prefix)) if url.startswith(prefix) else ""
    if not name or "/" in name or name.startswith(".") or not default_storage.exists(uploads + name):
        return {"upload": "", "card": ""}
    card = cards + _card_name(name)
    return {"upload": uploads + name, "card": card if default_storage.exists(card) else ""}


def _card_name(upload_name):
    return f"{PurePath(upload_name).stem}-card.jpg"
