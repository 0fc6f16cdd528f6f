"""How articles, providers and topics map to front-matter documents and back.

Reading checks every value the CMS understands (types, ranges, dates) and raises a
``FrontMatterError`` naming the key, line and column; keys it does not understand are
returned as ``extra`` so nothing in a file is lost. Writing builds the document from the
model: keys the file had stay where they were, keys it lacked are added only when they
carry a value, and ``layout`` (recorded at import) keeps the file's formatting.
"""

import datetime
import math
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, slug_unicode_re
from django.utils.text import slugify

from providers.identity import domain_key
from providers.models import validate_domain

from .frontmatter import PLAIN, Document, FrontMatterError, as_datetime, pointer, write_scalar
from .models import INTEGER_COLUMN_MAX, INTEGER_COLUMN_MIN, Article, RelatedItem, validate_category

MAX_IMAGE_SIDE = 100_000
YEARS = (1000, 9000)  # the dates an article may carry
DATED_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}-.+$")

# Key order and quoting of a new news file, following the files Smartable wrote.
ARTICLE_KEYS = [
    "category", "title", "excerpt", "publishedDateTime", "originalUrl", "webUrl", "ampWebUrl",
    "cdnAmpWebUrl", "type", "quality", "heat", "published", "featuredContent", "provider",
    "topics", "images", "related", "secured",
]  # fmt: skip
ARTICLE_FIELDS = {
    "title": "title", "excerpt": "excerpt", "originalUrl": "original_url", "webUrl": "web_url",
    "ampWebUrl": "amp_web_url", "cdnAmpWebUrl": "cdn_amp_web_url", "type": "type",
    "featuredContent": "featured_content", "secured": "secured",
}  # fmt: skip
RELATED_FIELDS = {
    "title": "title", "excerpt": "excerpt", "originalUrl": "original_url", "webUrl": "web_url",
    "ampWebUrl": "amp_web_url", "cdnAmpWebUrl": "cdn_amp_web_url", "type": "type",
}  # fmt: skip
RELATED_KEYS = ["title", "excerpt", "publishedDateTime", "originalUrl", "webUrl", "ampWebUrl",
                "cdnAmpWebUrl", "type", "provider", "quality", "images"]  # fmt: skip
IMAGE_KEYS = ["url", "width", "height", "isCached", "title", "attribution"]
QUOTED = '"'
NEWS_STYLES = {
    ptr: QUOTED
    for ptr in (
        "/title", "/excerpt", "/originalUrl", "/webUrl", "/ampWebUrl", "/cdnAmpWebUrl",
        "/featuredContent", "/secured", "/images/*/url", "/images/*/title", "/images/*/attribution",
        "/provider/images/*/url", "/related/*/title", "/related/*/excerpt", "/related/*/originalUrl",
        "/related/*/webUrl", "/related/*/ampWebUrl", "/related/*/cdnAmpWebUrl",
        "/related/*/images/*/url", "/related/*/images/*/title",
    )
}  # fmt: skip
NULL_SPELLINGS = ("", "~", "null", "Null", "NULL")  # how YAML writes no value
# A file the CMS writes for the first time always carries the news basics, with blank
# lines between blocks like the files Smartable wrote.
NEW_ARTICLE_LAYOUT = {
    "order": {"": ["category", "title", "excerpt", "publishedDateTime", "type", "quality", "heat", "published"]},
    "gaps": {f"k/{key}": "\n\n" for key in ("featuredContent", "provider", "topics", "images", "related", "secured")},
}
ORGANIZATION_KEYS = ["taxonomy", "_id", "name", "otherNames", "domain", "description", "images"]
TOPIC_KEYS = ["taxonomy", "_id", "name", "shortname", "parent", "keywords", "hashtags"]
ARTICLE_PROVIDER_KEYS = ["name", "domain", "images"]
RELATED_PROVIDER_KEYS = ["name", "domain"]
LOGO_KEYS = ["url", "width", "height"]


