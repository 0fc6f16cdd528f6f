"""Image files made with Pillow for the upload tests: sound ones and the kinds to refuse."""

import io
import os
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def picture(name="logo.png", *, size=(120, 80), image_format=None, color=(200, 30, 30), mode="RGB"):
    """A real image file of the given size and format (from the name's suffix by default)."""
    image_format = (
        image_format
        or {"jpg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF", "bmp": "BMP"}[name.rsplit(".", 1)[-1]]
    )
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, image_format)
    return SimpleUploadedFile(name, buffer.getvalue())


def noisy_picture(name="big.png", *, size=(400, 400)):
    """An image that does not compress, so its file is large."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue())


def truncated_picture(name="cut.png"):
    data = picture(name, size=(300, 300)).read()
    return SimpleUploadedFile(name, data[: len(data) // 2])


def not_a_picture(name="logo.png"):
    return SimpleUploadedFile(name, b"<html><body>This is a web page, not a logo.</body></html>\n")


def decompression_bomb(name="bomb.png", *, side=60_000):
    """A few hundred bytes of PNG whose header promises side x side pixels."""
    data = bytearray(picture(name, size=(1, 1), mode="L", color=0).read())
    ihdr = data.index(b"IHDR")
    data[ihdr + 4 : ihdr + 12] = struct.pack(">II", side, side)
    data[ihdr + 17 : ihdr + 21] = struct.pack(">I", zlib.crc32(bytes(data[ihdr : ihdr + 17])))
    return SimpleUploadedFile(name, bytes(data))


def dimensions(storage_file):
    with storage_file.open("rb") as handle, Image.open(handle) as image:
        return image.format, image.size
