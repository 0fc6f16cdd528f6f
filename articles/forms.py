"""Admin forms that keep what the editor did not change byte for byte."""

from django import forms


def same_text(submitted, stored):
    """Browsers send text-area newlines as CRLF; that alone is not an edit."""
    return submitted.replace("\r\n", "\n") == stored.replace("\r\n", "\n")


class FaithfulModelForm(forms.ModelForm):
    """A model form that neither strips whitespace nor turns newlines into CRLF.

    An article opened and saved unchanged must export exactly as before, and imported
    titles and excerpts can legitimately end in a space.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            if isinstance(form_field, forms.CharField):
                form_field.strip = False

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if not isinstance(value, str):
                continue
            stored = self.initial.get(name)
            if isinstance(stored, str) and same_text(value, stored):
                cleaned[name] = stored
            else:
                cleaned[name] = value.replace("\r\n", "\n")
        return cleaned