def file_taxonomy(data):
    """The kind of record a file's ``data`` describes by its ``taxonomy``, in lower case:
    files write it in any letter case (``taxonomy: Organization``); "" when it names none."""
    taxonomy = data.get("taxonomy")
    return taxonomy.casefold() if isinstance(taxonomy, str) else ""


def other_keys(extra, known):
    """The keys of ``extra`` (a file's keys the model has no column for) that ``known`` does
    not list. Imports store only those; one typed into the admin's file data that names a
    column (``published``) must not speak over the column, which the workflow guards."""
    return {key: value for key, value in extra.items() if key not in known}


def keys_naming_columns(extra):
    """The keys of an article's ``extra`` that name one of its columns, as ``published`` or
    ``provider/name``; an export leaves them out."""
    top = [key for key in extra.get("", {}) if key in ARTICLE_KEYS]
    provider = [f"provider/{key}" for key in extra.get("/provider", {}) if key in ARTICLE_PROVIDER_KEYS]
    return top + provider


@dataclass
class ArticleData:
    """An article as read from a file, ready to be saved."""

    fields: dict
    published: bool
    provider: dict | None  # {"name", "domain"}
    topics: list
    images: list  # dicts of ArticleImage fields
    related: list  # (dict of RelatedItem fields, list of image dicts)
    layout: dict
    extra: dict = field(default_factory=dict)


@dataclass
class ArticleParts:
    """The rows below an article that its file needs, as plain values (see ``exporting``)."""

    images: list = field(default_factory=list)  # dicts of image columns
    related: list = field(default_factory=list)  # dicts of related-item columns, each with its "images"
    topics: list = field(default_factory=list)  # topic names, in file order


# A topic's `_id` names its page, `/topics/<_id>/`.
validate_topic_id = RegexValidator(
    slug_unicode_re, "%(value)r is not an id like ai-builder (letters, digits, hyphens and underscores)."
)


