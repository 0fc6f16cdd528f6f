"""Addresses of merged topics and providers lead to the survivor's.

A merge deletes the merged topic or provider, but links to its page, feed subscriptions
and API clients still ask for its slug or domain. Where such an address finds nothing,
it answers 301 with the same address for the topic or provider it was merged into, if
that one is public (a redirect must not reveal a name only unpublished articles use).
"""

import functools

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse

from providers.models import Provider

from .models import Topic, TopicMerge, public_providers


def merged_topic_slug(slug):
    """The slug of the public topic that the topic once at ``slug`` was merged into, if any."""
    if Topic.objects.filter(slug=slug).exists():
        return None
    merges = TopicMerge.objects.filter(merged_slug=slug, topic__in=Topic.objects.public())
    return merges.values_list("topic__slug", flat=True).first()


def merged_provider_domain(domain):
    """The domain of the public provider that ``domain`` leads to when it is not that provider's
    own: the provider once at ``domain`` was merged into it, or ``domain`` is in other letter case."""
    provider = Provider.objects.for_domain(domain)
    if provider is None or provider.domain == domain:
        return None
    return provider.domain if public_providers().filter(pk=provider.pk).exists() else None


def follow_topic_merges(view, argument="slug"):
    """Wrap a view whose URL names a topic's slug in ``argument``."""
    return _follow_merges(view, argument, merged_topic_slug)


def follow_provider_merges(view):
    """Wrap a view whose URL names a provider's domain."""
    return _follow_merges(view, "domain", merged_provider_domain)


def _follow_merges(view, argument, survivor):
    @functools.wraps(view)
    def followed(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            target = survivor(kwargs[argument])
            if target is None:
                raise
        match = request.resolver_match
        address = reverse(match.view_name, kwargs={**match.kwargs, argument: target})
        query = request.META.get("QUERY_STRING")
        return HttpResponsePermanentRedirect(f"{address}?{query}" if query else address)

    return followed
