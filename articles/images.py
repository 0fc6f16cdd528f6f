"""Images staff upload for an article: stored, measured, and rendered card-sized.

An article image from a file is a remote URL with the size the file states. An uploaded
one is stored in media storage and exports as the site-relative URL of that file (like
the `/assets/...` URLs the original sites used), with the width and height Pillow reads
from it, never what the form said. Its ``card`` is a JPEG at most ``CARD_WIDTH`` pixels
wide for the public pages. The upload passes the checks of ``providers.images``.

Media files are served without asking whether their article is published, so an upload's
name carries a random part: an image uploaded for an unpublished story cannot be found by
guessing its file name (``photo.jpg`` is stored as ``photo-<16 hex digits>.jpg``).
"""

import secrets
from pathlib import PurePath
from urllib.parse import unquote

from django.core.files.storage import default_storage
from django.utils.text import get_valid_filename

from providers.images import open_checked_image, width_rendition

from .models import ArticleImage

CARD_WIDTH = 640


def attach_upload(image, upload):
    """Store ``upload`` as the article image's file, with its card rendition, and fill in
    the image's url, width and height from it. The caller saves the image row."""
    picture = open_checked_image(upload)
    name = PurePath(get_valid_filename(PurePath(upload.name).name))
    # Short enough that storage need not shorten it, which would cut the random part.
    name = f"{name.stem[:40]}-{secrets.token_hex(8)}{name.suffix[:10]}"
    image.upload.save(name, upload, save=False)
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
