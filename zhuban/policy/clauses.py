"""The plan's clauses as data: id, exact text, plain-language summary, effective date, reference.

The text is quoted verbatim from 咸政办函〔2015〕58号 (half-width punctuation as the plan prints
it); only the item number ("1、", "(二)") is left out, because the id carries it. One line of
三(二)1 is broken in the source file mid-word ("清理规 / 范"); it is joined here. The texts are
marked with ``gettext_noop`` so that the English catalogue can carry a translation, while the
Chinese stays the exact quotation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from django.utils.translation import gettext_noop

PLAN_REFERENCE = "咸政办函〔2015〕58号"
# The forwarding notice is dated 2015年7月20日; the plan takes effect on issue (三: "从本实施方案印发之日起").
PLAN_ISSUED_ON = date(2015, 7, 20)

# Terms the plan itself fixes (not ambiguities, so not settings): 二(一)3 names the approver of the
# city's Wuhan office and the plaque it adds.
WUHAN_OFFICE_APPROVER = "省人民政府"
PUBLIC_LIAISON_PLAQUE = "驻汉群众工作办公室"
# Violations of the discipline rules all rest on 四(二).
DISCIPLINE_CLAUSE = "四(二)"


@dataclass(frozen=True, slots=True)
class Clause:
    id: str
    section: str
    text: str
    summary_en: str
    effective_from: date = PLAN_ISSUED_ON
    reference: str = PLAN_REFERENCE


_SECTION_WUHAN = gettext_noop("精简市县政府驻武汉办事机构")
_SECTION_OUTSIDE = gettext_noop("整合驻外省省会城市办事机构")
_SECTION_MANAGEMENT = gettext_noop("加强驻省会城市办事机构管理")
_SECTION_CLEANUP = gettext_noop("清理规范阶段(7月20日至10月16日)")

_CLAUSES = (
    Clause(
        id="二(一)1",
        section=_SECTION_WUHAN,
        text=gettext_noop("撤销县级政府驻汉办事机构。"),
        summary_en="Offices that county-level governments keep in Wuhan are revoked.",
    ),
    Clause(
        id="二(一)2",
        section=_SECTION_WUHAN,
        text=gettext_noop("撤销市、县两级政府直属部门驻武汉办事机构。"),
        summary_en="Offices that city or county government departments keep in Wuhan are revoked.",
    ),
    Clause(
        id="二(一)3",
        section=_SECTION_WUHAN,
        text=gettext_noop(
            "应工作所需,保留市政府驻武汉办事机构(报经省人民政府批准,申报工作由市政府驻武汉办事处负责),"
            "并加挂“驻汉群众工作办公室”牌子。"
        ),
        summary_en=(
            "The city government's own Wuhan office is kept, subject to the provincial government's approval "
            "(applied for by that office), and adds the plaque 'Public Liaison Office in Wuhan'."
        ),
    ),
    Clause(
        id="二(二)1",
        section=_SECTION_OUTSIDE,
        text=gettext_noop("市级政府及其所属部门,在同一城市分别派驻办事机构的,要实行整合,不再保留部门办事机构。"),
        summary_en=(
            "Where the city government and one of its departments both have an office in the same city, "
            "they are merged and the department's office is not kept."
        ),
    ),
    Clause(
        id="二(二)2",
        section=_SECTION_OUTSIDE,
        text=gettext_noop("市政府在同一省区多个城市或者临近省区多个城市派驻办事机构的,要实行整合,保留一个办事机构。"),
        summary_en=(
            "Where the city government has offices in several cities of one province, or of neighbouring "
            "provinces, they are merged and one office is kept."
        ),
    ),
    Clause(
        id="二(二)3",
        section=_SECTION_OUTSIDE,
        text=gettext_noop("市政府与县(市、区)政府在同一城市派驻办事机构的,要实行整合,仅保留市政府派驻机构。"),
        summary_en=(
            "Where the city government and a county-level government both have an office in the same city, "
            "they are merged and only the city government's office is kept."
        ),
    ),
    Clause(
        id="二(二)4",
        section=_SECTION_OUTSIDE,
        text=gettext_noop("从事对口援助的驻省会城市办事机构经审批,可以保留。"),
        summary_en="An office doing counterpart assistance may be kept, once approved.",
    ),
    Clause(
        id="二(三)",
        section=gettext_noop("转变市县政府驻省会城市办事机构职能"),
        text=gettext_noop(
            "转变市县政府驻省会城市办事机构职能。\n"
            "应当根据经济社会发展要求,推动驻省会城市办事机构职能由接待服务、争取项目和资金为主向促进经济合作、"
            "参与社会管理和公共服务为主转变。\n"
            "1、服务区域间经济合作。加大对本地的宣传推介力度,促进本地与驻在地的资源合理流动,"
            "积极参与对口援助相关服务工作。\n"
            "2、参与社会管理和驻地群众工作。加强与驻在地有关职能部门的沟通协调,为本地外出务工人员提供服务,"
            "协助办理民族事务,协助处置突发事件,协助做好信访工作,调解纠纷,维护社会稳定。\n"
            "3、加强流动党员和流动团员管理服务。协助做好流动党员的管理服务工作,建立健全流动党员党组织,"
            "积极为流动党员提供组织关系接转、组织生活、教育培训、关爱帮扶、权益保障等服务,建立健全团员团组织,"
            "协助做好流动团员的管理服务工作。\n"
            "4、改进政务联络和信息沟通。加强与驻在地的政务联络,收集、传送驻在地经济社会发展的政策、经验等信息,"
            "更好的为本地发展服务。"
        ),
        summary_en=(
            "Offices shift from hosting visitors and chasing projects and funds to economic cooperation, "
            "social management (migrant workers, emergencies, petitions, disputes), mobile party and league "
            "members, and liaison and information."
        ),
    ),
    Clause(
        id="二(四)1",
        section=_SECTION_MANAGEMENT,
        text=gettext_noop(
            "整合机构,按程序报批。市政府应根据实际需要,进一步明确驻省会城市办事机构的设置条件、程序、职能以及"
            "管理责任等,坚持从严控制,并按程序报批。各县(市、区)驻汉机构撤销后,保留的工作人员归并到"
            "“驻汉群众工作办公室”统一管理。"
        ),
        summary_en=(
            "The city government sets the conditions, procedure, functions and responsibilities of its offices, "
            "keeps them strictly limited and submits them for approval; staff kept from the counties' revoked "
            "Wuhan offices join the Public Liaison Office."
        ),
    ),
    Clause(
        id="二(四)2",
        section=_SECTION_MANAGEMENT,
        text=gettext_noop(
            "严格规范公务接待。驻省会城市办事机构应当严格执行《党政机关国内公务接待管理规定》,加强公务接待管理,"
            "有效利用社会资源为公务接待提供服务,按照接待服务社会化改革,与所属宾馆、招待所等经营性实体实行脱钩。"
            "要严格执行公务接待制度,不得突破接待范围和标准。要实行公务接待信息公开,按年度统计公务接待经费预决算、"
            "接待场所、接待项目等情况,按照有关规定予以公开,接受社会监督。"
        ),
        summary_en=(
            "Official receptions follow the national rules; offices cut ties with their hotels and guesthouses, "
            "stay within scope and standards, and publish reception budgets, accounts, venues and items yearly."
        ),
    ),
    Clause(
        id="二(四)3",
        section=_SECTION_MANAGEMENT,
        text=gettext_noop(
            "加强驻省会城市办事机构自身建设。驻省会城市办事机构干部原则上实行3年定期轮换,辅助性工作人员可在驻地聘用。"
            "完善财务管理制度和标准,严格执行预算管理和资产管理有关规定。加强内部制度建设,建立健全工作考核机制和"
            "激励约束机制,营造良好工作氛围。"
        ),
        summary_en=(
            "Cadres rotate, in principle every 3 years; auxiliary staff may be hired locally; finances, budgets, "
            "assets and internal rules are kept in order."
        ),
    ),
    Clause(
        id="三(二)1",
        section=_SECTION_CLEANUP,
        text=gettext_noop(
            "核实登记环节(7月20日至7月31日)。\n"
            "市、县两级在2014年调查摸底的基础上,结合清理规范工作要求,对本级政府及其职能部门驻省会城市办事机构"
            "逐一核实登记,提出精简整合意见,并将相关情况(见附表一)于6月30日前报市机关事务管理局。"
        ),
        summary_en=(
            "Registration (20-31 July): each level verifies and records every office, proposes its disposition "
            "and reports the registration table to the offices administration (the plan says by 30 June)."
        ),
    ),
    Clause(
        id="三(二)2",
        section=_SECTION_CLEANUP,
        text=gettext_noop(
            "精简整合环节(8月1日至8月31日)。\n"
            "市、县两级应对撤销、整合的驻省会城市办事机构进行精简整合,及时注销机构、收回编制,对土地、房屋、车辆及"
            "其它资产,应当按照国有资产管理的有关规定采取划转、拍卖、有偿转让等方式进行处置,准确核对资金与往来款项"
            "和债权债务,避免国有资产流失(8月底前报送专项工作报告);对工作人员要做好思想政治工作,区分不同情况,"
            "合理分流,妥善安置,确保精简整合工作平稳有序。同时按规定程序做好相关的报批工作。\n"
            "已撤销驻武汉办事机构的县(市、区)政府根据工作需要并报市政府批准,可选派人员在市政府“驻汉群众工作办公室”"
            "设立工作窗口,开展政务联络、经济合作和信访维稳等工作,人数不得超过3人。为便于工作协调与管理,人员编制等"
            "原则上隶属县(市、区)政府办公室,指定的负责人,同时兼任县(市、区)政府办公室副主任。机构整合后迅速到位,"
            "搞好工作对接。"
        ),
        summary_en=(
            "Consolidation (1-31 August): revoked and merged offices are deregistered, quotas recovered, assets "
            "disposed of lawfully, money reconciled and staff placed, with a report by the end of August. A county "
            "whose Wuhan office was revoked may, with the city's approval, station a window of at most 3 people "
            "in the city's Public Liaison Office."
        ),
    ),
    Clause(
        id="三(二)3",
        section=_SECTION_CLEANUP,
        text=gettext_noop(
            "建章立制环节(9月1日至9月20日)。\n"
            "进一步完善驻省会城市办事机构管理制度,根据工作与职能对接需要,合理核定机构职能,内设机构和人员编制方案,"
            "明确职能定位,搞好有效对接,充分发挥派驻机构作用,促进规范运行。"
        ),
        summary_en=("Rule-making (1-20 September): fix each retained office's functions, internal units and staffing."),
    ),
    Clause(
        id="三(三)",
        section=gettext_noop("检查总结阶段(9月21日至10月20日)"),
        text=gettext_noop(
            "检查总结阶段(9月21日至10月20日)。\n"
            "市监察局、市编办、市财政局、市审计局、市政府驻汉办、市机关事务管理局等部门加强工作协作,重点检查市、县"
            "两级派出机构与所属宾馆、招待所等经营性实体脱钩情况;撤销的驻省会城市办事机构的土地、房屋、车辆等资产"
            "处置情况,工作人员安置情况等。各县(市、区)清理规范工作总结于10月21日前报市机关事务管理局。"
        ),
        summary_en=(
            "Inspection (21 September - 20 October): a joint inspection checks decoupling from business entities, "
            "asset disposal and staff placement; each county reports its summary by 21 October."
        ),
    ),
    Clause(
        id="四(二)",
        section=gettext_noop("工作要求"),
        text=gettext_noop(
            "纪律执行到位。严格遵守中央及省有关规定,不得以任何名义和形式在省会城市新设办事机构或派驻人员以办事机构"
            "名义开展活动。对未经批准擅自设立办事机构的,或者以任何形式、任何名义保留应予撤销的驻省会城市办事机构的,"
            "以及借撤销整合之机挪用、私分、侵吞和违规处置国有资产的行为,要依法依规严肃处理。"
        ),
        summary_en=(
            "Discipline: no new offices in provincial capitals under any name; setting one up without approval, "
            "keeping an office that should be revoked, or misusing state assets in the process is dealt with "
            "by law."
        ),
    ),
)

CLAUSES: Mapping[str, Clause] = MappingProxyType({c.id: c for c in _CLAUSES})

# The sentence of a longer clause that decides a case, quoted on its own so an explanation cites
# what applies (a retention outside Hubei is approved "按程序报批"; the sentence about the
# counties' Wuhan staff does not concern it). Keys are "<clause id>.<name>"; each text is a
# verbatim part of its clause (a test checks).
EXCERPTS: Mapping[str, str] = MappingProxyType(
    {
        "二(四)1.procedure": gettext_noop(
            "市政府应根据实际需要,进一步明确驻省会城市办事机构的设置条件、程序、职能以及管理责任等,"
            "坚持从严控制,并按程序报批。"
        ),
        "二(四)1.wuhan_staff": gettext_noop(
            "各县(市、区)驻汉机构撤销后,保留的工作人员归并到“驻汉群众工作办公室”统一管理。"
        ),
        "四(二).new_office": gettext_noop(
            "不得以任何名义和形式在省会城市新设办事机构或派驻人员以办事机构名义开展活动。"
        ),
        "四(二).retained": gettext_noop("以任何形式、任何名义保留应予撤销的驻省会城市办事机构的"),
    }
)
CLAUSE_IDS: tuple[str, ...] = tuple(CLAUSES)


def clause(clause_id: str) -> Clause:
    """The clause with this id; a KeyError names an id the plan does not have."""
    return CLAUSES[clause_id]
