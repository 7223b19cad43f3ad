"""The city bureau places the last person of a revoked office and closes its dossier, in a browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from zhuban.consolidation.tests import builders
from zhuban.registry.models import Office
from zhuban.testing.personas import totp_code

pytestmark = pytest.mark.browser


def test_the_city_bureau_closes_a_dossier_once_the_last_person_is_placed(browser_as, live_world):
    dossier = builders.dossier_for()
    last = dossier.office.staff.order_by("id").last()
    builders.complete(dossier, leave_staff=last)

    city = browser_as("city_officer")
    city.goto(f"{live_world.url}/consolidation/")
    city.click(f"#dossiers a:has-text('{builders.TONGCHENG_WUHAN}')")
    expect(city.locator("#task-staff")).to_have_attribute("data-status", "in_progress")
    expect(city.locator("#task-staff .errorlist")).to_contain_text(f"{last.name}尚未安置")

    city.click(f"#task-staff tr[data-staff='{last.pk}'] >> text=安置")
    city.check("input[name=destination][value=back_to_sponsor]")
    city.fill("#id_placed_on", "2015-08-26")
    city.click("button.primary")
    expect(city.locator("#task-staff")).to_have_attribute("data-status", "done")
    expect(city.locator("#blockers")).to_contain_text("可以办结")

    city.click("#close-dossier")
    # Closing is the city bureau's sign-off: it asks for the authenticator's code once.
    city.wait_for_url("**/otp/verify/**")
    city.fill("#id_token", totp_code())
    city.click("button.primary")
    city.wait_for_url("**/close/")
    city.fill("#id_closed_on", "2015-08-31")
    city.click("button.primary")

    expect(city.locator("#dossier-status")).to_have_attribute("data-status", "closed")
    expect(city.locator("#office-status")).to_have_attribute("data-status", "revoked")
    assert Office.objects.get(pk=dossier.office_id).status == "revoked"