class _Reader:
    """Typed access to a document's values, with errors that point into the file."""

    def __init__(self, document, path):
        self.document = document
        self.path = path

    def error(self, ptr, message):
        line, column = self.document.position(ptr)
        key = ptr.lstrip("/").replace("/", ".")
        return FrontMatterError(message, path=self.path, line=line, column=column, key=key)

    def text(self, ptr, value, *, required=False, max_length=None):
        if value is None:
            if required:
                raise self.error(ptr, "is required")
            return ""
        if isinstance(value, (list, dict)):
            raise self.error(ptr, "expected text, found a list or mapping")
        if isinstance(value, str):
            text = self.storable(ptr, value)
        else:
            # Text written plain that reads as another type (`title: 1984`) keeps its spelling.
            text = self.storable(ptr, self.document.scalar_text(ptr))
            self.document.layout.setdefault("text", {}).setdefault(ptr, text)
        if required and not text.strip():
            raise self.error(ptr, "is required")
        if max_length and len(text) > max_length:
            raise self.error(ptr, f"is longer than {max_length} characters")
        return text

    def checked_text(self, ptr, value, validator, *, max_length):
        """Required text that ``validator`` (a Django validator) accepts."""
        return self.check(ptr, self.text(ptr, value, required=True, max_length=max_length), validator)

    def check(self, ptr, text, validator):
        try:
            validator(text)
        except ValidationError as error:
            raise self.error(ptr, " ".join(error.messages)) from None
        return text

    def integer(self, ptr, value, *, minimum=INTEGER_COLUMN_MIN, maximum=INTEGER_COLUMN_MAX):
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(
                ptr,
                f"expected a whole number, found {self.document.scalar_text(ptr)!r}"
                if not isinstance(value, (list, dict))
                else "expected a whole number",
            )
        if value < minimum:
            raise self.error(ptr, f"must be at least {minimum}, found {value}")
        if value > maximum:
            raise self.error(ptr, f"must be at most {maximum}, found {value}")
        return value

    def boolean(self, ptr, value):
        if value is None or isinstance(value, bool):
            return value
        raise self.error(ptr, "expected true or false")

    def timestamp(self, ptr, value):
        if value is None:
            return None
        if isinstance(value, str) or type(value) is datetime.date:
            # Written as text YAML does not read as a time (`2020-06-18 00:51`, quoted), or as
            # a date alone: keep that spelling, so an untouched article exports it as it came.
            style = self.document.layout.get("style", {}).get(ptr, PLAIN)
            self.document.layout.setdefault("text", {}).setdefault(ptr, write_scalar(value, style))
        moment = as_datetime(value)
        if moment is None:
            found = f", found {value!r}" if isinstance(value, str) else ""
            raise self.error(ptr, f"expected a date and time like 2020-06-18T00:51:00Z{found}")
        # Far enough from years 1 and 9999 that no time zone conversion overflows.
        if not YEARS[0] <= moment.year <= YEARS[1]:
            raise self.error(ptr, f"must be between the years {YEARS[0]} and {YEARS[1]}, found {moment.year}")
        return moment

    def mapping(self, ptr, value):
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.error(ptr, "expected a mapping of keys to values")
        return value

    def sequence(self, ptr, value):
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(ptr, "expected a list")
        return value

    def names(self, ptr, value, *, unique=False):
        names, seen = [], set()
        for index, item in enumerate(self.sequence(ptr, value)):
            name = self.text(pointer(ptr, index), item, required=True, max_length=100)
            if unique and name in seen:
                raise self.error(pointer(ptr, index), f"lists {name!r} twice")
            names.append(name)
            seen.add(name)
        return names

    def extra(self, ptr, mapping, known):
        """Return the keys of ``mapping`` the model does not know, as JSON values."""
        return {key: self.json(pointer(ptr, key), value) for key, value in mapping.items() if key not in known}

    def storable(self, ptr, text):
        """``text``, unless it holds a NUL character: PostgreSQL cannot store one, and
        refusing it on every database keeps SQLite and PostgreSQL alike."""
        if "\x00" in text:
            raise self.error(ptr, "contains a NUL character (\\0), which cannot be stored")
        return text

    def json(self, ptr, value):
        if isinstance(value, dict):
            return {
                self.storable(pointer(ptr, key), key): self.json(pointer(ptr, key), child)
                for key, child in value.items()
            }
        if isinstance(value, list):
            return [self.json(pointer(ptr, index), child) for index, child in enumerate(value)]
        if isinstance(value, str):
            return self.storable(ptr, value)
        if value is None or isinstance(value, (int, bool)) or (isinstance(value, float) and math.isfinite(value)):
            return value
        # Dates, times and infinities are kept as the text they were written as; recording
        # that text lets the renderer write it plain again.
        text = self.document.scalar_text(ptr)
        self.document.layout.setdefault("text", {})[ptr] = text
        return text

    def image(self, ptr, value):
        image = self.mapping(ptr, value)
        url = self.text(pointer(ptr, "url"), image.get("url"), required=True, max_length=2000)
        sizes = {
            side: self.integer(pointer(ptr, side), image.get(side), minimum=1, maximum=MAX_IMAGE_SIDE)
            for side in ("width", "height")
        }
        return {
            "url": url,
            **sizes,
            "is_cached": self.boolean(pointer(ptr, "isCached"), image.get("isCached")),
            "title": self.text(pointer(ptr, "title"), image.get("title")),
            "attribution": self.text(pointer(ptr, "attribution"), image.get("attribution"), max_length=500),
            "extra": self.extra(ptr, image, IMAGE_KEYS),
        }

    def images(self, ptr, value):
        return [self.image(pointer(ptr, index), item) for index, item in enumerate(self.sequence(ptr, value))]


# --------------------------------------------------------------------------- articles


