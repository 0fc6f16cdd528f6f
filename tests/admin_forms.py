"""Admin forms posted back as a browser would post them."""

from html.parser import HTMLParser


class BrowserForm(HTMLParser):
    """Collects what a browser would submit for the admin change form."""

    def __init__(self):
        super().__init__()
        self.data = []
        self.textarea = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data.append((self.select, attrs.get("value", "")))

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea:
            name, value = self.textarea
            # Browsers drop the newline after <textarea> and submit line breaks as CRLF.
            value = value.removeprefix("\n").replace("\r\n", "\n").replace("\n", "\r\n")
            self.data.append((name, value))
            self.textarea = None
        elif tag == "select":
            self.select = None


def browser_form_data(html):
    """The fields of the page's forms with the values a browser would submit (first value of each name)."""
    form = BrowserForm()
    form.feed(html)
    data = {}
    for name, value in form.data:
        data.setdefault(name, value)
    data.pop("_addanother", None)
    data.pop("_continue", None)
    return data
