"""Retained offices year after year (二(三), 二(四)1, 二(四)3, 三(二)3): their mandate (三定) in
versions, the post history of their people, and the log of their work under the plan's four
headings.

Every record hangs from a retained office and takes its scope: the office's jurisdiction and its
sponsoring unit, so the office's own staff (a unit-scoped grant) see their office's records and
nobody else's.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhuban.lib.money import MoneyField
from zhuban.registry.models import Office, StaffMember

OFFICE_SCOPE = ("office__jurisdiction__path", "office__sponsor_id", "office")


class Function(models.TextChoices):
    """二(三): the four functions a retained office is to shift its work to."""

    ECONOMIC = "economic", _("服务区域间经济合作")
    SOCIAL = "social", _("参与社会管理和驻地群众工作")
    PARTY = "party", _("加强流动党员和流动团员管理服务")
    LIAISON = "liaison", _("改进政务联络和信息沟通")


class Heading(models.TextChoices):
    """What a day's work was: one of the four functions, or the work the plan moves away from
    (二(三): "由接待服务、争取项目和资金为主"), logged so the shift can be seen."""

    ECONOMIC = Function.ECONOMIC.value, Function.ECONOMIC.label
    SOCIAL = Function.SOCIAL.value, Function.SOCIAL.label
    PARTY = Function.PARTY.value, Function.PARTY.label
    LIAISON = Function.LIAISON.value, Function.LIAISON.label
    RECEPTION = "reception", _("接待服务")
    FUNDS = "funds", _("争取项目和资金")


# The plan's purpose: work under these headings is the new work (二(三)).
NEW_WORK = frozenset(Function.values)
OLD_WORK = frozenset({Heading.RECEPTION.value, Heading.FUNDS.value})


class Kind(models.TextChoices):
    """The matters 二(三) names under each heading."""

    PROMOTION = "promotion", _("宣传推介")
    COOPERATION = "cooperation", _("合作项目")
    ASSISTANCE = "assistance", _("对口援助服务")
    MIGRANT_WORKERS = "migrant_workers", _("外出务工人员服务")
    ETHNIC = "ethnic", _("民族事务")
    EMERGENCY = "emergency", _("突发事件处置")
    PETITION = "petition", _("信访")
    DISPUTE = "dispute", _("纠纷调解")
    TRANSFER = "transfer", _("组织关系接转")
    TRAINING = "training", _("教育培训")
    CARE = "care", _("关爱帮扶和权益保障")
    LEAGUE = "league", _("流动团员服务")
    LIAISON = "liaison", _("政务联络")
    INFORMATION = "information", _("信息收集和报送")
    RECEPTION = "reception", _("公务接待")
    FUNDS = "funds", _("争取项目和资金")


KINDS_OF: dict[str, tuple[str, ...]] = {
    Heading.ECONOMIC: (Kind.PROMOTION, Kind.COOPERATION, Kind.ASSISTANCE),
    Heading.SOCIAL: (Kind.MIGRANT_WORKERS, Kind.ETHNIC, Kind.EMERGENCY, Kind.PETITION, Kind.DISPUTE),
    Heading.PARTY: (Kind.TRANSFER, Kind.TRAINING, Kind.CARE, Kind.LEAGUE),
    Heading.LIAISON: (Kind.LIAISON, Kind.INFORMATION),
    Heading.RECEPTION: (Kind.RECEPTION,),
    Heading.FUNDS: (Kind.FUNDS,),
}

# What each kind of work must say (二(三)): the person helped, the matter and its outcome for a
# petition; how many memberships moved or members trained; the project, partner and value of a
# cooperation. The service refuses a log without them, naming the field.
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    Kind.PETITION: ("person_helped", "matter", "outcome"),
    Kind.DISPUTE: ("person_helped", "matter", "outcome"),
    Kind.MIGRANT_WORKERS: ("person_helped", "matter"),
    Kind.EMERGENCY: ("matter", "outcome"),
    Kind.TRANSFER: ("members_count",),
    Kind.TRAINING: ("members_count",),
    Kind.COOPERATION: ("project", "partner", "value"),
}


def field_label(model: type[models.Model], name: str) -> str:
    """A forward field's label (get_field is typed to return reverse relations too)."""
    return str(model._meta.get_field(name).verbose_name)  # type: ignore[union-attr]