def category_for_path(source_path):
    """The collection a file belongs to by its folder: `_learning/...` is learning."""
    first = source_path.split("/", 1)[0]
    return first[1:] if first.startswith("_") and "/" in source_path else "news"


def slug_for(source_path, title, published_at):
    """The slug of an article: a dated file name as it is, else the date and title.

    Names are read in their composed (NFC) form, which links and browsers use: macOS writes
    ``é`` in file names as ``e`` and an accent.
    """
    name = unicodedata.normalize("NFC", source_path.rsplit("/", 1)[-1].rsplit(".", 1)[0])
    if DATED_NAME.match(name):
        return name
    date = published_at.strftime("%Y-%m-%d-") if published_at else ""
    return (date + title_slug(title))[:200].strip("-") or title_slug(name) or "article"


def title_slug(title):
    """``title`` as a slug: in ASCII, as the original sites wrote them ("Café" -> "cafe"),
    unless that would drop letters (Greek, Cyrillic, Chinese...), which are then kept."""
    slug = slugify(title, allow_unicode=True)
    unaccented = "".join(char for char in unicodedata.normalize("NFKD", slug) if not unicodedata.combining(char))
    return slugify(title) if unaccented.isascii() else slug


def read_article(document, *, path):
    """Check an article document and return what to save, or raise FrontMatterError."""
    read = _Reader(document, path)
    data = document.data
    fields = {
        name: read.text("/" + key, data.get(key), max_length=_max_length(Article, name))
        for key, name in ARTICLE_FIELDS.items()
    }
    if not fields["title"].strip():
        raise read.error("/title", "is required")
    if category := read.text("/category", data.get("category")):
        fields["category"] = read.check("/category", category, validate_category)
    else:
        fields["category"] = category_for_path(path)
        try:
            validate_category(fields["category"])
        except ValidationError as error:
            raise FrontMatterError(f"its folder: {error.messages[0]}", path=path) from None
        _keep_left_empty(document, "category")
    fields["published_at"] = read.timestamp("/publishedDateTime", data.get("publishedDateTime"))
    fields["quality"] = read.integer("/quality", data.get("quality"))
    fields["heat"] = read.integer("/heat", data.get("heat"), minimum=-1)
    fields["body"] = document.body

    provider = None
    fields["provider_name"], fields["provider_domain"], fields["provider_logos"] = "", "", []
    extra = {"": read.extra("", data, ARTICLE_KEYS)}
    if "provider" in data:
        mapping = read.mapping("/provider", data["provider"])
        provider = {
            "name": read.text("/provider/name", mapping.get("name"), max_length=255),
            "domain": read.checked_text("/provider/domain", mapping.get("domain"), validate_domain, max_length=255),
        }
        fields["provider_name"], fields["provider_domain"] = provider["name"], provider["domain"]
        read.images("/provider/images", mapping.get("images"))  # checked as images are; kept as they came
        fields["provider_logos"] = read.json("/provider/images", mapping.get("images") or [])
        extra["/provider"] = read.extra("/provider", mapping, ARTICLE_PROVIDER_KEYS)

    related = []
    for index, item in enumerate(read.sequence("/related", data.get("related"))):
        ptr = pointer("/related", index)
        item = read.mapping(ptr, item)
        item_fields = {
            name: read.text(pointer(ptr, key), item.get(key), max_length=_max_length(RelatedItem, name))
            for key, name in RELATED_FIELDS.items()
        }
        item_fields["published_at"] = read.timestamp(pointer(ptr, "publishedDateTime"), item.get("publishedDateTime"))
        item_fields["quality"] = read.integer(pointer(ptr, "quality"), item.get("quality"))
        item_provider = read.mapping(pointer(ptr, "provider"), item.get("provider"))
        item_fields["provider_name"] = read.text(
            pointer(ptr, "provider/name"), item_provider.get("name"), max_length=255
        )
        item_fields["provider_domain"] = read.text(
            pointer(ptr, "provider/domain"), item_provider.get("domain"), max_length=255
        )
        item_fields["extra"] = {
            "": read.extra(ptr, item, RELATED_KEYS),
            "/provider": read.extra(pointer(ptr, "provider"), item_provider, RELATED_PROVIDER_KEYS),
        }
        related.append((item_fields, read.images(pointer(ptr, "images"), item.get("images"))))

    published = read.boolean("/published", data.get("published"))
    if published and fields["published_at"] is None:
        raise read.error("/published", "needs a publishedDateTime: the site and its API list articles by it")
    _keep_left_empty(document, "published")
    return ArticleData(
        fields=fields,
        published=bool(published),
        provider=provider,
        topics=read.names("/topics", data.get("topics"), unique=True),  # an article is filed once under each
        images=read.images("/images", data.get("images")),
        related=related,
        layout=document.layout,
        extra={ptr: values for ptr, values in extra.items() if values},
    )


