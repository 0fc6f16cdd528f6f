"""Merging two providers into one: the articles move, nothing else is lost.

It lives in the articles app because moving articles is most of the work, and
``providers`` must not know about articles. What a merge does:

- every article of the merged provider now belongs to the surviving one; each keeps its
  own spelling of the provider's name (``provider_name``) and the logos it came with,
  but its file now names the survivor's domain, and the article's history notes the move;
- the merged provider's name and other names become other names of the survivor
  (so the survivor's organization file may change); its description and logos are taken
  only where the survivor has none, and a survivor without an organization file gets one
  (``<its domain>.md`` beside the merged provider's, numbered if another record holds that
  path), since an export writes only those;
- a ``ProviderMerge`` records who merged what and keeps the merged provider's fields; its
  domain then leads to the survivor (``Provider.objects.for_domain``), so importing an old
  file does not bring the merged provider back.
"""

from pathlib import PurePosixPath

from django.db import transaction

from providers.models import Provider, ProviderMerge

from . import editing, workflow
from .models import Article, ArticleEvent, holds_file


class MergeRefused(Exception):
    """A merge that cannot be done; the message says why."""


@transaction.atomic
def merge_providers(merged, *, into, by):
    """Merge the provider ``merged`` into ``into``, moving its articles; return the record."""
    if merged.pk == into.pk:
        raise MergeRefused(f"{into} cannot be merged into itself.")
    locked = {
        provider.pk: provider for provider in Provider.objects.select_for_update().filter(pk__in=[merged.pk, into.pk])
    }
    if len(locked) != 2:
        raise MergeRefused("One of the providers no longer exists.")
    merged, into = locked[merged.pk], locked[into.pk]
    merged_data = {
        "description": merged.description,
        "other_names": merged.other_names,
        "source_path": merged.source_path,
        "logos": [{"url": logo.url, "width": logo.width, "height": logo.height} for logo in merged.logos.all()],
    }

    article_ids = list(Article.objects.filter(provider=merged).values_list("pk", flat=True))
    Article.objects.filter(pk__in=article_ids).update(provider=into)
    note = f"Provider {merged.name} ({merged.domain}) merged into {into.name} ({into.domain})."
    workflow.record_change(article_ids, by=by, action=ArticleEvent.Action.PROVIDER_MERGED, note=note)

    into.other_names = _other_names(into, merged)
    if not into.description:
        into.description = merged.description
    if not into.logos.exists():
        merged.logos.update(provider=into)
    if merged.source_path and not into.source_path:
        # What the survivor took from the merged provider's file goes on in a file of its own.
        stem = PurePosixPath(merged.source_path).with_name(into.domain)
        into.source_path = editing.numbered(str(stem), holds_file, ".md")
    into.save()

    merged.merges.update(provider=into)  # domains merged into the merged one follow it
    record = ProviderMerge.objects.create(
        provider=into,
        merged_domain=merged.domain,
        merged_name=merged.name,
        merged_data=merged_data,
        articles_moved=len(article_ids),
        merged_by=by,
    )
    merged.delete()
    return record


def _other_names(into, merged):
    names = [*into.other_names]
    for name in (merged.name, *merged.other_names):
        if name and name != into.name and name not in names:
            names.append(name)
    return names
