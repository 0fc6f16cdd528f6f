"""Uploaded images: the safety checks every upload passes, and JPEG renditions.

Provider logos and article images share these rules. An upload is accepted only when
Pillow can decode the whole file, its format is one of ``ALLOWED_FORMATS``, and it stays
within ``NEWSROOM_MAX_IMAGE_BYTES`` on disk and ``NEWSROOM_MAX_IMAGE_PIXELS`` once decoded
(a small file that decodes to a huge bitmap, a decompression bomb, is refused before
its pixels are read). Every refusal is a ``ValidationError`` whose message tells the
uploader what to fix.
"""

import io
import secrets
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from PIL import Image, ImageOps, UnidentifiedImageError

# The formats an upload may be in, as Pillow names them, and the suffix each is stored with.
SUFFIXES = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}
ALLOWED_FORMATS = SUFFIXES.keys()
JPEG_QUALITY = 85


@dataclass
class Rendition:
    """A JPEG made from an upload, ready to be saved to storage."""

    content: ContentFile
    width: int
    height: int


def stored_name(upload_name, image_format):
    """The name an upload is stored under: its own, cut short, with a random part and the
    suffix of the format it was read as (``logo.pdf`` holding a PNG is stored as
    ``logo-<16 hex digits>.png``, so the server never serves it as something else).

    Media files are served without asking whether what they belong to is public: the random
    part keeps an image uploaded for an unpublished story from being found by its name.
    Short enough that storage need not shorten it, which would cut the random part.
    """
    stem = PurePath(get_valid_filename(PurePath(upload_name).name)).stem[:40]
    return f"{stem}-{secrets.token_hex(8)}{SUFFIXES[image_format]}"


def open_checked_image(upload):
    """Decode ``upload`` (a Django file) after checking it is a safe, allowed image.

    Return the loaded Pillow image; raise ``ValidationError`` otherwise. The file is
    rewound, so it can still be saved to storage afterwards.
    """
    max_bytes = settings.NEWSROOM_MAX_IMAGE_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            f"The file is {filesizeformat(upload.size)}; images may be at most {filesizeformat(max_bytes)}.",
            code="too_large",
        )
    upload.seek(0)
    try:
        # Pillow's own bomb check only warns below twice its limit: ours is stricter and
        # comes next, so the warning is noise here.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(upload)
        _check_format_and_pixels(image)
        image.load()
    except Image.DecompressionBombError:
        raise _too_many_pixels() from None
    except UnidentifiedImageError:
        raise ValidationError(
            "This file is not an image. Upload a JPEG, PNG, WebP or GIF file.", code="not_an_image"
        ) from None
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            f"The image could not be read: it is damaged or truncated ({error}).", code="damaged"
        ) from None
    finally:
        upload.seek(0)
    return image


def _check_format_and_pixels(image):
    if image.format not in ALLOWED_FORMATS:
        raise ValidationError(
            f"{image.format or 'This'} images are not accepted. Upload a JPEG, PNG, WebP or GIF file.",
            code="format",
        )
    width, height = image.size
    if width * height > settings.NEWSROOM_MAX_IMAGE_PIXELS:
        raise _too_many_pixels(width, height)


def _too_many_pixels(width=None, height=None):
    limit = settings.NEWSROOM_MAX_IMAGE_PIXELS
    size = f"is {width}x{height} pixels" if width else "has far too many pixels"
    return ValidationError(
        f"The image {size}, over the limit of {limit:,} pixels (it may be a decompression bomb). "
        "Upload a smaller image.",
        code="too_many_pixels",
    )


def square_rendition(image, side):
    """Return a ``side`` x ``side`` JPEG of ``image``, centred and cropped to fill."""
    return _jpeg(ImageOps.fit(_flattened(image), (side, side), Image.Resampling.LANCZOS))


def width_rendition(image, width):
    """Return a JPEG of ``image`` at most ``width`` pixels wide, keeping its proportions."""
    flat = _flattened(image)
    if flat.width > width:
        flat = flat.resize((width, round(flat.height * width / flat.width)), Image.Resampling.LANCZOS)
    return _jpeg(flat)


def _flattened(image):
    """The image as RGB, transparent areas on white (JPEG has no transparency)."""
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P", "PA"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _jpeg(image):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return Rendition(ContentFile(buffer.getvalue()), *image.size)
