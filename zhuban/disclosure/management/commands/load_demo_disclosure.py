"""Demo: the published reception disclosures of 2016 and 2017 for every retained office, and the
city's roll-up of each year, drafted through the services from the offices' recorded figures
(their reception budget and final accounts; the receptions themselves once they are recorded).
The Wuhan office's 2016 disclosure is corrected by a second version that explains its
overspending. Idempotent: a year already disclosed is left as it is.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from zhuban.audit.services import Actor
from zhuban.disclosure import queries, services
from zhuban.disclosure.models import Disclosure
from zhuban.org.models import Jurisdiction
from zhuban.registry.models import Office
from zhuban.ui.formatting import format_money

YEARS = (2016, 2017)
CORRECTED = "咸宁市人民政府驻武汉办事处"
CORRECTION_REASON = "补充说明2016年公务接待费超出预算的原因。"
OVERSPENDING = "超支原因：省直部门集中来咸检查，接待批次增加；已按规定从严控制接待标准。"


def _notes(disclosure: Disclosure) -> str:
    if disclosure.budget is None or disclosure.final is None:
        return "本年度接待均凭派出单位公函，按标准安排工作餐，不安排宴请。"
    return (
        f"{disclosure.year}年公务接待费预算{format_money(disclosure.budget)}元，"
        f"决算{format_money(disclosure.final)}元。接待均凭派出单位公函，按标准安排工作餐，不安排宴请。"
    )


class Command(BaseCommand):
    help = "Load the demo reception disclosures (2016–2017) of the retained offices, one of them corrected."

    @transaction.atomic
    def handle(self, *args, **options):
        actor = Actor.system("load_demo_disclosure")
        offices = list(Office.objects.filter(queries.retained()).distinct().select_related("jurisdiction"))
        made = 0
        for year in YEARS:
            for office in offices:
                made += self._publish(actor, office.jurisdiction, year, office)
            for jurisdiction in Jurisdiction.objects.filter(pk__in={o.jurisdiction_id for o in offices}):
                made += self._publish(actor, jurisdiction, year, None)
        first = Disclosure.objects.filter(office__name=CORRECTED, year=2016, number=1).first()
        if first is not None and first.status == Disclosure.Status.PUBLISHED:
            correction = services.disclosure_correct(actor=actor, disclosure=first, reason=CORRECTION_REASON)
            services.disclosure_update(
                actor=actor, disclosure=correction, values={"notes": f"{correction.notes}\n{OVERSPENDING}"}
            )
            self._through(actor, correction)
            made += 1
        if options["verbosity"]:
            self.stdout.write(f"demo disclosure: {made} versions published for {len(offices)} retained offices")

    def _publish(self, actor: Actor, jurisdiction: Jurisdiction, year: int, office: Office | None) -> int:
        subject = f"o{office.pk}" if office else f"j{jurisdiction.pk}"
        if Disclosure.objects.filter(subject=subject, year=year).exists():
            return 0
        draft = services.disclosure_draft(actor=actor, year=year, office=office, jurisdiction=jurisdiction)
        services.disclosure_update(actor=actor, disclosure=draft, values={"notes": _notes(draft)})
        self._through(actor, draft)
        return 1

    def _through(self, actor: Actor, disclosure: Disclosure) -> None:
        services.disclosure_submit(actor=actor, disclosure=disclosure)
        services.disclosure_review(actor=actor, disclosure=disclosure, accept=True, comments="与账目核对一致")
        services.disclosure_approve(actor=actor, disclosure=disclosure)
        services.disclosure_publish(actor=actor, disclosure=disclosure)
