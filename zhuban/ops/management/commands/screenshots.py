"""Screenshots of the main pages at desktop and phone width, each as the demo account that works
on it, so anyone can look without signing in (``make screenshots``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.test.testcases import LiveServerThread

from zhuban.testing.main_pages import main_pages

CHROMIUM = "/usr/bin/chromium"
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
# The demo's accounts are the test personas, but for the city bureau's.
DEMO_ACCOUNT = {"city_officer": "city_admin"}


class Command(BaseCommand):
    help = "Screenshot every main page at desktop and phone width into var/screenshots (needs the demo: make run)."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, default=Path(settings.BASE_DIR) / "var" / "screenshots")

    def handle(self, *args, out: Path, **options):
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            raise CommandError("Playwright is missing: pip install -r requirements-dev.txt") from None
        if not shutil.which(CHROMIUM):
            raise CommandError(f"{CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk")
        pages = main_pages()
        cookies = {persona: self._session(persona) for persona in {p.persona for p in pages if p.persona}}
        out.mkdir(parents=True, exist_ok=True)
        server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise CommandError(f"the page server did not start: {server.error}")
        url = f"http://127.0.0.1:{server.port}"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
                for width, (w, h) in WIDTHS.items():
                    for page in pages:
                        context = browser.new_context(locale="zh-CN", viewport={"width": w, "height": h})
                        if page.persona:
                            context.add_cookies(
                                [{"name": settings.SESSION_COOKIE_NAME, "value": cookies[page.persona], "url": url}]
                            )
                        tab = context.new_page()
                        tab.goto(url + page.path)
                        tab.wait_for_load_state("networkidle")
                        tab.screenshot(path=str(out / f"{page.slug}-{width}.png"), full_page=True)
                        context.close()
                browser.close()
        finally:
            server.terminate()
        self.stdout.write(f"{len(pages) * len(WIDTHS)} screenshots in {out}")

    def _session(self, persona: str) -> str:
        username = DEMO_ACCOUNT.get(persona, persona)
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no account {username}: load the demo first (make run, or ZHUBAN_DEMO=1 load_demo)")
        client = Client()
        client.force_login(user)
        return client.cookies[settings.SESSION_COOKIE_NAME].value
