"""Loading the national tree and keeping its materialised paths right.

Called by migrations with their historical models, so it takes the model classes as arguments
and uses nothing but plain querysets.
"""

from __future__ import annotations

from typing import Any

from zhuban.org.divisions import NATION_CODE, Division, read_csv

LEVEL_ORDER = {"nation": 0, "province": 1, "city": 2, "county": 3}


def load_divisions(Jurisdiction: Any, ScopeAlias: Any, divisions: list[Division] | None = None) -> int:
    """Upsert every division by code under the national root, then rebuild paths.

    Existing rows keep their id (records point at them) and their English name; rows the dataset
    does not have (a zone with a suffixed code) stay where they hang. Returns the rows created.
    """
    divisions = read_csv() if divisions is None else divisions
    existing = {j.code: j for j in Jurisdiction.objects.all()}
    root = existing.get(NATION_CODE)
    if root is None:
        root = Jurisdiction.objects.create(
            code=NATION_CODE, name="全国", name_en="China", kind="nation", level="nation", parent=None, path="/"
        )
        existing[NATION_CODE] = root
    # Parents first, so each new row can point at its parent's id.
    divisions = sorted(divisions, key=lambda d: (LEVEL_ORDER[d.level], d.code))
    created = 0
    changed = []
    for level in ("province", "city", "county"):
        new_rows = []
        for d in (d for d in divisions if d.level == level):
            parent = existing[d.parent]
            j = existing.get(d.code)
            if j is None:
                # A provisional unique path; rebuild_paths gives the real one.
                j = Jurisdiction(
                    code=d.code, name=d.name, name_en="", kind=d.kind, level=d.level, parent=parent, path=f"#{d.code}"
                )
                new_rows.append(j)
                continue
            if (j.name, j.kind, j.level, j.parent_id) != (d.name, d.kind, d.level, parent.pk):
                j.name, j.kind, j.level, j.parent = d.name, d.kind, d.level, parent
                changed.append(j)
        for j in Jurisdiction.objects.bulk_create(new_rows, batch_size=1000):
            existing[j.code] = j
        created += len(new_rows)
    if changed:
        Jurisdiction.objects.bulk_update(changed, ["name", "kind", "level", "parent"], batch_size=1000)
    # A former root (the city-rooted tree of an earlier version) now hangs from its province.
    Jurisdiction.objects.filter(parent=None).exclude(code=NATION_CODE).update(parent=root)
    rebuild_paths(Jurisdiction, ScopeAlias)
    return created


def rebuild_paths(Jurisdiction: Any, ScopeAlias: Any) -> None:
    """Set every path from the parent chain; where a subtree moved, record the old prefix.

    Only the topmost moved node of each subtree gets an alias: its descendants' old paths all
    start with its old path, so one prefix translates them all.
    """
    rows = list(Jurisdiction.objects.values_list("id", "parent_id", "code", "path"))
    children: dict[int | None, list[tuple[int, str, str]]] = {}
    for pk, parent_id, code, path in rows:
        children.setdefault(parent_id, []).append((pk, code, path))
    new_path: dict[int, str] = {}
    moved: list[tuple[int, str, str]] = []
    aliases: list[tuple[str, str]] = []

    def walk(pk: int, path: str, old: str, parent_moved: bool) -> None:
        new_path[pk] = path
        if old != path:
            moved.append((pk, old, path))
        # A provisional path ("#code", a row just created) is no key anything stored.
        is_moved = old != path and not old.startswith("#")
        if is_moved and not parent_moved:
            aliases.append((old, path))
        for child, code, child_old in children.get(pk, []):
            walk(child, f"{path}{code}/", child_old, is_moved)

    for pk, code, path in children.get(None, []):
        walk(pk, "/" if code == NATION_CODE else f"/{code}/", path, False)
    if not moved:
        return
    # Two passes keep the unique index satisfied while paths swap places.
    objs = {j.pk: j for j in Jurisdiction.objects.filter(pk__in=[m[0] for m in moved])}
    for pk, _old, _new in moved:
        objs[pk].path = f"#~{pk}"  # never a provisional "#code": codes are digits
    Jurisdiction.objects.bulk_update(list(objs.values()), ["path"], batch_size=1000)
    for pk, _old, new in moved:
        objs[pk].path = new
    Jurisdiction.objects.bulk_update(list(objs.values()), ["path"], batch_size=1000)
    current = set(new_path.values())
    # Aliases recorded by an earlier move follow this one.
    for alias in ScopeAlias.objects.all():
        for _pk, old, new in moved:
            if alias.new_prefix.startswith(old) and not old.startswith("#"):
                alias.new_prefix = new + alias.new_prefix[len(old) :]
                alias.save(update_fields=["new_prefix"])
                break
    for old, new in aliases:
        if any(p.startswith(old) for p in current):
            raise ValueError(f"old path {old} is still a prefix of current paths; aliasing it would be ambiguous")
        ScopeAlias.objects.update_or_create(old_prefix=old, defaults={"new_prefix": new})
