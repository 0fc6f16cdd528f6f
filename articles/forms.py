"""Admin forms that keep what the editor did not change byte for byte."""

import datetime

from django import forms

from providers.forms import CheckedImageField

from . import images


def same_text(submitted, stored):
    """Browsers send text-area newlines as CRLF; that alone is not an edit."""
    return submitted.replace("\r\n", "\n") == stored.replace("\r\n", "\n")


def same_moment(submitted, stored):
    """Time widgets show whole seconds; a stored time's fraction left off is not an edit."""
    return isinstance(stored, datetime.datetime) and submitted == stored.replace(microsecond=0)


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
            stored = self.initial.get(name)
            if isinstance(value, datetime.datetime) and same_moment(value, stored):
                cleaned[name] = stored
            if not isinstance(value, str):
                continue
            if isinstance(stored, str) and same_text(value, stored):
                cleaned[name] = stored
            else:
                cleaned[name] = value.replace("\r\n", "\n")
        return cleaned


class ArticleImageForm(FaithfulModelForm):
    """An article image: a remote URL as in the file, or a file staff upload."""

    upload = CheckedImageField(
        required=False, help_text="JPEG, PNG, WebP or GIF. Its URL, width and height come from the file."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["url"].required = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("url") and not cleaned.get("upload"):
            self.add_error("url", "Give the image's URL or upload an image.")
        return cleaned

    def save(self, commit=True):
        image = super().save(commit=False)
        if "upload" in self.changed_data and self.cleaned_data["upload"]:
            images.attach_upload(image, self.cleaned_data["upload"])
        if commit:
            image.save()
            self._save_m2m()
        return image
