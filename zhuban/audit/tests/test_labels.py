"""Every action a service records has a name on screen."""

import re
from pathlib import Path

from django.conf import settings

from zhuban.audit.models import ACTION_LABELS

ACTION = re.compile(r'(?:action=|_audit\([a-z_]+,\s*|audit\(actor,\s*)"([a-z_]+\.[a-z_]+)"')


def test_every_recorded_action_has_a_label():
    recorded = set()
    for path in Path(settings.BASE_DIR, "zhuban").rglob("*.py"):
        if "tests" not in path.parts:
            recorded |= set(ACTION.findall(path.read_text(encoding="utf-8")))
    assert recorded, "the pattern found no actions: it is out of date"
    assert sorted(recorded - set(ACTION_LABELS)) == []
