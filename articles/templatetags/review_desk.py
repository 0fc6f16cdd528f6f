"""The review desk summary on the admin index: counts per state and go-live problems."""

from django import template
from django.db.models import Count

from articles import workflow
from articles.models import Article

register = template.Library()


@register.simple_tag(takes_context=True)
def review_desk(context):
    """Counts per review state and the articles whose go-live time passed unpublished."""
    user = context["request"].user
    if not user.has_perm("articles.view_article"):
        return None
    counts = dict(Article.objects.order_by().values_list("status").annotate(total=Count("pk")))
    return {
        "states": [(status, label, counts.get(status, 0)) for status, label in Article.Status.choices],
        "overdue": list(workflow.overdue_go_live().order_by("go_live_at")[:20]),
        "can_review": user.has_perm(workflow.REVIEW),
    }