def _max_length(model, field_name):
    return model._meta.get_field(field_name).max_length


def _keep_left_empty(document, key):
    """Record in the layout that the file left ``key`` empty (null, ~ or nothing after the
    colon), so an export writes it empty again while the record holds what that stands for."""
    if key in document.data and document.data[key] is None:
        document.layout.setdefault("text", {}).setdefault(pointer("", key), "")  # unless spelled null, ~


def _left_empty(layout, key):
    """Whether the file whose ``layout`` this is left ``key`` empty (see ``_keep_left_empty``)."""
    return layout.get("text", {}).get(pointer("", key)) in NULL_SPELLINGS


def _present(layout, ptr, key, value):
    """Write a key the file had, or one the file lacked that now carries a value."""
    if key in layout.get("order", {}).get(ptr, ()):
        return True
    return value not in (None, "", [], {})


def _put(data, layout, ptr, key, value):
    if _present(layout, ptr, key, value):
        if value in ("", []) and layout.get("style", {}).get(pointer(ptr, key)) == PLAIN:
            value = None  # the file left it empty (null); columns and lists store that as "" or []
        data[key] = value


def _image_data(image, layout, ptr):
    data = {}
    for key, column in (("url", "url"), ("width", "width"), ("height", "height"), ("isCached", "is_cached"),
                        ("title", "title"), ("attribution", "attribution")):  # fmt: skip
        _put(data, layout, ptr, key, image[column])
    data.update(other_keys(image["extra"], IMAGE_KEYS))
    return data


def article_document(article, parts):
    """Build the front-matter document of an article from its row and its ``ArticleParts``."""
    layout = _follow_list_items(
        article.layout or NEW_ARTICLE_LAYOUT,
        {
            "/images": [image["position"] for image in parts.images],
            "/related": [item["position"] for item in parts.related],
        },
    )
    extra = article.extra or {}
    data = {}
    implied_category = category_for_path(article.source_path)
    if article.category != implied_category or "category" in layout.get("order", {}).get("", ()):
        # A file that left it empty (null) keeps it empty while its folder names the collection.
        left_empty = article.category == implied_category and _left_empty(layout, "category")
        data["category"] = None if left_empty else article.category
    for key in ARTICLE_KEYS[1:]:
        if key == "publishedDateTime":
            _put(data, layout, "", key, article.published_at)
        elif key in ARTICLE_FIELDS:
            _put(data, layout, "", key, getattr(article, ARTICLE_FIELDS[key]))
        elif key in ("quality", "heat"):
            _put(data, layout, "", key, getattr(article, key))
        elif key == "published":
            if article.is_published or key in layout.get("order", {}).get("", ()):
                # A file that left it empty (null) keeps it empty while the article is unpublished.
                data[key] = article.is_published or (None if _left_empty(layout, "published") else False)
        elif key == "provider":
            if article.provider_id or "provider" in layout.get("order", {}).get("", ()):
                data["provider"] = _provider_data(article, layout, extra)
        elif key == "topics":
            _put(data, layout, "", key, list(parts.topics))
        elif key == "images":
            images = [_image_data(image, layout, f"/images/{index}") for index, image in enumerate(parts.images)]
            _put(data, layout, "", key, images)
        elif key == "related":
            related = [_related_data(item, layout, f"/related/{index}") for index, item in enumerate(parts.related)]
            _put(data, layout, "", key, related)
    data.update(other_keys(extra.get("", {}), ARTICLE_KEYS))
    return Document(data=data, body=article.body, layout=layout)


