"""Site-wide request and response rules.

``ContentSecurityPolicyMiddleware`` puts a Content Security Policy on every page: a second
line of defence behind the sanitizers.

Imported text is escaped and imported HTML is cleaned (``articles.html``); should anything
slip through, the browser still runs no script but the site's own files, frames no player
but those ``EMBED_SOURCES`` allows, and lets no other site frame the pages. Pictures may
come from anywhere, as imported articles link them from their providers' sites. With
``DEBUG`` the policy is only reported (in the browser console), so Django's debug pages,
which carry their own inline styles and scripts, still work.
"""

from django.conf import settings
from django.core.exceptions import BadRequest

from articles.html import EMBED_SOURCES

POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' https: http: data:",
        "frame-src " + " ".join(f"https://{host}" for host in EMBED_SOURCES),
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.header = "Content-Security-Policy-Report-Only" if settings.DEBUG else "Content-Security-Policy"

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault(self.header, POLICY)
        return response


class RefuseNulCharactersMiddleware:
    """Answer 400 to an address whose path or query holds a NUL (``%00``).

    PostgreSQL cannot store or even compare text holding one, so any view that looks such a
    value up (an article slug, a search, an admin list filter) would fail with a 500. No
    stored text holds one: imports refuse NUL characters and Django's form fields too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = (key + "".join(values) for key, values in request.GET.lists())
        if "\x00" in request.path or any("\x00" in text for text in query):
            raise BadRequest("The address holds a NUL character.")
        return self.get_response(request)
