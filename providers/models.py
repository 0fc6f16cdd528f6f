"""Providers: the organizations articles come from, identified by their domain."""

from django.db import models


class Provider(models.Model):
    domain = models.CharField(max_length=255, unique=True)
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    other_names = models.JSONField(default=list, blank=True)
    # Set for providers that came from (or go to) a `_data/organizations/<domain>.md` file.
    source_path = models.CharField(max_length=255, unique=True, null=True, blank=True)
    extra = models.JSONField(
        default=dict, blank=True, help_text="File keys the model does not know, kept as they came."
    )
    layout = models.JSONField(default=dict, blank=True, editable=False)
    source_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.domain})"


class ProviderLogo(models.Model):
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="logos")
    position = models.PositiveIntegerField(default=0)
    url = models.CharField(max_length=2000)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["provider", "position", "id"]

    def __str__(self):
        return self.url
