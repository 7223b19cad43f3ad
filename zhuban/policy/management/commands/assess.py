import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from zhuban.policy import contract

# Exit status for input the command cannot use (as for bad usage); 1 stays for unexpected failures.
EXIT_BAD_INPUT = 2


class Command(BaseCommand):
    help = "Assess offices against 咸政办函〔2015〕58号: read the contract's JSON, print the results as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="JSON input (see zhuban/policy/schema/assess.schema.json), or - for stdin")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        try:
            document = contract.assess(contract.parse_json(self._read(file), max_offices=settings.ASSESS_MAX_OFFICES))
        except contract.ContractError as exc:
            raise _bad_input(exc.one_line()) from None
        self.stdout.write(contract.dumps(document))

    def _read(self, path: str) -> bytes:
        if path == "-":
            return sys.stdin.buffer.read()
        try:
            with open(path, "rb") as f:
                return f.read()
        except OSError as exc:
            raise _bad_input(
                _("无法读取文件 %(path)s：%(reason)s") % {"path": path, "reason": exc.strerror or exc}
            ) from None


def _bad_input(message: str) -> CommandError:
    # One line on stderr, never a traceback (Django prints a CommandError's message only).
    return CommandError(" ".join(message.split()), returncode=EXIT_BAD_INPUT)
