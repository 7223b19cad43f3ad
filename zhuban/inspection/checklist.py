"""The checklist as data: what the joint team checks, the clause each item rests on, which
offices it applies to and in which kinds of inspection. Loaded into ``CheckItem`` rows by
``load_checklist`` (the migration calls it; idempotent, so a changed line updates its row).

三(三)'s focus comes first: decoupling from hotels, guesthouses and other business entities
(二(四)2), the disposal of land, buildings, vehicles and other assets of revoked offices
(三(二)2, 四(二)), the placement of staff; then 四(二)'s discipline.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

CAMPAIGN, PATROL, FOLLOW_UP = "campaign", "patrol", "follow_up"

# code, clause, text (msgid), applies, kinds
ITEMS: list[tuple[str, str, str, str, list[str]]] = [
    ("decoupling", "二(四)2", gettext_noop("与所属宾馆、招待所等经营性实体脱钩"), "all", [CAMPAIGN, PATROL]),
    (
        "asset_disposal",
        "三(二)2",
        gettext_noop("撤销机构的土地、房屋、车辆等资产按国有资产管理规定处置"),
        "revoked",
        [CAMPAIGN],
    ),
    ("asset_loss", "四(二)", gettext_noop("无挪用、私分、侵吞和违规处置国有资产"), "revoked", [CAMPAIGN, FOLLOW_UP]),
    ("staff_placement", "三(二)2", gettext_noop("工作人员合理分流、妥善安置"), "revoked", [CAMPAIGN]),
    ("consolidation_on_time", "三(二)2", gettext_noop("精简整合事项在时限内完成"), "revoked", [CAMPAIGN]),
    (
        "still_gone",
        "四(二)",
        gettext_noop("应予撤销的机构未以任何形式、任何名义保留"),
        "revoked",
        [CAMPAIGN, FOLLOW_UP],
    ),
    (
        "no_new_office",
        "四(二)",
        gettext_noop("未新设办事机构或派驻人员以办事机构名义开展活动"),
        "all",
        [CAMPAIGN, PATROL],
    ),
    (
        "assets_where_disposed",
        "三(二)2",
        gettext_noop("资产仍在处置时所列的接收单位或买受人名下"),
        "revoked",
        [FOLLOW_UP],
    ),
    ("reception_rules", "二(四)2", gettext_noop("公务接待执行《党政机关国内公务接待管理规定》"), "retained", [PATROL]),
]


def load_checklist(CheckItem) -> None:  # noqa: N803 - the model class, from a migration's registry too
    for position, (code, clause, text, applies, kinds) in enumerate(ITEMS, start=1):
        CheckItem.objects.update_or_create(
            code=code,
            defaults={"clause": clause, "text": text, "applies": applies, "kinds": kinds, "position": position},
        )
