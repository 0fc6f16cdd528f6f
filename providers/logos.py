"""Provider logos: from the one image staff upload to the renditions the sites used.

The original sites served each organization's logo at two sizes, named
``<domain>-50x50.jpg`` and ``<domain>-400x400.jpg``. ``make_logo_renditions`` writes both
into media storage under ``organizations/`` and makes them the provider's logos
(position 0 the small one, 1 the large one), which is what its exported file and the
JSON API list.
"""

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.text import get_valid_filename

from .images import open_checked_image, square_rendition
from .models import ProviderLogo

LOGO_SIDES = (50, 400)


def logo_rendition_name(domain, side):
    """The storage name of a logo rendition, e.g. ``organizations/example.org-50x50.jpg``."""
    return f"organizations/{get_valid_filename(domain)}-{side}x{side}.jpg"


@transaction.atomic
def make_logo_renditions(provider):
    """Render the provider's uploaded logo at every logo size and list them as its logos.

    The renditions replace the provider's previous logos (and so the logos its
    organization file lists, on the next export).
    """
    with provider.logo.open("rb") as upload:
        image = open_checked_image(upload)
    logos = []
    for position, side in enumerate(LOGO_SIDES):
        name = logo_rendition_name(provider.domain, side)
        rendition = square_rendition(image, side)
        # Same name, new picture: replace the file rather than get a suffixed copy.
        default_storage.delete(name)
        stored = default_storage.save(name, rendition.content)
        logos.append(
            ProviderLogo(
                provider=provider,
                position=position,
                url=default_storage.url(stored),
                width=rendition.width,
                height=rendition.height,
            )
        )
    provider.logos.all().delete()
    ProviderLogo.objects.bulk_create(logos)
    return logos