class Mandate(models.Model):
    """One version of a retained office's mandate (三定方案, 二(四)1 and 三(二)3): drafted by the
    office, reviewed by the offices administration and then the staffing office, approved. A new
    version starts from the last; the approved one before it is then superseded, and kept."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草拟中")
        SUBMITTED = "submitted", _("待机关事务管理局审核")
        ADMIN_REVIEWED = "admin_reviewed", _("待编办审核")
        STAFFING_REVIEWED = "staffing_reviewed", _("待批准")
        RETURNED = "returned", _("已退回")
        APPROVED = "approved", _("已批准")
        SUPERSEDED = "superseded", _("已被新版本取代")

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="mandates", verbose_name=_("办事机构"))
    number = models.PositiveIntegerField(_("版本号"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    conditions = models.TextField(_("设置（保留）条件和程序"))
    # {function code: the office's own words for it}; a function the office does not take up is absent.
    functions = models.JSONField(_("主要职能"), default=dict)
    internal_units = models.TextField(_("内设机构"), help_text=_("每行一个内设机构。"))
    staffing_quota = models.PositiveIntegerField(_("人员编制数"))
    leadership_posts = models.TextField(_("领导职数"), help_text=_("如：主任1名，副主任2名。"))
    management_responsibility = models.TextField(_("管理责任"))
    approving_document = models.CharField(_("批准文件"), max_length=100, blank=True)
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    # The public liaison office (驻汉群众工作办公室) hosts county windows and manages their staff
    # (二(四)1, 三(二)2): what it hosted when the version was submitted, as the reviewers saw it.
    hosted_windows = models.JSONField(_("承担的县级工作窗口"), default=list, blank=True)
    admin_comments = models.TextField(_("机关事务管理局审核意见"), blank=True)
    staffing_comments = models.TextField(_("编办审核意见"), blank=True)
    staffing_document = models.CharField(_("编办意见文号"), max_length=100, blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("起草人")
    )
    drafted_at = models.DateTimeField(_("起草时间"))
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    scope_fields = OFFICE_SCOPE

    class Meta:
        ordering = ["office", "-number"]
        verbose_name = _("三定方案")
        verbose_name_plural = _("三定方案")
        constraints = [
            models.UniqueConstraint(fields=["office", "number"], name="oversight_mandate_number"),
            # One version in the making at a time, one in force.
            models.UniqueConstraint(
                fields=["office"],
                condition=models.Q(
                    status__in=["draft", "submitted", "admin_reviewed", "staffing_reviewed", "returned"]
                ),
                name="oversight_one_open_mandate",
            ),
            models.UniqueConstraint(
                fields=["office"], condition=models.Q(status="approved"), name="oversight_one_approved_mandate"
            ),
        ]

    def __str__(self) -> str:
        return _("%(office)s三定方案（第%(n)s版）") % {"office": self.office, "n": self.number}

    def get_absolute_url(self) -> str:
        return reverse("oversight:mandate_detail", args=[self.pk])

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    def function_items(self) -> list[tuple[str, str, str]]:
        """(code, the plan's heading, the office's words), in the plan's order."""
        return [(code, str(label), self.functions[code]) for code, label in Function.choices if code in self.functions]


class RotationTerm(models.Model):
    """The rotation term (二(四)3: 原则上实行3年定期轮换) a city sets from a date: a posting takes the
    term in force on the day the person took up the post. Before the first row, the city's policy
    setting (rotation_max_years, the plan's 3 years) is the term; later rows never move a posting
    already made, and old rows stay, so a 2016 posting keeps the 2016 term."""

    jurisdiction = models.ForeignKey(
        "org.Jurisdiction", on_delete=models.PROTECT, related_name="+", verbose_name=_("行政区划")
    )
    years = models.PositiveSmallIntegerField(
        _("轮换年限"), validators=[MinValueValidator(1), MaxValueValidator(10)], help_text=_("在岗至多年数。")
    )
    valid_from = models.DateField(_("起始日期"))
    document = models.CharField(_("依据文件"), max_length=100)

    scope_fields = ("jurisdiction__path", None)

    class Meta:
        ordering = ["jurisdiction", "-valid_from"]
        verbose_name = _("轮换年限")
        verbose_name_plural = _("轮换年限")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "valid_from"], name="oversight_rotation_term_once")
        ]

    def __str__(self) -> str:
        return f"{self.years}（{self.valid_from}）"


