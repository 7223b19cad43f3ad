"""The second chokepoint: what an anonymous visitor may read.

Nothing is reachable without signing in except what was deliberately published. A model opts in
by naming, as ``public_lookup``, the lookup that says a row is published: a ``…__isnull`` lookup
on a publication date (published when it is not null, e.g. ``"published_at__isnull"``) or a
boolean flag (published when true, e.g. ``"is_published"``). ``published(qs)`` gives only those
rows; a queryset of any model that declares nothing is refused outright, so forgetting to opt in
can never leak a table.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)


class NotPublishable(TypeError):
    """A public page asked for rows of a model that never declared itself publishable."""


def public_filter(model: type[Model]) -> dict[str, bool]:
    lookup = getattr(model, "public_lookup", None)
    if not isinstance(lookup, str) or not lookup:
        raise NotPublishable(f"{model._meta.label} declares no public_lookup: it is never readable anonymously")
    return {lookup: not lookup.endswith("__isnull")}


def published(queryset: QuerySet[M]) -> QuerySet[M]:
    """Only the published rows of a publishable model; anything else raises ``NotPublishable``."""
    return queryset.filter(**public_filter(queryset.model))


def get_published(queryset: QuerySet[M], **lookup: Any) -> M:
    """One published row; 404 when it is missing or not published."""
    try:
        return published(queryset).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
