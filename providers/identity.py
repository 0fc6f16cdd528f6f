"""One provider per domain, whatever spelling an article uses for its name or its domain.

``Provider.objects.for_domain`` finds a provider by its domain in any letter case (DNS
ignores it: LinkedIn.com is linkedin.com; ``domain_key``), following merges, so
re-importing an old file does not bring a merged provider back. Each file keeps its own
letter case: an organization file's is its provider's domain, an article's is kept in
``Article.provider_domain``. Spellings other than the provider's name are kept as its
other names, except for providers described by an organization file: there the file owns
``otherNames``, and importing articles must not rewrite it (each article keeps its own
spelling in ``Article.provider_name`` anyway).
"""


def domain_key(domain):
    """What a domain is known by: its letters in lower case, as the database's ``Lower`` writes
    them (SQLite's lowers ASCII letters only, as DNS compares them)."""
    return domain.lower()


def keep_spelling(provider, name):
    """Record ``name`` among the provider's other names if it is a new spelling, unless an
    organization file describes the provider (the file owns its other names)."""
    if not name or provider.source_path is not None or name == provider.name or name in provider.other_names:
        return
    provider.other_names = [*provider.other_names, name]
    provider.save(update_fields=["other_names"])