class Posting(models.Model):
    """One person's time in post at a retained office (二(四)3): how they are employed, when they
    came, when they left and why. Cadres on the establishment rotate after at most the years in
    force when they were posted (``term_years``); locally hired auxiliary staff do not rotate."""

    class Employment(models.TextChoices):
        ESTABLISHMENT = "establishment", _("在编干部")
        SECONDED = "seconded", _("借调")
        LOCAL_HIRE = "local_hire", _("驻地聘用辅助人员")

    class Leaving(models.TextChoices):
        ROTATED = "rotated", _("定期轮换")
        TRANSFERRED = "transferred", _("调动")
        RETIRED = "retired", _("退休")
        CONTRACT_ENDED = "contract_ended", _("聘用期满")
        OTHER = "other", _("其他")

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="postings", verbose_name=_("办事机构"))
    staff = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="postings",
        verbose_name=_("登记的工作人员"),
    )
    name = models.CharField(_("姓名"), max_length=50)
    post = models.CharField(_("职务"), max_length=100)
    is_leader = models.BooleanField(_("占领导职数"), default=False)
    employment = models.CharField(_("人员类别"), max_length=20, choices=Employment.choices)
    posted_on = models.DateField(_("到岗日期"))
    # The rotation term in force on ``posted_on`` (the city's rotation_max_years setting), kept
    # with the posting so a later change of the setting does not move a date already announced.
    term_years = models.PositiveSmallIntegerField(_("轮换年限"), null=True, blank=True, editable=False)
    left_on = models.DateField(_("离岗日期"), null=True, blank=True)
    leaving = models.CharField(_("离岗原因"), max_length=20, choices=Leaving.choices, blank=True)
    leaving_note = models.CharField(_("说明"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    scope_fields = OFFICE_SCOPE

    class Meta:
        ordering = ["office", "posted_on", "id"]
        verbose_name = _("人员任职")
        verbose_name_plural = _("人员任职")
        indexes = [models.Index(fields=["employment", "left_on"], name="oversight_posting_open")]

    def __str__(self) -> str:
        return f"{self.name}（{self.post}）"

    @property
    def rotates(self) -> bool:
        return self.employment == self.Employment.ESTABLISHMENT

    @property
    def rotation_due_on(self):
        """The last day in post the term allows (None for staff who do not rotate)."""
        if not self.rotates or self.term_years is None:
            return None
        return add_years(self.posted_on, self.term_years)

    def in_post_on(self, day) -> bool:
        return self.posted_on <= day and (self.left_on is None or self.left_on > day)


def add_years(day, years: int):
    """The same day ``years`` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class WorkLog(models.Model):
    """One piece of a retained office's work (二(三)), or of a county window it hosts, under the
    plan's headings, with the fields each kind needs (``REQUIRED_FIELDS``)."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="work_logs", verbose_name=_("办事机构"))
    # A county window hosted by the public liaison office: its work is logged there, by the
    # office that manages its staff (二(四)1).
    window = models.ForeignKey(
        "consolidation.CountyWindow",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_logs",
        verbose_name=_("县级工作窗口"),
    )
    heading = models.CharField(_("职能"), max_length=12, choices=Heading.choices)
    kind = models.CharField(_("事项类别"), max_length=20, choices=Kind.choices)
    occurred_on = models.DateField(_("日期"))
    summary = models.CharField(_("工作内容"), max_length=300)
    people_served = models.PositiveIntegerField(_("服务人次"), default=1)
    person_helped = models.CharField(_("服务对象"), max_length=100, blank=True)
    matter = models.CharField(_("事由"), max_length=300, blank=True)
    outcome = models.CharField(_("办理结果"), max_length=300, blank=True)
    members_count = models.PositiveIntegerField(_("党员（团员）人数"), null=True, blank=True)
    project = models.CharField(_("项目名称"), max_length=200, blank=True)
    partner = models.CharField(_("合作方"), max_length=200, blank=True)
    # Exact on every engine (zhuban/lib/money.py).
    value = MoneyField(
        _("项目金额（万元）"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("录入人")
    )
    recorded_at = models.DateTimeField(_("录入时间"))
    withdrawn = models.BooleanField(_("已撤回"), default=False)
    withdrawn_reason = models.CharField(_("撤回理由"), max_length=200, blank=True)

    scope_fields = OFFICE_SCOPE

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("工作日志")
        verbose_name_plural = _("工作日志")
        indexes = [models.Index(fields=["office", "occurred_on"], name="oversight_log_office_day")]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_kind_display()}：{self.summary[:40]}"


class SpendingCategory(models.TextChoices):
    """The lines a Chinese administrative unit reports in its budget and final accounts, with the
    three that 二(四)2 and the disclosure watch (receptions, vehicles) and rent apart."""

    PERSONNEL = "personnel", _("人员经费")
    OPERATING = "operating", _("日常公用经费")
    RECEPTION = "reception", _("公务接待费")
    VEHICLES = "vehicles", _("公务用车购置及运行维护费")
    TRAVEL = "travel", _("因公出国（境）费")
    RENT = "rent", _("房屋租赁费")
    PROJECTS = "projects", _("项目支出")
    OTHER = "other", _("其他支出")


class BudgetLine(models.Model):
    """One category of one year's budget (预算) and, once the year is closed, its final accounts
    (决算) for a retained office (二(四)3: 严格执行预算管理). Amounts in 元."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="budget_lines", verbose_name=_("办事机构")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    category = models.CharField(_("支出科目"), max_length=12, choices=SpendingCategory.choices)
    # Exact on every engine (zhuban/lib/money.py).
    budget = MoneyField(
        _("预算数（元）"), max_digits=18, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    final = MoneyField(
        _("决算数（元）"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    explanation = models.CharField(_("超支说明"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    scope_fields = OFFICE_SCOPE

    class Meta:
        ordering = ["office", "year", "category"]
        verbose_name = _("预算决算")
        verbose_name_plural = _("预算决算")
        constraints = [
            models.UniqueConstraint(fields=["office", "year", "category"], name="oversight_budget_line_once")
        ]

    def __str__(self) -> str:
        return f"{self.office} {self.year} {self.get_category_display()}"

    @property
    def overspent(self) -> Decimal | None:
        """How much the final accounts exceed the budget (None when within it or not yet closed)."""
        if self.final is None or self.final <= self.budget:
            return None
        return self.final - self.budget


class InternalRule(models.Model):
    """One version of one of the office's internal rules (二(四)3: 加强内部制度建设). A rule is
    known by its title; each adoption adds a version, and every version is kept."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="internal_rules", verbose_name=_("办事机构")
    )
    title = models.CharField(_("制度名称"), max_length=100)
    number = models.PositiveIntegerField(_("版本号"))
    text = models.TextField(_("制度正文"))
    adopted_on = models.DateField(_("印发日期"))
    recorded_at = models.DateTimeField(_("录入时间"))

    scope_fields = OFFICE_SCOPE

    class Meta:
        ordering = ["office", "title", "-number"]
        verbose_name = _("内部制度")
        verbose_name_plural = _("内部制度")
        constraints = [models.UniqueConstraint(fields=["office", "title", "number"], name="oversight_rule_version")]

    def __str__(self) -> str:
        return _("%(title)s（第%(n)s版）") % {"title": self.title, "n": self.number}


class Criterion(models.Model):
    """One criterion of a year's assessment (考核, 二(四)3), set by the offices administration of
    the city for its retained offices, with the most it can score."""

    jurisdiction = models.ForeignKey(
        "org.Jurisdiction", on_delete=models.PROTECT, related_name="+", verbose_name=_("行政区划")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    text = models.CharField(_("考核内容"), max_length=200)
    max_score = models.PositiveSmallIntegerField(_("分值"))

    scope_fields = ("jurisdiction__path", None)

    class Meta:
        ordering = ["jurisdiction", "year", "id"]
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "year", "text"], name="oversight_criterion_once")
        ]

    def __str__(self) -> str:
        return f"{self.text}（{self.max_score}）"