_LIST_ITEM = re.compile(r"^([kv]?)(/images|/related)/(\d+)(?=/|$)")


def _follow_list_items(layout, positions):
    """The layout with each image's and related item's formatting moved to where the item
    now stands, so deleting one item does not give the next one its formatting.

    ``positions`` maps a list to the position each of its items had in the file (their
    ``position`` column, set on import), in their current order. An item an editor added
    takes the formatting of the file's item at its position, if no other item kept it.
    What sits before a moved item (blank lines, a comment ending the line above, the first
    item's "key:" lead) is not moved: it belonged to its neighbours, and the item gets the
    plain lead of its new place.
    """
    moves = {}
    for ptr, old_positions in positions.items():
        moved = {}
        for index, old in enumerate(old_positions):
            moved.setdefault(old, index)
        if any(old != new for old, new in moved.items()) or len(moved) < len(old_positions):
            moves[ptr] = moved
    if not moves:
        return layout

    def follow(name, section):
        match = _LIST_ITEM.match(name)
        if match is None or match[2] not in moves:
            return name
        old = int(match[3])
        new = moves[match[2]].get(old)
        if new is None or (section == "gaps" and new != old):
            return None
        return f"{match[1]}{match[2]}/{new}{name[match.end() :]}"

    followed = dict(layout)
    for section in ("order", "style", "text", "gaps"):
        if section in layout:
            renamed = ((follow(name, section), value) for name, value in layout[section].items())
            followed[section] = {name: value for name, value in renamed if name is not None}
    return followed


def _provider_data(article, layout, extra):
    provider = {}
    # An imported article keeps its own spelling (or its lack of one); a new one takes the provider's.
    name = article.provider_name or ("" if article.layout or not article.provider else article.provider.name)
    _put(provider, layout, "/provider", "name", name)
    domain = article.provider.domain if article.provider else ""
    # The file's letter case, while it still names the provider (a merge gives the article another).
    if domain_key(article.provider_domain) == domain_key(domain):
        domain = article.provider_domain
    provider["domain"] = domain
    _put(provider, layout, "/provider", "images", [dict(logo) for logo in article.provider_logos])
    provider.update(other_keys(extra.get("/provider", {}), ARTICLE_PROVIDER_KEYS))
    return provider


def _related_data(item, layout, ptr):
    data = {}
    for key in RELATED_KEYS:
        if key == "publishedDateTime":
            _put(data, layout, ptr, key, item["published_at"])
        elif key in RELATED_FIELDS:
            _put(data, layout, ptr, key, item[RELATED_FIELDS[key]])
        elif key == "quality":
            _put(data, layout, ptr, key, item["quality"])
        elif key == "provider":
            provider = {}
            _put(provider, layout, pointer(ptr, "provider"), "name", item["provider_name"])
            _put(provider, layout, pointer(ptr, "provider"), "domain", item["provider_domain"])
            provider.update(other_keys(item["extra"].get("/provider", {}), RELATED_PROVIDER_KEYS))
            _put(data, layout, ptr, key, provider if item["provider_name"] or item["provider_domain"] else None)
        elif key == "images":
            images = [_image_data(image, layout, f"{ptr}/images/{index}") for index, image in enumerate(item["images"])]
            _put(data, layout, ptr, key, images)
    data.update(other_keys(item["extra"].get("", {}), RELATED_KEYS))
    return data


# --------------------------------------------------------------------------- providers and topics


