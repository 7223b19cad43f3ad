"""Reads of the jurisdiction tree that several apps need."""

from __future__ import annotations

from collections.abc import Collection

from django.utils.translation import gettext as _

from zhuban.org.models import Jurisdiction, Level


def ancestor_paths(path: str) -> list[str]:
    """``/420000/421200/421222/`` → ``["/", "/420000/", "/420000/421200/", "/420000/421200/421222/"]``."""
    codes = [c for c in path.split("/") if c]
    return ["/"] + ["/" + "/".join(codes[: i + 1]) + "/" for i in range(len(codes))]


def nearest_at(path: str, level_paths: Collection[str]) -> str | None:
    """The deepest ancestor-or-self of ``path`` among ``level_paths`` (say, the city-level ones)."""
    for prefix in reversed(ancestor_paths(path)):
        if prefix in level_paths:
            return prefix
    return None


def city_paths() -> set[str]:
    """Paths of every prefecture-level jurisdiction: one query, a few hundred rows."""
    return set(Jurisdiction.objects.filter(level=Level.CITY).values_list("path", flat=True))


def campaign_root(jurisdiction: Jurisdiction) -> Jurisdiction:
    """The city whose campaign a jurisdiction belongs to: its nearest city-level ancestor (or
    itself, for a province or a county that hangs from its province)."""
    return (
        Jurisdiction.objects.filter(path__in=ancestor_paths(jurisdiction.path), level=Level.CITY)
        .order_by("-path")
        .first()
        or jurisdiction
    )


class AmbiguousName(ValueError):
    """A name several jurisdictions share; the message lists them with their codes."""

    def __init__(self, name: str, candidates: list[Jurisdiction]) -> None:
        self.name = name
        self.candidates = candidates
        names = full_names(candidates)
        listed = "、".join(f"{j.code} {names[j.pk]}" for j in candidates)
        super().__init__(
            _("“%(name)s”是 %(count)s 个行政区划的名称（%(listed)s），请填写区划代码。")
            % {"name": name, "count": len(candidates), "listed": listed}
        )


def full_names(jurisdictions: list[Jurisdiction]) -> dict[int, str]:
    """湖北省咸宁市通城县 for each: the names on the way down from the province, in one query."""
    wanted = {j.pk: ancestor_paths(j.path)[1:] for j in jurisdictions}
    every = {p for paths in wanted.values() for p in paths}
    names = dict(Jurisdiction.objects.filter(path__in=every).values_list("path", "name"))
    return {pk: "".join(names[p] for p in paths if p in names) for pk, paths in wanted.items()}


def full_name(jurisdiction: Jurisdiction) -> str:
    return full_names([jurisdiction])[jurisdiction.pk]


def find_jurisdiction(value: str) -> Jurisdiction | None:
    """A jurisdiction by its division code, or by a name only one jurisdiction has."""
    value = value.strip()
    by_code = Jurisdiction.objects.filter(code=value).first()
    if by_code is not None:
        return by_code
    named = list(Jurisdiction.objects.filter(name=value).order_by("path")[:10])
    if len(named) > 1:
        raise AmbiguousName(value, named)
    return named[0] if named else None
