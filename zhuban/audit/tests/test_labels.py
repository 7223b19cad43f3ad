"""Every action on the trail has one name on screen, however it is recorded."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import transaction

from zhuban.audit.actions import all_actions, label_of
from zhuban.audit.models import AuditEntry
from zhuban.audit.services import Actor, AuditItem, audit_record, audit_record_many
from zhuban.org.models import Jurisdiction

# The functions that write entries, and where their action argument sits when passed by position.
WRITERS = {"audit_record": None, "audit_about": 1, "AuditItem": 0}


def _sources():
    for path in sorted(Path(django_settings.BASE_DIR, "zhuban").rglob("*.py")):
        if "tests" not in path.parts and "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def _writers() -> dict[str, int | None]:
    """The writers and every wrapper of them: a function with an ``action`` parameter that hands
    it on to a writer (``_audit``, ``_window_audit``, ``_child_add``, …), found to a fixpoint."""
    writers = dict(WRITERS)
    trees = [tree for _path, tree in _sources()]
    grew = True
    while grew:
        grew = False
        for tree in trees:
            for fn in ast.walk(tree):
                if not isinstance(fn, ast.FunctionDef) or fn.name in writers:
                    continue
                names = [a.arg for a in fn.args.args]
                if "action" not in names and "action" not in [a.arg for a in fn.args.kwonlyargs]:
                    continue
                if any(_called(c) in writers for c in ast.walk(fn) if isinstance(c, ast.Call)):
                    writers[fn.name] = names.index("action") if "action" in names else None
                    grew = True
    return writers


def _called(call: ast.Call) -> str:
    return call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")


def _action_argument(call: ast.Call, position: int | None) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == "action":
            return keyword.value
    if position is not None and len(call.args) > position:
        return call.args[position]
    return None


def test_every_code_has_one_label_in_one_place():
    actions = all_actions()  # refuses a code declared twice
    assert len(actions) > 50
    assert all(str(member.label).strip() and member.label != code for code, member in actions.items())


def test_every_call_that_records_names_its_action_by_an_enumeration_member():
    writers = _writers()
    assert {"_audit", "_window_audit", "_child_add", "_office_item"} <= set(writers), "the wrapper search is stale"
    members = {member.name for member in all_actions().values()}
    found, wrong = 0, []
    for path, tree in _sources():
        for call in (c for c in ast.walk(tree) if isinstance(c, ast.Call) and _called(c) in writers):
            argument = _action_argument(call, writers[_called(call)])
            where = f"{path.relative_to(django_settings.BASE_DIR)}:{call.lineno}"
            if argument is None:
                wrong.append(f"{where}: no action")
            elif isinstance(argument, ast.Attribute):
                found += 1
                if argument.attr not in members:
                    wrong.append(f"{where}: {argument.attr} is no declared action")
            elif isinstance(argument, ast.Call) and _called(argument) == "Action":
                found += 1  # Action(f"submission.{kind}"): the enumeration refuses an unknown code
            elif not (isinstance(argument, ast.Name) and argument.id == "action"):
                wrong.append(f"{where}: {ast.unparse(argument)} (use the app's Action enumeration)")
    assert found > 40
    assert wrong == []


@pytest.mark.django_db
def test_recording_an_undeclared_action_is_refused_one_by_one_and_in_bulk():
    city = Jurisdiction.objects.get(name="咸宁市")
    actor = Actor.system("test")
    fields = {"obj": city, "subject": city, "jurisdiction_path": city.path, "unit_id": None, "before": None}
    with pytest.raises(ValueError, match="unknown audit action 'office.teleport'"), transaction.atomic():
        audit_record(actor=actor, action="office.teleport", after={}, **fields)
    items = [AuditItem("office.register", after={}, **fields), AuditItem("office.teleport", after={}, **fields)]
    with pytest.raises(ValueError, match="office.teleport"), transaction.atomic():
        audit_record_many(actor=actor, items=items)
    assert not AuditEntry.objects.filter(action="office.teleport").exists()


@pytest.mark.django_db
def test_the_whole_demo_and_its_reminders_record_only_labelled_actions(settings):
    settings.DEMO = True  # the whole loader: accounts, second factors, consolidation under way
    call_command("load_demo", verbosity=0)
    call_command("send_reminders", "--as-of", "2015-08-15", verbosity=0)
    recorded = set(AuditEntry.objects.values_list("action", flat=True).distinct())
    assert {"office.register", "dossier.close", "office.close", "notification.send"} <= recorded
    assert sorted(code for code in recorded if code not in all_actions()) == []
    # Reminders are notifications now; entries of the first version keep their labels.
    assert label_of("submission.escalation") == "发送逾期督办"
    assert label_of("notification.send") == "发送通知"
