"""Internal rules kept in versions, and the annual assessment (考核) against the criteria the
offices administration sets (二(四)3), visible to the sponsor and the administration."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from zhuban.oversight import queries, services
from zhuban.oversight.models import Assessment, InternalRule
from zhuban.oversight.tests import builders

pytestmark = pytest.mark.django_db


def test_a_rule_revised_keeps_its_old_version_and_shows_what_changed(liaison_staff, as_persona):
    office = builders.retained()
    services.rule_adopt(
        actor=liaison_staff,
        office=office,
        title="公务接待制度",
        text="一、凭公函接待。\n二、工作餐一次。",
        adopted_on=date(2016, 1, 5),
    )
    services.rule_adopt(
        actor=liaison_staff,
        office=office,
        title="公务接待制度",
        text="一、凭公函接待。\n二、工作餐至多一次。\n三、陪餐不超过3人。",
        adopted_on=date(2017, 1, 5),
    )
    [history] = queries.rules_of(office)
    assert [v.number for v in history.versions] == [2, 1]
    assert ("-", "二、工作餐一次。") in history.diff() and ("+", "三、陪餐不超过3人。") in history.diff()
    html = as_persona("city_officer").get(reverse("oversight:rules", args=[office.pk])).content.decode()
    assert "<ins>+ 三、陪餐不超过3人。</ins>" in html and "第2版" in html


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"title": " "}, "title", "制度名称"),
        ({"text": ""}, "text", "制度正文"),
        ({"text": "一、凭公函接待。"}, "text", "与“公务接待制度”现行版本相同"),
        ({"adopted_on": date(2015, 1, 1)}, "adopted_on", "不能早于现行版本"),
    ],
)
def test_a_bad_rule_is_refused_naming_the_field(liaison_staff, values, field, message):
    office = builders.retained()
    services.rule_adopt(
        actor=liaison_staff, office=office, title="公务接待制度", text="一、凭公函接待。", adopted_on=date(2016, 1, 5)
    )
    args = {"title": "公务接待制度", "text": "新正文", "adopted_on": date(2016, 6, 1), **values}
    with pytest.raises(ValidationError) as refused:
        services.rule_adopt(actor=liaison_staff, office=office, **args)
    assert message in " ".join(refused.value.message_dict[field])
    assert InternalRule.objects.count() == 1


def test_the_office_and_a_cadre_are_assessed_and_the_sponsor_and_administration_see_it(city_officer, as_persona):
    office = builders.retained()
    c = builders.criteria(2016)
    cadre = builders.posting(office, name="王建国", post="主任")
    services.assessment_record(
        actor=city_officer,
        office=office,
        year=2016,
        scores={c[0].pk: 36, c[1].pk: 38, c[2].pk: 18},
        evidence="年度工作总结、群众满意度测评",
        result="excellent",
    )
    services.assessment_record(
        actor=city_officer,
        office=office,
        year=2016,
        posting=cadre,
        scores={c[0].pk: 30, c[1].pk: 30, c[2].pk: 15},
        evidence="个人述职",
        result="competent",
    )
    assert sorted(Assessment.objects.values_list("total", "result")) == [(75, "competent"), (92, "excellent")]
    for reader in ("liaison_staff", "city_officer"):
        html = as_persona(reader).get(reverse("oversight:assessments", args=[office.pk])).content.decode()
        assert 'data-result="excellent"' in html and "王建国" in html
    assert as_persona("chongyang_clerk").get(reverse("oversight:assessments", args=[office.pk])).status_code == 404
    # Once results are in, the year's criteria stay as they were.
    with pytest.raises(ValidationError, match="指标不能再改"):
        services.criterion_add(
            actor=city_officer, jurisdiction=office.jurisdiction, year=2016, text="新增", max_score=5
        )
    with pytest.raises(ValidationError, match="已录入此项考核结果"):
        services.assessment_record(
            actor=city_officer,
            office=office,
            year=2016,
            scores={c[0].pk: 1, c[1].pk: 1, c[2].pk: 1},
            evidence="x",
            result="basic",
        )


@pytest.mark.parametrize(
    ("scores", "evidence", "result", "message"),
    [
        ({0: 41, 1: 30, 2: 10}, "总结", "competent", "超出0至40分"),
        ({0: 30, 1: 30}, "总结", "competent", "未评分"),
        ({0: 30, 1: 30, 2: 10}, " ", "competent", "须写明考核依据"),
        ({0: 30, 1: 30, 2: 10}, "总结", "great", "请选择考核结果"),
    ],
)
def test_a_bad_assessment_is_refused_and_writes_nothing(city_officer, scores, evidence, result, message):
    office = builders.retained()
    c = builders.criteria(2016)
    with pytest.raises(ValidationError) as refused:
        services.assessment_record(
            actor=city_officer,
            office=office,
            year=2016,
            scores={c[i].pk: s for i, s in scores.items()},
            evidence=evidence,
            result=result,
        )
    assert message in " ".join(refused.value.messages)
    assert not Assessment.objects.exists()


def test_no_assessment_before_criteria_are_set_and_the_staff_cannot_assess(city_officer, as_persona):
    office = builders.retained()
    with pytest.raises(ValidationError, match="尚未设定考核指标"):
        services.assessment_record(
            actor=city_officer, office=office, year=2015, scores={}, evidence="x", result="basic"
        )
    assert as_persona("liaison_staff").get(reverse("oversight:assessment_record", args=[office.pk])).status_code == 403
