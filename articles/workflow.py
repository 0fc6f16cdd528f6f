"""The editorial review workflow: every change of an article's review state happens here.

States (``Article.Status``) and the moves between them::

    verb        from                               to           who
    approve     in review, rejected                approved     Reviewers, Publishers
    reject      in review, approved, unpublished   rejected     Reviewers, Publishers
    reopen      approved, rejected, unpublished    in review    Reviewers, Publishers
    publish     approved, unpublished              published    Publishers
    unpublish   published                          unpublished  Publishers

Two more moves are not a reviewer's decision: an imported file whose ``published`` flag
changed moves the article to published (from any state) or to unpublished (from
published), credited to whoever imported through the admin (no one from the command
line), and the scheduler publishes approved articles whose go-live time has come. Scoring (any
state, Reviewers) changes no state; scheduling (Publishers) sets a go-live time on an
approved or unpublished article, which leaves it approved until the scheduler runs.

Editing what an article says (its text, topics, images, related items) is open to
Reviewers until the article is published or scheduled to go live; from then on it is
the Publishers': a reviewer's edit would reach readers without the look that publishing
takes (``may_edit``).

Publishing, or scheduling, an article whose quality is below
``settings.NEWSROOM_MIN_PUBLISH_QUALITY`` (or unscored) needs an override reason, which
the history records. Every function locks the row, checks state and permission (raising
``InvalidTransition`` or ``PermissionDenied`` with a message that names the state), bumps
``version`` so stale forms are refused, saves, writes one ``ArticleEvent``, and, once the
transaction commits, makes the cached public pages stale.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .caching import invalidate_public_pages
from .models import Article, ArticleEvent

Status = Article.Status
Action = ArticleEvent.Action
REVIEW = "articles.review_article"
PUBLISH = "articles.publish_article"


@dataclass(frozen=True)
class Transition:
    action: ArticleEvent.Action  # what the history calls it
    sources: frozenset
    target: str
    permission: str | None  # None: only the system (import, scheduler) makes this move


TRANSITIONS = {
    "approve": Transition(Action.APPROVE, frozenset({Status.IN_REVIEW, Status.REJECTED}), Status.APPROVED, REVIEW),
    "reject": Transition(
        Action.REJECT, frozenset({Status.IN_REVIEW, Status.APPROVED, Status.UNPUBLISHED}), Status.REJECTED, REVIEW
    ),
    "reopen": Transition(
        Action.REOPEN, frozenset({Status.APPROVED, Status.REJECTED, Status.UNPUBLISHED}), Status.IN_REVIEW, REVIEW
    ),
    "publish": Transition(Action.PUBLISH, frozenset({Status.APPROVED, Status.UNPUBLISHED}), Status.PUBLISHED, PUBLISH),
    "unpublish": Transition(Action.UNPUBLISH, frozenset({Status.PUBLISHED}), Status.UNPUBLISHED, PUBLISH),
    # The file is the authority on import: its `published` flag moves the article.
    "import_publish": Transition(Action.PUBLISH, frozenset(Status) - {Status.PUBLISHED}, Status.PUBLISHED, None),
    "import_unpublish": Transition(Action.UNPUBLISH, frozenset({Status.PUBLISHED}), Status.UNPUBLISHED, None),
    "go_live": Transition(Action.PUBLISH, frozenset({Status.APPROVED}), Status.PUBLISHED, None),
}
# The verbs people use, as messages word them: what they tried, and what was done.
VERB_WORDS = {
    "approve": ("approve", "approved"),
    "reject": ("reject", "rejected"),
    "reopen": ("send back to review", "sent back to review"),
    "publish": ("publish", "published"),
    "unpublish": ("unpublish", "unpublished"),
}
USER_VERBS = list(VERB_WORDS)
SCHEDULABLE = frozenset({Status.APPROVED, Status.UNPUBLISHED})
ROLE_NAMES = {REVIEW: "Reviewers", PUBLISH: "Publishers"}
# A time typed to the minute may be a few seconds old when it arrives; it means "now".
SCHEDULE_TOLERANCE = datetime.timedelta(minutes=1)


class InvalidTransition(Exception):
    """A move the workflow does not allow from the article's current state."""


