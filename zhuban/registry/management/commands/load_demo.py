"""Load the demo campaign. Idempotent: what is there already is kept as it is."""

from __future__ import annotations

from base64 import b32encode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zhuban.audit.services import Actor
from zhuban.geo.models import City
from zhuban.org.models import OFFICE_ROLES, Jurisdiction, RoleAssignment, SealedTOTPDevice, Unit
from zhuban.registry import demo, services
from zhuban.registry.models import Office


def assignment_fields(role: str, jurisdiction: str, held_on: str | None) -> dict:
    """A demo account's grant: at a jurisdiction, on a department clerk's unit or on a retained
    office's staff's and head's office."""
    on_office = role in OFFICE_ROLES
    return {
        "role": role,
        "jurisdiction": Jurisdiction.objects.get(name=jurisdiction),
        "unit": Unit.objects.get(name=held_on) if held_on and not on_office else None,
        "office": Office.objects.get(name=held_on) if on_office else None,
    }


class Command(BaseCommand):
    help = "Load the demo offices, staff and assets; in demo mode also the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--no-accounts", action="store_true", help="Load the data but create no accounts.")

    @transaction.atomic
    def handle(self, *args, **options):
        if not options["no_accounts"] and not settings.DEMO:
            raise CommandError("Demo accounts are created only in demo mode (ZHUBAN_DEMO=1); use --no-accounts.")
        actor = Actor.system("load_demo")
        created = 0
        for index, (sponsor_name, name, city_name, established, quota, headcount, aid, plaque) in enumerate(
            demo.OFFICES
        ):
            sponsor = Unit.objects.select_related("jurisdiction").get(name=sponsor_name)
            if Office.objects.filter(sponsor=sponsor, name=name).exists():
                continue
            city = City.objects.select_related("province").get(name=city_name)
            office = services.office_register(
                actor=actor,
                values={
                    "name": name,
                    "additional_plaque": plaque,
                    "sponsor": sponsor,
                    "host_province": city.province,
                    "host_city": city,
                    "established_on": established,
                    "staffing_quota": quota,
                    "headcount": headcount,
                    "counterpart_assistance": aid,
                    "nature": Office.Nature.CIVIL_SERVICE_MANAGED if sponsor.kind == "government" else "",
                    "funding": Office.Funding.FULL,
                    "head_name": demo.STAFF_NAMES[index % len(demo.STAFF_NAMES)],
                    "contact_phone": f"027-8{index:03d}{index:04d}",
                },
            )
            created += 1
            for n in range(headcount):
                services.staff_add(
                    actor=actor,
                    office=office,
                    values={
                        "name": demo.STAFF_NAMES[(index + n) % len(demo.STAFF_NAMES)],
                        "post": demo.POSTS[min(n, len(demo.POSTS) - 1)],
                        "employment": "establishment" if n < quota else "local_hire",
                        "posted_on": established.replace(year=max(established.year, 2010 + n % 5)),
                    },
                )
            for category, description, area, plate, certificate, value in demo.ASSETS.get(index, []):
                services.asset_add(
                    actor=actor,
                    office=office,
                    values={
                        "category": category,
                        "description": description,
                        "area": area,
                        "plate_number": plate,
                        "certificate_number": certificate,
                        "book_value": value,
                    },
                )
            for entity_name, kind in demo.ENTITIES.get(index, []):
                services.entity_add(actor=actor, office=office, values={"name": entity_name, "kind": kind})
        if options["verbosity"]:
            self.stdout.write(f"demo offices: {created} created, {len(demo.OFFICES) - created} already there")
        # The campaign's 2015 timeline and its demo history (zhuban/campaign), idempotent as well.
        call_command("load_demo_campaign", verbosity=options["verbosity"])
        # The example reception standards (zhuban/reception), which a flushed test database loses.
        call_command("load_reception_standards", verbosity=0)
        if not options["no_accounts"]:
            self._accounts(say=self.stdout.write if options["verbosity"] else (lambda _text: None))
            # Demo only (not the test world, whose decisions tests make themselves): every office's
            # proposal and the consolidation under way, at the dates of the story; the campaign's
            # pages then open on the day the story stops.
            call_command("load_demo_consolidation", verbosity=options["verbosity"])
            call_command("load_demo_campaign", opens_on_story_date=True, verbosity=0)
            # And the inspection phase: the joint team's inspection, findings in every state (zhuban/inspection).
            call_command("load_demo_inspection", verbosity=options["verbosity"])
            # Demo only as well: two years (2016–2017) of the retained Wuhan office (zhuban/oversight).
            call_command("load_demo_oversight", verbosity=options["verbosity"])
            # And their official receptions over the same two years, a few breaking the rules (zhuban/reception).
            call_command("load_demo_reception", verbosity=options["verbosity"])
            # And their yearly reception disclosures, published (zhuban/disclosure).
            call_command("load_demo_disclosure", verbosity=options["verbosity"])

    def _accounts(self, say):
        User = get_user_model()
        say(f"\n演示账号 / demo accounts (password: {demo.PASSWORD})")
        for username, full_name, role, jurisdiction, held_on in demo.ACCOUNTS:
            user, made = User.objects.get_or_create(username=username, defaults={"first_name": full_name})
            if made:
                user.set_password(demo.PASSWORD)
                user.save()
            RoleAssignment.objects.get_or_create(user=user, **assignment_fields(role, jurisdiction, held_on))
            say(f"  {username:<16} {full_name}")
            if role == "offices_admin":
                device, _ = SealedTOTPDevice.objects.get_or_create(
                    user=user, name="demo", defaults={"key": demo.TOTP_KEY_HEX, "confirmed": True}
                )
                secret = b32encode(device.bin_key).decode()
                say(f"  {'':<16} TOTP secret (authenticator app / oathtool --totp -b): {secret}")
