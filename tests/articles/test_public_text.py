"""Imported titles and excerpts carry HTML entities; readers see the characters, never markup."""

import pytest

from tests.articles.public_site_factory import make_article

pytestmark = pytest.mark.django_db


def test_entities_in_imported_text_show_as_the_characters_they_stand_for(client):
    article = make_article("What&#8217;s next for the workspace", excerpt="In Nov&#8217;19 we said &quot;soon&quot;.")
    for url in ("/", article.get_absolute_url(), "/feeds/rss/"):
        page = client.get(url).content.decode()
        assert "What’s next for the workspace" in page, url
        assert "&#8217;" not in page and "&amp;#8217;" not in page, url


def test_decoded_entities_are_escaped_again_so_no_markup_gets_through(client):
    article = make_article("&lt;script&gt;alert(1)&lt;/script&gt; headline", excerpt="<b>bold</b> &lt;i&gt;")
    for url in ("/", article.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "<script>alert(1)" not in page and "<b>bold</b>" not in page, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt; headline" in page, url
