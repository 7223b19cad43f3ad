"""manage.py import_registration FILE --jurisdiction NAME_OR_CODE [--dry-run] [--format json]

The same engine as the web page. Exit 0 when imported (or a clean dry run); 1 when rows have
errors (nothing is written); 2 when the file cannot be read at all, with a one-line reason.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhuban.audit.services import Actor
from zhuban.lib.xlsx_guard import WorkbookRejected
from zhuban.org.queries import AmbiguousName
from zhuban.workbook.messages import file_message
from zhuban.workbook.queries import jurisdiction_named
from zhuban.workbook.reading import read_registration
from zhuban.workbook.services import ImportResult, registration_import

IMPORTED, ROW_ERRORS, UNREADABLE = 0, 1, 2


class Command(BaseCommand):
    help = "Import a 附表一 registration workbook (.xlsx) into a jurisdiction: all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx workbook")
        parser.add_argument("--jurisdiction", required=True, help="name or division code, e.g. 通城县 or 421222")
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        try:
            jurisdiction = jurisdiction_named(options["jurisdiction"])
        except AmbiguousName as exc:
            raise CommandError(str(exc)) from None
        if jurisdiction is None:
            raise CommandError(_("没有名称或代码为“%(value)s”的行政区划。") % {"value": options["jurisdiction"]})
        as_json = options["format"] == "json"
        try:
            # Rows are read as they are imported, so a refusal (the row limit) can come from either.
            result = registration_import(
                actor=Actor.system("import_registration"),
                jurisdiction=jurisdiction,
                sheet=read_registration(options["file"]),
                dry_run=options["dry_run"],
                source_name=Path(options["file"]).name,
            )
        except WorkbookRejected as exc:
            self._fail(file_message(exc.code, exc.params), as_json)
        except OSError as exc:
            self._fail(str(exc.strerror or exc), as_json)
        if as_json:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
        else:
            self._report(result, options["dry_run"])
        if result.errors:
            sys.exit(ROW_ERRORS)

    def _fail(self, reason: str, as_json: bool):
        if as_json:
            error = {"row": None, "column": None, "value": None, "message": reason}
            self.stdout.write(
                json.dumps({"created": 0, "updated": 0, "unchanged": 0, "errors": [error]}, ensure_ascii=False)
            )
        self.stderr.write(reason)
        sys.exit(UNREADABLE)

    def _report(self, result: ImportResult, dry_run: bool) -> None:
        counts = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        if result.errors:
            self.stdout.write(_("有 %(n)s 处错误，未写入任何数据：") % {"n": len(result.errors)})
            for error in result.errors:
                self.stdout.write(f"  {error.message}")
        elif dry_run:
            self.stdout.write(_("试导入（未写入）：新增 %(created)s，修改 %(updated)s，未变 %(unchanged)s。") % counts)
        else:
            self.stdout.write(_("已导入：新增 %(created)s，修改 %(updated)s，未变 %(unchanged)s。") % counts)
        for unit in result.new_units:
            self.stdout.write(_("新增单位：%(name)s（%(jurisdiction)s，%(kind)s）") % unit)
        for notice in result.notices:
            self.stdout.write(f"  {notice.message}")