class StaleEdit(InvalidTransition):
    """The article changed since the editor loaded it; saving would overwrite that change."""


@dataclass
class BulkOutcome:
    done: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (article, reason)

    def summary(self, verb_past):
        text = f"{len(self.done)} {verb_past}"
        if self.skipped:
            reasons = "; ".join(reason.rstrip(".") for _article, reason in self.skipped[:5])  # each names its article
            more = f" (and {len(self.skipped) - 5} more)" if len(self.skipped) > 5 else ""
            text += f"; {len(self.skipped)} skipped — {reasons}{more}"
        return text


def minimum_quality():
    return settings.NEWSROOM_MIN_PUBLISH_QUALITY


def below_minimum(quality):
    return quality is None or quality < minimum_quality()


def below_minimum_condition():
    """``below_minimum`` as a condition on articles: unscored ones are below it too."""
    return Q(quality__isnull=True) | Q(quality__lt=minimum_quality())


def state_label(status):
    return Status(status).label.lower()


def allowed_verbs(article, user):
    """The user verbs the article's state and the user's permissions allow, in table order."""
    return [
        verb
        for verb in USER_VERBS
        if article.status in TRANSITIONS[verb].sources and user.has_perm(TRANSITIONS[verb].permission)
    ]


def may_edit(user, article):
    """Whether ``user`` may change what ``article`` says; what readers see, or will see at
    a set go-live time, only Publishers may change. Scoring is not editing."""
    if article.status == Status.PUBLISHED or article.go_live_at is not None:
        return user.has_perm(PUBLISH)
    return user.has_perm("articles.change_article")


def require_may_edit(user, article):
    if not may_edit(user, article):
        state = "published" if article.status == Status.PUBLISHED else "scheduled to go live"
        raise PermissionDenied(
            f"You are not allowed to edit “{article.title[:80]}”: it is {state}, "
            f"and changing it then takes the {ROLE_NAMES[PUBLISH]} role."
        )


# -- the verbs


def article_approve(article, *, by, note="", expected_version=None):
    """Approve the article for publishing."""
    return _transition(article, "approve", by=by, note=note, expected_version=expected_version)


def article_reject(article, *, by, reason, note="", expected_version=None):
    """Reject the article for one of the team's rejection reasons."""
    return _transition(article, "reject", by=by, note=note, reason=reason, expected_version=expected_version)


def article_reopen(article, *, by, note="", expected_version=None):
    """Send the article back to the review queue."""
    return _transition(article, "reopen", by=by, note=note, expected_version=expected_version)


def article_publish(article, *, by, note="", override_reason="", expected_version=None):
    """Publish the article now; below the quality minimum only with an override reason."""
    return _transition(
        article, "publish", by=by, note=note, override_reason=override_reason, expected_version=expected_version
    )


def article_unpublish(article, *, by, note="", expected_version=None):
    """Take the article off the public site."""
    return _transition(article, "unpublish", by=by, note=note, expected_version=expected_version)


VERB_FUNCTIONS = {
    "approve": article_approve,
    "reject": article_reject,
    "reopen": article_reopen,
    "publish": article_publish,
    "unpublish": article_unpublish,
}


def decide(
    article, verb, *, by, expected_version, note="", quality=None, go_live_at=None, reason=None, override_reason=""
):
    """One decision posted for one article: a user verb, ``score`` or ``schedule``; each
    takes the values it uses."""
    common = {"by": by, "expected_version": expected_version, "note": note}
    if verb == "score":
        return article_score(article, quality=quality, **common)
    if verb == "schedule":
        return article_schedule(article, go_live_at=go_live_at, override_reason=override_reason, **common)
    if verb == "reject":
        common["reason"] = reason
    if verb == "publish":
        common["override_reason"] = override_reason
    return VERB_FUNCTIONS[verb](article, **common)


def article_score(article, *, by, quality, note="", expected_version=None):
    """Set the article's quality score."""
    with transaction.atomic():
        locked = _lock(article, expected_version)
        _require(by, REVIEW, "score articles")
        event = _event(locked, by, Action.SCORE, note=note, quality_after=quality)
        locked.quality = quality
        _save(locked, article, ["quality"])
        event.save()
        return event


