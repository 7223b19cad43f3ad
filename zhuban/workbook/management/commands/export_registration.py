"""manage.py export_registration OUT.xlsx [--jurisdiction NAME_OR_CODE]: 附表一 of the whole city
(or of one jurisdiction's subtree), in the layout import_registration reads back unchanged."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from zhuban.org.models import Jurisdiction
from zhuban.org.queries import AmbiguousName
from zhuban.workbook.exporting import write_registration
from zhuban.workbook.queries import drop_down_lists, export_rows, jurisdiction_named, offices_in


class Command(BaseCommand):
    help = "Export the registration table (附表一) of the city or of one jurisdiction to an .xlsx workbook."

    def add_arguments(self, parser):
        parser.add_argument("out", help="the .xlsx file to write")
        parser.add_argument("--jurisdiction", help="name or division code; the whole city when left out")

    def handle(self, *args, **options):
        jurisdiction = None
        if options["jurisdiction"]:
            try:
                jurisdiction = jurisdiction_named(options["jurisdiction"])
            except AmbiguousName as exc:
                raise CommandError(str(exc)) from None
            if jurisdiction is None:
                raise CommandError(_("没有名称或代码为“%(value)s”的行政区划。") % {"value": options["jurisdiction"]})
        root = jurisdiction or Jurisdiction.objects.filter(parent=None).order_by("path").first()
        governments, provinces = drop_down_lists(jurisdiction)
        count = write_registration(
            options["out"],
            export_rows(offices_in(jurisdiction)),
            reporting_unit=root.name if root else "",
            on_date=timezone.localdate(),
            governments=governments,
            provinces=provinces,
        )
        self.stdout.write(_("已导出 %(count)s 个办事机构到 %(file)s。") % {"count": count, "file": options["out"]})
