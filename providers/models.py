"""Providers: the organizations articles come from, identified by their domain.

A domain names one provider in any letter case, however articles spell its name; a provider
merged into another leaves a ``ProviderMerge`` behind, so its domain keeps leading to the survivor.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower

from .identity import domain_key


def validate_domain(domain):
    """Refuse a domain that cannot name the provider's page (``/providers/<domain>/``)."""
    if "/" in domain or " " in domain or not domain.isprintable() or domain in (".", ".."):
        raise ValidationError(
            "%(domain)r is not a domain name like example.com: it cannot be part of a page address.",
            params={"domain": domain},
            code="invalid_domain",
        )


class ProviderQuerySet(models.QuerySet):
    def with_domain(self, domain):
        """The providers whose domain is ``domain`` in any letter case, the one spelled so first
        (imports made before letter case was set aside may have made one for each spelling)."""
        spelled_so_first = models.Case(models.When(domain=domain, then=0), default=1)
        return self.alias(key=Lower("domain")).filter(key=domain_key(domain)).order_by(spelled_so_first)

    def for_domain(self, domain):
        """The provider known by ``domain`` in any letter case: its own, or the one it was merged into."""
        provider = self.with_domain(domain).first()
        if provider is None:
            merges = ProviderMerge.objects.alias(key=Lower("merged_domain")).filter(key=domain_key(domain))
            merge = merges.select_related("provider").first()
            provider = merge.provider if merge else None
        return provider


class Provider(models.Model):
    domain = models.CharField(max_length=255, unique=True, validators=[validate_domain])
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
    source_text = models.TextField(blank=True, editable=False)  # the file as last imported
    logo = models.ImageField(
        upload_to="organizations/originals/",
        blank=True,
        help_text="The logo staff uploaded; its 50x50 and 400x400 renditions become the provider's logos.",
    )

    objects = ProviderQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(Lower("domain"), name="provider_domain_any_case")]

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


class ProviderMerge(models.Model):
    """A provider merged into another: what it was, who merged it, and its domain as an alias."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="merges")
    merged_domain = models.CharField(max_length=255)
    merged_name = models.CharField(max_length=255)
    merged_data = models.JSONField(
        default=dict, blank=True, help_text="The merged provider's other fields, as they were."
    )
    articles_moved = models.PositiveIntegerField(default=0)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-merged_at", "-id"]
        indexes = [models.Index(Lower("merged_domain"), name="provider_merge_domain_any_case")]

    def __str__(self):
        return f"{self.merged_name} ({self.merged_domain}) merged into {self.provider.domain}"