def article_schedule(article, *, by, go_live_at, note="", override_reason="", expected_version=None):
    """Set (or, with ``go_live_at=None``, clear) the time the scheduler publishes the article."""
    with transaction.atomic():
        locked = _lock(article, expected_version)
        event = _schedule(locked, by, go_live_at, note=note, override_reason=override_reason)
        _save(locked, article, ["go_live_at"])
        event.save()
        return event


def save_article_edits(article, *, by, expected_version, note="", edited=()):
    """Save an editor's form, refusing it if stale; record a changed quality score and the
    names of the other fields the editor ``edited``, the ``note`` with the score (else with
    the edit). A note alone is recorded as it is, without a new version.

    The review state and go-live time are never taken from a form, only from the row.
    """
    with transaction.atomic():
        locked = _lock(article, expected_version)
        events = []
        if article.quality != locked.quality:
            _require(by, REVIEW, "score articles")
            events.append(_event(locked, by, Action.SCORE, note=note, quality_after=article.quality))
        if edited:
            require_may_edit(by, locked)
            changed = f"Changed {', '.join(edited)}"
            # Without a new score to carry it, the editor's note goes with the edit.
            edit_note = f"{changed}; {note}" if note and not events else f"{changed}."
            events.append(_event(locked, by, Action.EDIT, note=edit_note))
        if note and not events:  # a note alone, nothing ``edited``: the article is as it was
            events.append(_event(locked, by, Action.NOTE, note=note))
            ArticleEvent.objects.bulk_create(events)
            return events
        for name in ("status", "rejection_reason_id", "go_live_at"):
            setattr(article, name, getattr(locked, name))
        article.version = locked.version + 1
        article.save()
        ArticleEvent.objects.bulk_create(events)
        transaction.on_commit(invalidate_public_pages)
        return events


def record_change(article_ids, *, by, action, note):
    """Note a change made to the articles by other means than their own form (a topic
    renamed, a provider merged, a related item edited): a new version, and a history row."""
    Article.objects.filter(pk__in=article_ids).update(version=F("version") + 1, updated_at=timezone.now())
    ArticleEvent.objects.bulk_create(
        ArticleEvent(article_id=article_id, actor=by, action=action, note=note) for article_id in article_ids
    )
    transaction.on_commit(invalidate_public_pages)


def publish_from_file(article, *, published, by=None):
    """Follow an imported file's ``published`` flag; record the move as the import's, by whoever imported."""
    if published and article.status != Status.PUBLISHED:
        return _transition(article, "import_publish", by=by, note="import")
    if not published and article.status == Status.PUBLISHED:
        return _transition(article, "import_unpublish", by=by, note="import")
    return None


def publish_new_from_files(articles, *, by=None):
    """Publish new, not yet saved articles whose files say ``published: true``.

    Return their history rows, to be saved once the articles are: an import inserts a
    batch of new articles at once, and each still goes through the same guard.
    """
    return [_apply(article, TRANSITIONS["import_publish"], by=by, note="import") for article in articles]


def due_for_go_live(now=None):
    """Approved articles whose go-live time has come."""
    return Article.objects.filter(status=Status.APPROVED, go_live_at__lte=now or timezone.now())


# The scheduler runs every minute: an article still waiting this long after its time is stuck.
GO_LIVE_GRACE = datetime.timedelta(minutes=5)


def overdue_go_live(now=None):
    """Articles whose go-live time passed a while ago without them going live."""
    cutoff = (now or timezone.now()) - GO_LIVE_GRACE
    return Article.objects.filter(go_live_at__lte=cutoff).exclude(status=Status.PUBLISHED)


def publish_due_articles(now=None):
    """Publish every article whose go-live time has come; return those published.

    Each is checked again once its row is locked: one that stopped being due meanwhile (a
    run beside this one published it, an editor rejected or rescheduled it) is left alone.
    """
    now = now or timezone.now()
    published = []
    for pk in due_for_go_live(now).order_by("go_live_at", "pk").values_list("pk", flat=True):
        with transaction.atomic():
            article = due_for_go_live(now).select_for_update().filter(pk=pk).first()
            if article is not None:
                published.append(_transition(article, "go_live", by=None, note="scheduled go-live"))
    return published


