"""Joint inspections (三(三)), their findings and rectification, violation cases (四(二)) and
continuing supervision (四(三)).

Scope: an inspection belongs to the jurisdiction that organises it (the city); what it finds
belongs to the office inspected, so a county sees the findings about its own offices and nothing
of its neighbours'. Violation cases are scoped to the jurisdiction concerned but read only with
``inspection.case_read`` (the discipline side and the offices administration); what the
jurisdiction itself sees is the notices addressed to it, once a case is opened to it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhuban.org.models import Jurisdiction, Unit
from zhuban.registry.models import Office


class Body(models.TextChoices):
    """The bodies 三(三) names for the joint inspection, in the plan's order."""

    SUPERVISION = "supervision", _("市监察局")
    STAFFING = "staffing", _("市编办")
    FINANCE = "finance", _("市财政局")
    AUDIT = "audit", _("市审计局")
    WUHAN_OFFICE = "wuhan_office", _("市政府驻汉办")
    OFFICES_ADMINISTRATION = "offices_administration", _("市机关事务管理局")


class TeamBody(models.Model):
    """One body of a jurisdiction's joint inspection team, with its members."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="+", verbose_name=_("行政区划")
    )
    body = models.CharField(_("成员单位"), max_length=30, choices=Body.choices)
    name = models.CharField(_("单位名称"), max_length=80)
    # The registered unit, where the product has one (the Wuhan office is an office, not a unit).
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("单位")
    )

    scope_fields = ("jurisdiction__path", None)

    class Meta:
        ordering = ["jurisdiction__path", "id"]
        verbose_name = _("联合检查组成员单位")
        verbose_name_plural = _("联合检查组成员单位")
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "body"], name="inspection_body_once")]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    """A person on the joint team, acting for their body (one body per person and jurisdiction)."""

    body = models.ForeignKey(TeamBody, on_delete=models.PROTECT, related_name="members", verbose_name=_("成员单位"))
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+", editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("人员")
    )
    post = models.CharField(_("职务"), max_length=60, blank=True)
    # A member who left the team: kept, so what they recorded stays attributed to them and their
    # body, but they act on nothing any more and are offered for no plan.
    removed_at = models.DateTimeField(_("退出时间"), null=True, blank=True, editable=False)

    scope_fields = ("jurisdiction__path", None)

    class Meta:
        ordering = ["body_id", "id"]
        verbose_name = _("检查组成员")
        verbose_name_plural = _("检查组成员")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "user"], name="inspection_member_one_body"),
        ]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.get_username()}（{self.body.name}）"


class Kind(models.TextChoices):
    CAMPAIGN = "campaign", _("检查总结")
    PATROL = "patrol", _("跟踪巡查")
    FOLLOW_UP = "follow_up", _("回头看")


class Schedule(models.Model):
    """Continuing supervision (四(三)): a patrol of the retained offices, or a follow-up of the
    revoked ones, started again every ``every_months``."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="+", verbose_name=_("行政区划")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=[c for c in Kind.choices if c[0] != Kind.CAMPAIGN])
    name = models.CharField(_("名称"), max_length=100)
    every_months = models.PositiveSmallIntegerField(_("周期（月）"), default=12)
    next_on = models.DateField(_("下次开始日期"))
    duration_days = models.PositiveSmallIntegerField(_("每次检查天数"), default=30)
    leader = models.ForeignKey(TeamMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("组长"))
    active = models.BooleanField(_("启用"), default=True)

    scope_fields = ("jurisdiction__path", None)

    class Meta:
        ordering = ["next_on", "id"]
        verbose_name = _("跟踪巡查计划")
        verbose_name_plural = _("跟踪巡查计划")

    def __str__(self) -> str:
        return self.name


