"""One provider per domain, whatever spelling an article uses for its name.

``Provider.objects.for_domain`` finds a provider by its domain, following merges, so
re-importing an old file does not bring a merged provider back. Spellings other than
the provider's name are kept as its other names, except for providers described by an
organization file: there the file owns ``otherNames``, and importing articles must not
rewrite it (each article keeps its own spelling in ``Article.provider_name`` anyway).
"""


def keep_spelling(provider, name):
    """Record ``name`` among the provider's other names if it is a new spelling."""
    if not name or provider.source_path is not None or name == provider.name or name in provider.other_names:
        return
    provider.other_names = [*provider.other_names, name]
    provider.save(update_fields=["other_names"])