class Assessment(models.Model):
    """A year's assessment of a retained office, or of one of its cadres (``posting``): a score
    per criterion, the evidence it rests on, and the result. Seen by whoever reads the office:
    its sponsor and the administration."""

    class Result(models.TextChoices):
        EXCELLENT = "excellent", _("优秀")
        COMPETENT = "competent", _("称职")
        BASIC = "basic", _("基本称职")
        INCOMPETENT = "incompetent", _("不称职")

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("办事机构"))
    posting = models.ForeignKey(
        Posting, on_delete=models.PROTECT, null=True, blank=True, related_name="assessments", verbose_name=_("干部")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    scores = models.JSONField(_("得分"), default=dict)  # {criterion id (text): score}
    total = models.PositiveIntegerField(_("总分"))
    evidence = models.TextField(_("考核依据"))
    result = models.CharField(_("考核结果"), max_length=12, choices=Result.choices)
    assessed_at = models.DateTimeField(_("录入时间"))

    scope_fields = OFFICE_SCOPE

    class Meta:
        ordering = ["office", "-year", "posting"]
        verbose_name = _("年度考核")
        verbose_name_plural = _("年度考核")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year"],
                condition=models.Q(posting__isnull=True),
                name="oversight_office_assessed_once",
            ),
            models.UniqueConstraint(fields=["posting", "year"], name="oversight_cadre_assessed_once"),
        ]

    def __str__(self) -> str:
        who = self.posting.name if self.posting_id and self.posting else self.office.name
        return f"{who} {self.year} {self.get_result_display()}"
