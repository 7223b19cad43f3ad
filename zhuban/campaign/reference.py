"""The 2015 campaign as it ships: phases, required submissions and dates of 咸政办函〔2015〕58号
(docs/reading.md, "The campaign"), and the loader the data migration calls.

Everything here is data the city bureau can change in the product afterwards; the loader only
creates what is missing, so it never overwrites an edit.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import translation

from zhuban.campaign.codes import DATE_SETTINGS, RequirementCode

CITY_CODE = "421200"

CAMPAIGN_2015 = {
    "name": "咸宁市清理规范驻省会城市办事机构工作（2015年）",
    "document": "咸政办函〔2015〕58号",
    "issued_on": date(2015, 7, 20),
    "ends_on": date(2015, 11, 30),  # 三: 至2015年11月底结束
    "reminder_working_days": 3,
    "roll_forward": True,
}

# code, name, parent code, starts, ends, clause, note
PHASES_2015 = [
    (
        "mobilisation",
        "动员部署阶段",
        None,
        date(2015, 7, 20),
        date(2015, 7, 20),
        "三(一)",
        "截至7月20日；市、县两级分别成立清理规范工作专班。",
    ),
    (
        "cleanup",
        "清理规范阶段",
        None,
        date(2015, 7, 20),
        date(2015, 10, 16),
        "三(二)",
        "方案写明本阶段为7月20日至10月16日，与检查总结阶段（9月21日至10月20日）重叠；各环节按其自身日期执行。",
    ),
    ("registration", "核实登记环节", "cleanup", date(2015, 7, 20), date(2015, 7, 31), "三(二)1", ""),
    ("consolidation", "精简整合环节", "cleanup", date(2015, 8, 1), date(2015, 8, 31), "三(二)2", ""),
    ("rule_making", "建章立制环节", "cleanup", date(2015, 9, 1), date(2015, 9, 20), "三(二)3", ""),
    ("inspection", "检查总结阶段", None, date(2015, 9, 21), date(2015, 10, 20), "三(三)", ""),
]

REGISTRATION_NOTE = (
    "方案三(二)1写明附表一“于6月30日前报市机关事务管理局”，但核实登记环节为7月20日至7月31日，"
    "方案本身于2015年7月20日印发，6月30日时已过。默认按环节截止日2015年7月31日执行（POLICY.md 已知歧义1），"
    "方案原定日期列于其旁。"
)

# code (its label is the requirement's name), phase, clause, applies to, due, the plan's own date, note, description
REQUIREMENTS_2015 = [
    (
        RequirementCode.TASK_FORCE,
        "mobilisation",
        "三(一)",
        "all",
        date(2015, 7, 20),
        None,
        "",
        "成立清理规范工作专班，报送负责人、成员和联络员。",
    ),
    (
        RequirementCode.REGISTRATION_TABLE,
        "registration",
        "三(二)1",
        "all",
        date(2015, 7, 31),
        date(2015, 6, 30),
        REGISTRATION_NOTE,
        "对本级政府及其职能部门驻省会城市办事机构逐一核实登记，报送附表一。",
    ),
    (
        RequirementCode.PROPOSALS,
        "registration",
        "三(二)1",
        "all",
        date(2015, 7, 31),
        date(2015, 6, 30),
        REGISTRATION_NOTE,
        "对每个办事机构提出撤销、整合或保留的意见，随附表一报送。",
    ),
    (
        RequirementCode.CONSOLIDATION_REPORT,
        "consolidation",
        "三(二)2",
        "all",
        date(2015, 8, 31),
        None,
        "",
        "注销机构、收回编制、处置资产、核对资金与债权债务、安置人员的情况（8月底前报送）。",
    ),
    (
        RequirementCode.MANDATES,
        "rule_making",
        "三(二)3",
        "all",
        date(2015, 9, 20),
        None,
        "本级无保留机构的，报送时予以说明。",
        "核定保留机构的职能、内设机构和人员编制方案。",
    ),
    (
        RequirementCode.COUNTY_SUMMARY,
        "inspection",
        "三(三)",
        "county",
        date(2015, 10, 21),
        None,
        "",
        "各县（市、区）清理规范工作总结于10月21日前报市机关事务管理局。",
    ),
]


def load_campaign_2015(apps) -> object | None:
    """Create the 2015 campaign, its phases and requirements where missing, and enrol every
    jurisdiction of the city. Returns the campaign (None when the city is not there)."""
    Campaign = apps.get_model("campaign", "Campaign")
    Phase = apps.get_model("campaign", "Phase")
    Requirement = apps.get_model("campaign", "Requirement")
    Jurisdiction = apps.get_model("org", "Jurisdiction")
    city = Jurisdiction.objects.filter(code=CITY_CODE).first()
    if city is None:
        return None
    campaign, _ = Campaign.objects.get_or_create(
        name=CAMPAIGN_2015["name"],
        defaults={
            **CAMPAIGN_2015,
            "jurisdiction": city,
            "is_default": not Campaign.objects.filter(is_default=True).exists(),
        },
    )
    phases: dict[str | None, Any] = {}  # historical models (apps.get_model) are untyped
    for order, (code, name, parent, starts, ends, clause, note) in enumerate(PHASES_2015):
        phases[code], _ = Phase.objects.get_or_create(
            campaign=campaign,
            code=code,
            defaults={
                "name": name,
                "parent": phases.get(parent),
                "starts_on": starts,
                "ends_on": ends,
                "clause": clause,
                "note": note,
                "order": order,
            },
        )
    for order, (code, phase, clause, applies, due, plan_due, note, description) in enumerate(REQUIREMENTS_2015):
        with translation.override(None):  # the stored name is the source text, whatever language is active
            name = str(code.label)
        bound = {"date_setting": DATE_SETTINGS.get(code, "")} if _has_field(Requirement, "date_setting") else {}
        Requirement.objects.get_or_create(
            campaign=campaign,
            code=code.value,
            defaults={
                **bound,
                "name": name,
                "phase": phases[phase],
                "clause": clause,
                "applies_to": applies,
                "due_on": due,
                "plan_due_on": plan_due,
                "due_note": note,
                "description": description,
                "order": order,
            },
        )
    enrol(apps, campaign)
    return campaign


def _has_field(model, name: str) -> bool:
    """The data migration that first loads this runs before the requirement had every field."""
    return any(f.name == name for f in model._meta.get_fields())


def bind_date_settings(apps) -> None:
    """Bind the plan's own requirements to the settings that hold their dates, each taking the
    city's current setting (a city that changed it before the binding keeps its change)."""
    Requirement = apps.get_model("campaign", "Requirement")
    Record = apps.get_model("policy", "PolicySettingsRecord")
    for requirement in Requirement.objects.filter(
        campaign__name=CAMPAIGN_2015["name"], code__in=[c.value for c in DATE_SETTINGS]
    ).select_related("campaign"):
        key = DATE_SETTINGS[RequirementCode(requirement.code)]
        record = Record.objects.filter(jurisdiction_id=requirement.campaign.jurisdiction_id).first()
        value = (record.values if record else {}).get(key)
        requirement.date_setting = key
        if value:
            requirement.due_on = date.fromisoformat(value)
        requirement.save(update_fields=["date_setting", "due_on"])


LEVELS = {"all": ("city", "county"), "city": ("city",), "county": ("county",)}


def enrol(apps, campaign) -> int:
    """Create the submissions the campaign's jurisdictions owe and do not have yet (idempotent:
    a jurisdiction added later is enrolled by running it again). Returns how many were made."""
    Jurisdiction = apps.get_model("org", "Jurisdiction")
    Requirement = apps.get_model("campaign", "Requirement")
    Submission = apps.get_model("campaign", "Submission")
    root_path = Jurisdiction.objects.filter(pk=campaign.jurisdiction_id).values_list("path", flat=True).get()
    jurisdictions = list(Jurisdiction.objects.filter(path__startswith=root_path).values_list("id", "level"))
    have = set(Submission.objects.filter(campaign=campaign).values_list("requirement_id", "jurisdiction_id"))
    new = [
        Submission(campaign_id=campaign.pk, requirement_id=req_id, jurisdiction_id=jur_id)
        for req_id, applies in Requirement.objects.filter(campaign=campaign).values_list("id", "applies_to")
        for jur_id, level in jurisdictions
        if level in LEVELS[applies] and (req_id, jur_id) not in have
    ]
    Submission.objects.bulk_create(new, batch_size=1000)
    return len(new)
