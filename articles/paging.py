"""Numbered pages of a public listing, fetched without counting the listing.

Counting every published article costs more, the more there are; a page instead fetches
one row beyond its own to learn whether another page follows, so each page costs the
same whatever the size of the listing.
"""

from dataclasses import dataclass

from django.http import Http404

# Far beyond any listing, and small enough that the row offset fits every database's integer.
MAX_PAGE = 1_000_000


@dataclass
class Page:
    number: int
    items: list
    has_next: bool

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def next_page_number(self):
        return self.number + 1

    @property
    def previous_page_number(self):
        return self.number - 1


def page_number(value):
    """The page number a request asks for (1 when it names none); 404 for anything else.

    A number is written as the pager and the API write it: "01", "+1", " 1" or "١" would
    be the same page at another address (and another cache entry), so they are not found."""
    if value in (None, ""):
        return 1
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Http404("No such page") from None
    if str(number) != value or not 1 <= number <= MAX_PAGE:
        raise Http404("No such page")
    return number


def page_of(queryset, number, *, per_page):
    """Fetch page ``number`` of ``queryset``; 404 for a page past the last."""
    number = page_number(number)
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    if number > 1 and not rows:
        raise Http404("No such page")
    return Page(number=number, items=rows[:per_page], has_next=len(rows) > per_page)
