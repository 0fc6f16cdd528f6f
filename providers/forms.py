"""Admin forms for providers, and the checked image field every image upload uses."""

from django import forms
from django.core.files.uploadedfile import UploadedFile

from newsroom.forms import KeepsUnchangedLines, LinesField

from .images import open_checked_image, stored_name
from .models import Provider


class CheckedImageField(forms.ImageField):
    """An image upload that passes ``providers.images`` checks, with their messages.

    Django's own image check runs after ours; by then the file is known to be sound.
    """

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        open_checked_image(upload)
        return super().to_python(data)


class ProviderForm(KeepsUnchangedLines, forms.ModelForm):
    other_names = LinesField(help_text="One a line: other spellings of the name that files use.")
    logo = CheckedImageField(
        required=False,
        help_text="JPEG, PNG, WebP or GIF. Saving makes the 50x50 and 400x400 logos from it.",
    )

    class Meta:
        model = Provider
        fields = ["name", "domain", "description", "other_names", "logo"]

    def clean_domain(self):
        domain = self.cleaned_data["domain"]
        if same := Provider.objects.with_domain(domain).exclude(domain=domain).first():
            raise forms.ValidationError(
                f"{domain} is {same.domain}, the domain of {same.name}, in other letter case: "
                "letter case does not tell domains apart."
            )
        return domain

    def clean_logo(self):
        logo = self.cleaned_data["logo"]
        if isinstance(logo, UploadedFile):  # a new upload, read by the field as ``logo.image``
            logo.name = stored_name(logo.name, logo.image.format)
        return logo
