"""URL converters for the public pages."""

from django.urls.converters import StringConverter

CONTROL_CHARACTERS = "\x00-\x1f\x7f"


class SegmentConverter(StringConverter):
    """One path segment without control characters: no slug, domain or topic id holds one
    (imports refuse them), and PostgreSQL cannot even look up a NUL."""

    regex = f"[^/{CONTROL_CHARACTERS}]+"