# A selection is decided in one transaction that locks its rows: a few seconds for this many.
MAX_SELECTION = 1_000


def apply_to_each(queryset, verb, *, by, loaded_versions=None, **options):
    """Run one user verb over a selection, each article through the same guard.

    The rows are locked in one query and the history rows written in one insert, so a
    selection of hundreds stays fast; an article the verb does not allow is skipped with
    the reason, and so is one whose version is no longer the one the editor's list showed
    (``loaded_versions``, pk to version): someone else changed it meanwhile, as a stale
    decision button is refused. Permission is checked once, before anything is touched; a
    selection of more than ``MAX_SELECTION`` is refused whole.
    """
    transition = TRANSITIONS[verb]
    _require(by, transition.permission, f"{verb} articles")
    outcome = BulkOutcome()
    with transaction.atomic():
        events = []
        pks = list(queryset.order_by().values_list("pk", flat=True)[: MAX_SELECTION + 1])
        if len(pks) > MAX_SELECTION:
            raise InvalidTransition(
                f"{verb} applies to at most {MAX_SELECTION:,} articles at a time: filter the list to fewer"
            )
        # Lock the bare rows: the selection may carry joins FOR UPDATE cannot apply to.
        selected = Article.objects.select_for_update().filter(pk__in=pks).order_by("pk")
        for article in selected:
            try:
                loaded_version = (loaded_versions or {}).get(article.pk)
                _require_version(article, loaded_version, "loaded the list", ": reload the list and try again.")
                events.append(_apply(article, transition, by=by, **options))
            except InvalidTransition as error:
                outcome.skipped.append((article, str(error)))
                continue
            article.save(update_fields=_TRANSITION_FIELDS)
            outcome.done.append(article)
        ArticleEvent.objects.bulk_create(events)
        transaction.on_commit(invalidate_public_pages)
    return outcome


# -- the guard


_TRANSITION_FIELDS = ["status", "rejection_reason", "go_live_at", "published_at", "version", "updated_at"]


def _transition(article, verb, *, by, expected_version=None, **options):
    transition = TRANSITIONS[verb]
    with transaction.atomic():
        locked = _lock(article, expected_version)
        if transition.permission:
            _require(by, transition.permission, f"{verb} articles")
        event = _apply(locked, transition, by=by, **options)
        locked.save(update_fields=_TRANSITION_FIELDS)
        event.save()
        transaction.on_commit(invalidate_public_pages)
        for name in ("status", "rejection_reason_id", "go_live_at", "published_at", "version"):
            setattr(article, name, getattr(locked, name))
        return locked


def _apply(article, transition, *, by, note="", reason=None, override_reason=""):
    """Check the move against the article's state and make it in memory; return its event."""
    if article.status not in transition.sources:
        allowed = " or ".join(sorted(state_label(status) for status in transition.sources))
        tried, done = VERB_WORDS[transition.action]
        raise InvalidTransition(
            f"cannot {tried} “{article.title[:80]}”: it is {state_label(article.status)}, "
            f"and only {allowed} articles can be {done}."
        )
    action = transition.action
    if transition.target == Status.REJECTED and reason is None:
        raise InvalidTransition("choose a rejection reason to reject an article.")
    if transition.target == Status.PUBLISHED and transition.permission and below_minimum(article.quality):
        _require_override(article, override_reason)
        action, note = Action.PUBLISH_OVERRIDE, _override_note(override_reason, note)
    event = _event(article, by, action, note=note, to_status=transition.target, reason=reason)
    article.status = transition.target
    article.rejection_reason = reason if transition.target == Status.REJECTED else None
    article.go_live_at = None if transition.target != Status.APPROVED else article.go_live_at
    if transition.target == Status.PUBLISHED and article.published_at is None:
        # Listings, feeds and the API order by it; whole seconds, as the files write times.
        article.published_at = timezone.now().replace(microsecond=0)
    article.version += 1
    return event