class Inspection(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("计划中")
        CLOSED = "closed", _("已结束")

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="+", verbose_name=_("组织单位")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.CAMPAIGN)
    name = models.CharField(_("名称"), max_length=100)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    leader = models.ForeignKey(TeamMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("组长"))
    members = models.ManyToManyField(TeamMember, related_name="inspections", verbose_name=_("检查组成员"))
    schedule = models.ForeignKey(
        Schedule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("巡查计划"),
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    planned_at = models.DateTimeField(_("制定时间"))

    scope_fields = ("jurisdiction__path", None)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("检查")
        verbose_name_plural = _("检查")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("inspection:inspection_detail", args=[self.pk])


class Target(models.Model):
    """One office an inspection covers (and so its jurisdiction)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="targets", verbose_name=_("检查"))
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("办事机构"))

    scope_fields = ("office__jurisdiction__path", "office__sponsor_id", "office")

    class Meta:
        ordering = ["inspection", "office__jurisdiction__path", "office__name"]
        verbose_name = _("检查对象")
        verbose_name_plural = _("检查对象")
        constraints = [models.UniqueConstraint(fields=["inspection", "office"], name="inspection_target_once")]

    def __str__(self) -> str:
        return f"{self.inspection} · {self.office}"

    def get_absolute_url(self) -> str:
        return reverse("inspection:target_detail", args=[self.pk])


class CheckItem(models.Model):
    """One line of the checklist, as data, with the clause it rests on (loaded from checklist.py)."""

    class Applies(models.TextChoices):
        ALL = "all", _("所有机构")
        REVOKED = "revoked", _("撤销或整合的机构")
        RETAINED = "retained", _("保留的机构")

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    clause = models.CharField(_("依据条款"), max_length=20)
    text = models.CharField(_("检查内容"), max_length=200)
    applies = models.CharField(_("适用"), max_length=10, choices=Applies.choices)
    kinds = models.JSONField(_("适用检查类型"), default=list)
    position = models.PositiveSmallIntegerField(_("顺序"))

    class Meta:
        ordering = ["position"]
        verbose_name = _("检查清单项目")
        verbose_name_plural = _("检查清单项目")

    def __str__(self) -> str:
        return f"{self.text}（{self.clause}）"


class Verdict(models.TextChoices):
    COMPLIANT = "compliant", _("符合")
    PROBLEM = "problem", _("存在问题")
    UNKNOWN = "unknown", _("待现场核实")


class Entry(models.Model):
    """One checklist item for one target: what the product's data said, and the inspector's word."""

    class Status(models.TextChoices):
        PREFILLED = "prefilled", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        OVERRIDDEN = "overridden", _("已改判")

    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="entries", verbose_name=_("检查对象"))
    item = models.ForeignKey(CheckItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("检查项目"))
    suggested = models.CharField(_("系统预判"), max_length=10, choices=Verdict.choices)
    # [{"label": ..., "link": ...}]: each fact the suggestion rests on, linking to its record.
    evidence = models.JSONField(_("依据"), default=list, blank=True)
    verdict = models.CharField(_("检查结论"), max_length=10, choices=Verdict.choices, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.PREFILLED)
    reason = models.CharField(_("改判理由"), max_length=300, blank=True)
    decided_by = models.CharField(_("确认人"), max_length=150, blank=True)
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    scope_fields = ("target__office__jurisdiction__path", "target__office__sponsor_id", "target__office")

    class Meta:
        ordering = ["target", "item__position"]
        verbose_name = _("检查清单")
        verbose_name_plural = _("检查清单")
        constraints = [models.UniqueConstraint(fields=["target", "item"], name="inspection_entry_once")]

    def __str__(self) -> str:
        return f"{self.target.office} · {self.item.text}"


class Severity(models.TextChoices):
    MINOR = "minor", _("一般")
    SERIOUS = "serious", _("较重")
    GRAVE = "grave", _("严重")


class Finding(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("待整改")
        ANSWERED = "answered", _("待验收")
        RETURNED = "returned", _("退回重改")
        CLOSED = "closed", _("已销号")

    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="findings", verbose_name=_("检查")
    )
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="findings", verbose_name=_("检查对象"))
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("办事机构"))
    item = models.ForeignKey(
        CheckItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("检查项目")
    )
    clause = models.CharField(_("依据条款"), max_length=20)
    severity = models.CharField(_("严重程度"), max_length=10, choices=Severity.choices)
    description = models.TextField(_("问题描述"), max_length=2000)
    responsible_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("整改责任单位")
    )
    recorded_on = models.DateField(_("发现日期"))
    deadline_days = models.PositiveSmallIntegerField(_("整改时限（工作日）"))
    due_on = models.DateField(_("整改截止日期"), editable=False)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    recorded_by = models.CharField(_("录入人"), max_length=150)
    body = models.ForeignKey(TeamBody, on_delete=models.PROTECT, related_name="+", verbose_name=_("代表单位"))
    version = models.PositiveIntegerField(default=1, editable=False)

    scope_fields = ("office__jurisdiction__path", "office__sponsor_id", "office")

    class Meta:
        ordering = ["office__jurisdiction__path", "office__name", "id"]
        verbose_name = _("检查发现")
        verbose_name_plural = _("检查发现")

    def __str__(self) -> str:
        return f"{self.office} · {self.description[:30]}"

    def get_absolute_url(self) -> str:
        return reverse("inspection:finding_detail", args=[self.pk])


class Step(models.Model):
    """Each state a finding entered, on which date: the tracker counts findings by state as of
    any date from these rows."""

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="steps")
    status = models.CharField(_("状态"), max_length=10, choices=Finding.Status.choices)
    on = models.DateField(_("日期"))
    at = models.DateTimeField(_("录入时间"))

    class Meta:
        ordering = ["finding", "on", "id"]

    def __str__(self) -> str:
        return f"{self.finding_id} · {self.status} · {self.on}"


class Rectification(models.Model):
    """The jurisdiction's answer to a finding, and the team's review of it."""

    class Review(models.TextChoices):
        PENDING = "", _("待验收")
        ACCEPTED = "accepted", _("验收通过")
        RETURNED = "returned", _("退回")

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="rectifications")
    text = models.TextField(_("整改情况"), max_length=2000)
    answered_on = models.DateField(_("报送日期"))
    answered_by = models.CharField(_("报送人"), max_length=150)
    review = models.CharField(_("验收结果"), max_length=10, choices=Review.choices, blank=True, default="")
    review_comment = models.CharField(_("验收意见"), max_length=500, blank=True)
    reviewed_on = models.DateField(_("验收日期"), null=True, blank=True)
    reviewed_by = models.CharField(_("验收人"), max_length=150, blank=True)

    scope_fields = ("finding__office__jurisdiction__path", "finding__office__sponsor_id", "finding__office")

    class Meta:
        ordering = ["finding", "id"]
        verbose_name = _("整改情况")
        verbose_name_plural = _("整改情况")

    def __str__(self) -> str:
        return f"{self.finding_id} · {self.answered_on}"


class Evidence(models.Model):
    """A file behind a finding (the team's) or its rectification (the jurisdiction's)."""

    class Stage(models.TextChoices):
        FINDING = "finding", _("检查取证")
        RECTIFICATION = "rectification", _("整改材料")

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="evidence")
    rectification = models.ForeignKey(
        Rectification, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    stage = models.CharField(_("阶段"), max_length=20, choices=Stage.choices)
    file = models.FileField(_("文件"), upload_to="inspection/%Y/")
    name = models.CharField(_("文件名"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("大小（字节）"))
    content_kind = models.CharField(_("文件类型"), max_length=10)
    uploaded_at = models.DateTimeField(_("上传时间"))
    uploaded_by = models.CharField(_("上传人"), max_length=150)

    scope_fields = ("finding__office__jurisdiction__path", "finding__office__sponsor_id", "finding__office")

    class Meta:
        ordering = ["finding", "id"]
        verbose_name = _("检查证明材料")
        verbose_name_plural = _("检查证明材料")

    def __str__(self) -> str:
        return self.name


class CaseKind(models.TextChoices):
    """The violations 四(二) names."""

    UNAPPROVED = "unapproved", _("未经批准擅自设立办事机构")
    NEW_AFTER_PLAN = "new_after_plan", _("新设办事机构或派驻人员以办事机构名义开展活动")
    KEPT = "kept", _("以任何形式、任何名义保留应予撤销的办事机构")
    ASSETS = "assets", _("挪用、私分、侵吞和违规处置国有资产")


class Case(models.Model):
    """A violation case (四(二)): proposed by detection or by a person, opened or dismissed."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("待研判")
        DISMISSED = "dismissed", _("不予立案")
        OPEN = "open", _("已立案")
        DECIDED = "decided", _("已作出处理决定")

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="+", verbose_name=_("有关地方")
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("涉及机构")
    )
    kind = models.CharField(_("违规类型"), max_length=20, choices=CaseKind.choices)
    clause = models.CharField(_("依据条款"), max_length=20, default="四(二)")
    facts = models.TextField(_("基本事实"), max_length=4000)
    # What else is involved: assets and people, as named lines ([{"label": ..., "link": ...}]).
    involved = models.JSONField(_("涉及资产和人员"), default=list, blank=True)
    # Stable per detected fact (e.g. "flag:new_office:12"), so detection never proposes a case twice.
    detection_key = models.CharField(_("线索来源"), max_length=120, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    handling_body = models.CharField(_("办理单位"), max_length=80, blank=True)
    proposed_at = models.DateTimeField(_("提出时间"))
    opened_on = models.DateField(_("立案日期"), null=True, blank=True)
    dismissal_reason = models.CharField(_("不予立案理由"), max_length=500, blank=True)
    decided_by_actor = models.CharField(_("研判人"), max_length=150, blank=True)
    measure = models.CharField(_("处理措施"), max_length=300, blank=True)
    decision_document = models.CharField(_("处理决定文号"), max_length=100, blank=True)
    decision_on = models.DateField(_("处理决定日期"), null=True, blank=True)
    follow_up = models.TextField(_("落实情况"), max_length=2000, blank=True)
    # Set when the case is opened to the jurisdiction concerned: until then it sees nothing.
    disclosed_at = models.DateTimeField(_("通报时间"), null=True, blank=True)

    scope_fields = ("jurisdiction__path", None)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("违规违纪案件")
        verbose_name_plural = _("违规违纪案件")
        constraints = [
            models.UniqueConstraint(
                fields=["detection_key"], condition=~models.Q(detection_key=""), name="inspection_case_detected_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.office or self.jurisdiction}"

    def get_absolute_url(self) -> str:
        return reverse("inspection:case_detail", args=[self.pk])


class CaseNote(models.Model):
    """An investigation note, with an optional evidence file. Case files: discipline side only."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    text = models.TextField(_("调查记录"), max_length=4000)
    file = models.FileField(_("证据材料"), upload_to="cases/%Y/", blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    content_kind = models.CharField(max_length=10, blank=True)
    written_at = models.DateTimeField(_("记录时间"))
    written_by = models.CharField(_("记录人"), max_length=150)

    scope_fields = ("case__jurisdiction__path", None)

    class Meta:
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.written_at}"


class Notice(models.Model):
    """What is addressed to the jurisdiction concerned about a case: all it ever sees of it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notices")
    text = models.TextField(_("通报内容"), max_length=2000)
    sent_at = models.DateTimeField(_("通报时间"))

    # A notice about a department's office reaches that department's clerk, not every department.
    scope_fields = ("case__jurisdiction__path", "case__office__sponsor_id", "case__office")

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("案件通报")
        verbose_name_plural = _("案件通报")

    def __str__(self) -> str:
        return f"{self.case_id} · {self.sent_at}"