def read_organization(document, *, path):
    """Check a `_data/organizations/<domain>.md` document; return Provider fields and logos."""
    read = _Reader(document, path)
    if document.body.strip():  # a provider has no body to keep it in
        raise FrontMatterError(
            "an organization file ends at its closing '---', but this one has text after it", path=path
        )
    if document.body:  # blank lines after the closing fence, which are how the file looks
        document.layout["body"] = document.body
    data = document.data
    fields = {
        "domain": read.checked_text("/domain", data.get("domain"), validate_domain, max_length=255),
        "name": read.text("/name", data.get("name"), required=True, max_length=255),
        "description": read.text("/description", data.get("description")),
        "other_names": read.names("/otherNames", data.get("otherNames")),
        "extra": read.extra("", data, ORGANIZATION_KEYS[2:]),
        "layout": document.layout,
    }
    logos = []
    for index, image in enumerate(read.images("/images", data.get("images"))):
        ptr = pointer("/images", index)
        # A logo has columns for its address and size only: the image's other keys are its extra.
        extra = read.extra(ptr, data["images"][index], LOGO_KEYS)
        logos.append({"url": image["url"], "width": image["width"], "height": image["height"], "extra": extra})
    return fields, logos


def organization_document(provider):
    layout = provider.layout or {"order": {"": ORGANIZATION_KEYS}}
    data = {}
    data.update(
        other_keys(provider.extra, ORGANIZATION_KEYS[2:]) or {"taxonomy": "organization", "_id": provider.domain}
    )
    # What makes this an organization file, whatever the file data says; kept in the file's letter case.
    if file_taxonomy(data) != "organization":
        data["taxonomy"] = "organization"
    _put(data, layout, "", "name", provider.name)
    _put(data, layout, "", "otherNames", list(provider.other_names))
    _put(data, layout, "", "domain", provider.domain)
    _put(data, layout, "", "description", provider.description)
    logos = []
    for index, logo in enumerate(provider.logos.all()):
        logo_data = {}
        for key in ("url", "width", "height"):
            _put(logo_data, layout, f"/images/{index}", key, getattr(logo, key))
        logos.append({**logo_data, **other_keys(logo.extra, LOGO_KEYS)})
    _put(data, layout, "", "images", logos)
    return Document(data=data, body=layout.get("body", ""), layout=layout)


def read_topic(document, *, path):
    """Check a `_data/topics/NN-<id>.yaml` document; return Topic fields and the parent name."""
    read = _Reader(document, path)
    data = document.data
    fields = {
        "slug": read.checked_text("/_id", data.get("_id"), validate_topic_id, max_length=100),
        "name": read.text("/name", data.get("name"), required=True, max_length=100),
        "shortname": read.text("/shortname", data.get("shortname"), max_length=100),
        "keywords": read.names("/keywords", data.get("keywords")),
        "hashtags": read.names("/hashtags", data.get("hashtags")),
        "extra": read.extra("", data, TOPIC_KEYS[1:]),
        "layout": document.layout,
    }
    parent = read.text("/parent", data.get("parent")).strip()
    if parent == fields["name"]:
        raise read.error("/parent", "names the topic itself; a topic cannot be its own parent")
    return fields, parent


def topic_document(topic):
    layout = topic.layout or {"fenced": False, "order": {"": TOPIC_KEYS}}
    data = {}
    data.update(other_keys(topic.extra, TOPIC_KEYS[1:]))
    # What makes this a topic file, whatever the file data says; kept in the file's letter case.
    if file_taxonomy(data) != "topic":
        data["taxonomy"] = "topic"
    data["_id"] = topic.slug
    _put(data, layout, "", "name", topic.name)
    _put(data, layout, "", "shortname", topic.shortname)
    _put(data, layout, "", "parent", topic.parent.name if topic.parent else None)
    _put(data, layout, "", "keywords", list(topic.keywords))
    _put(data, layout, "", "hashtags", list(topic.hashtags))
    return Document(data=data, layout=layout)
