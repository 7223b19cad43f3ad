"""Give a user a role over a jurisdiction (creating the account if asked)."""

from __future__ import annotations

import getpass
import os

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhuban.audit.services import Actor
from zhuban.org import services
from zhuban.org.models import Role, Unit
from zhuban.org.queries import AmbiguousName, find_jurisdiction


class Command(BaseCommand):
    help = (
        "Grant ROLE over JURISDICTION (name or code) to USERNAME; --unit for department clerks, "
        "--office for a retained office's staff and head."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=Role.values)
        parser.add_argument("jurisdiction", help="name or code, e.g. 通城县 or 421222")
        parser.add_argument("--unit", help="the unit a department clerk acts for")
        parser.add_argument("--office", help="the office a retained office's staff member or head acts for")
        parser.add_argument(
            "--create", action="store_true", help="create the account; password from ZHUBAN_PASSWORD or a prompt"
        )
        parser.add_argument("--full-name", default="")

    def handle(self, *args, username, role, jurisdiction, unit, office, create, full_name, **options):
        actor = Actor.system("grant_role")
        try:
            place = find_jurisdiction(jurisdiction)
        except AmbiguousName as exc:
            raise CommandError(str(exc)) from None
        if place is None:
            raise CommandError(f"No jurisdiction named or coded {jurisdiction!r}.")
        unit_obj = None
        if unit:
            unit_obj = Unit.objects.filter(name=unit, jurisdiction=place).first()
            if unit_obj is None:
                raise CommandError(f"No unit {unit!r} in {place.name}.")
        office_obj = None
        if office:
            # By label: org stands below the registry that holds the offices.
            Office = apps.get_model("registry", "Office")
            office_obj = Office.objects.filter(name=office, jurisdiction__path__startswith=place.path).first()
            if office_obj is None:
                raise CommandError(f"No office {office!r} in {place.name}.")
        User = get_user_model()
        try:
            if create:
                password = os.environ.get("ZHUBAN_PASSWORD") or getpass.getpass("Password: ")
                user = services.user_create(
                    actor=actor, username=username, full_name=full_name, password=password, jurisdiction=place
                )
            else:
                user = User.objects.filter(username=username).first()
                if user is None:
                    raise CommandError(f"No user {username!r}; add --create to create the account.")
            services.role_grant(actor=actor, user=user, role=role, jurisdiction=place, unit=unit_obj, office=office_obj)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        held_on = office_obj or unit_obj
        self.stdout.write(f"{username}: {role} over {place.name}" + (f" for {held_on.name}" if held_on else ""))
