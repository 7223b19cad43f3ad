"""Print who may do what: roles × capabilities, from the one table in org/capabilities.py."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import translation

from zhuban.org.capabilities import Capability, holds
from zhuban.org.models import Role


class Command(BaseCommand):
    help = "Print the capability table (roles × capabilities); --format md for the README."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["text", "md"], default="text")

    def handle(self, *args, **options):
        with translation.override("zh-hans"):
            roles = list(Role)
            rows = [[str(c.value), str(c.label), *("✓" if holds(r, c) else "" for r in roles)] for c in Capability]
            header = [("capability"), ("说明"), *(r.value for r in roles)]
        if options["format"] == "md":
            lines = ["| " + " | ".join(f"`{h}`" if i > 1 else h for i, h in enumerate(header)) + " |"]
            lines.append("|" + "|".join([" --- "] * 2 + [" :-: "] * len(roles)) + "|")
            lines += ["| " + " | ".join([f"`{row[0]}`", *row[1:]]) + " |" for row in rows]
        else:
            widths = [max(_width(x) for x in col) for col in zip(header, *rows, strict=True)]
            lines = [
                "  ".join(_pad(cell, w) for cell, w in zip(line, widths, strict=True)).rstrip()
                for line in [header, *rows]
            ]
        self.stdout.write("\n".join(lines))


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