def _schedule(locked, by, go_live_at, *, note, override_reason):
    _require(by, PUBLISH, "schedule articles")
    if go_live_at is None:
        if locked.go_live_at is None:
            raise InvalidTransition(f"nothing is scheduled for “{locked.title[:80]}”, so there is nothing to cancel.")
        before = _state_before_scheduling(locked)
        event = _event(locked, by, Action.UNSCHEDULE, note=note, to_status=before)
        locked.status = before
        locked.go_live_at = None
        return event
    if go_live_at < timezone.now() - SCHEDULE_TOLERANCE:
        raise InvalidTransition(
            f"cannot schedule “{locked.title[:80]}” for {timezone.localtime(go_live_at):%Y-%m-%d %H:%M %Z}: "
            "that time has passed. Choose a later time, or publish it now."
        )
    if locked.status not in SCHEDULABLE:
        raise InvalidTransition(
            f"cannot schedule “{locked.title[:80]}”: it is {state_label(locked.status)}, "
            "and only approved or unpublished articles can be scheduled."
        )
    action = Action.SCHEDULE
    if below_minimum(locked.quality):
        _require_override(locked, override_reason)
        action, note = Action.SCHEDULE_OVERRIDE, _override_note(override_reason, note)
    note = f"go live {timezone.localtime(go_live_at):%Y-%m-%d %H:%M %Z}" + (f"; {note}" if note else "")
    # The scheduler publishes approved articles only, so a scheduled unpublished one is approved again.
    event = _event(locked, by, action, note=note, to_status=Status.APPROVED)
    locked.status = Status.APPROVED
    locked.go_live_at = go_live_at
    return event


def _state_before_scheduling(article):
    """The state a scheduled article had before its go-live time was first set: scheduling
    approves an unpublished article (the scheduler publishes approved ones only), and
    cancelling gives it back its state."""
    state = article.status
    for event in article.events.only("action", "from_status", "to_status"):  # newest first
        if event.action in (Action.SCHEDULE, Action.SCHEDULE_OVERRIDE):
            state = event.from_status
        elif event.from_status != event.to_status:
            break  # a decision before the schedule: the state it left stands
    return state


def _require_override(article, override_reason):
    if not override_reason.strip():
        score = "unscored" if article.quality is None else f"quality {article.quality}"
        raise InvalidTransition(
            f"“{article.title[:80]}” is {score}, below the publishing minimum of {minimum_quality()}: "
            "a publisher must give an override reason."
        )


def _override_note(override_reason, note):
    return f"quality override: {override_reason.strip()}" + (f"; {note}" if note else "")


def _lock(article, expected_version):
    locked = Article.objects.select_for_update().get(pk=article.pk)
    _require_version(locked, expected_version, "opened it", ". Your change was not saved: reload and try again.")
    return locked


def _require_version(locked, expected_version, loaded, what_next):
    """Refuse a change to ``locked`` made from a page that showed another version of it (none
    expected: any version)."""
    if expected_version is not None and int(expected_version) != locked.version:
        raise StaleEdit(
            f"“{locked.title[:80]}” was changed by someone else after you {loaded} "
            f"(it is now {state_label(locked.status)}){what_next}"
        )


def _require(user, permission, doing):
    if user is None or not user.has_perm(permission):
        raise PermissionDenied(f"You are not allowed to {doing}: that takes the {ROLE_NAMES[permission]} role.")


_UNCHANGED = object()


def _event(article, by, action, *, note="", to_status=None, reason=None, quality_after=_UNCHANGED):
    return ArticleEvent(
        article=article,
        actor=by,
        action=action,
        from_status=article.status,
        to_status=to_status or article.status,
        quality_before=article.quality,
        quality_after=article.quality if quality_after is _UNCHANGED else quality_after,
        reason=reason,
        note=note,
    )


def _save(locked, article, fields):
    locked.version += 1
    locked.save(update_fields=[*fields, "status", "version", "updated_at"])
    transaction.on_commit(invalidate_public_pages)
    for name in (*fields, "status", "version"):
        setattr(article, name, getattr(locked, name))
