"""Chinese first, English available: every string the product shows has its English translation.

Msgids are the Chinese text itself, so a missing translation still shows correct Chinese; the
English catalogue must cover every one of them and be current with the code.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUE = settings.BASE_DIR / "zhuban" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_entry_of_the_english_catalogue_is_translated_and_not_fuzzy():
    po = polib.pofile(str(CATALOGUE))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs GNU gettext (CI installs it)")
def test_the_english_catalogue_covers_every_string_in_the_code(tmp_path: Path):
    # Extract into a copy, so the working tree is never touched by the test.
    copy = tmp_path / "zhuban"
    shutil.copytree(
        settings.BASE_DIR / "zhuban",
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static", "tests"),
    )
    shutil.copy(settings.BASE_DIR / "manage.py", tmp_path / "manage.py")
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "en",
            "--no-obsolete",
            "-v",
            "0",
            "--ignore",
            "settings_test.py",
        ],
        cwd=copy,
        env={
            "DJANGO_SETTINGS_MODULE": "zhuban.settings",
            "DEBUG": "1",
            "PYTHONPATH": str(tmp_path),
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    extracted = {(e.msgctxt, e.msgid) for e in polib.pofile(str(copy / "locale/en/LC_MESSAGES/django.po"))}
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(CATALOGUE)) if e.translated()}
    missing = sorted(m for _, m in extracted - committed)
    assert missing == [], f"run `make messages-en` and translate: {missing[:20]}"
