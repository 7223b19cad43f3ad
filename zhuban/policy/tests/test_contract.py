"""The JSON contract: what it accepts, how it names what it refuses, and that the schema agrees."""

import json

import pytest

from zhuban.policy import contract
from zhuban.policy.clauses import CLAUSE_IDS
from zhuban.policy.facts import Disposition, Level, SponsorKind, Status, Violation
from zhuban.policy.policy_settings import PolicySettings
from zhuban.policy.tests.helpers import office_json, payload

SCHEMA = json.loads(contract.SCHEMA_PATH.read_text(encoding="utf-8"))
DEFS = SCHEMA["$defs"]


def errors_of(document) -> list[str]:
    with pytest.raises(contract.ContractError) as exc:
        contract.assess(document)
    return exc.value.errors


# ---- what is accepted ----------------------------------------------------------------------


def test_a_valid_request_gives_one_result_per_office_with_the_settings_applied():
    document = contract.assess(payload())
    assert [r["id"] for r in document["results"]] == ["tc-wh"]
    assert document["settings"] == PolicySettings().to_dict()
    assert document["reference"] == "咸政办函〔2015〕58号"


def test_short_province_and_city_names_are_accepted():
    (result,) = contract.assess(payload(office_json(host_city="武汉", host_province="湖北")))["results"]
    assert result["clauses"] == ["二(一)1"]


def test_a_city_the_product_does_not_list_is_accepted_as_not_a_capital():
    office = office_json(
        sponsor={"level": "city", "kind": "government", "government": "咸宁市"},
        host_city="义乌市",
        host_province="浙江省",
    )
    (result,) = contract.assess(payload(office))["results"]
    assert result["disposition"] == "retain" and "外省非省会城市" in result["explanation"]


def test_headcount_may_be_null_and_status_defaults_to_active():
    (result,) = contract.assess(
        payload(office_json(headcount=None)),
    )["results"]
    assert result["disposition"] == "revoke"


def test_settings_may_use_the_short_name_of_the_home_province():
    document = contract.assess(payload(settings={"home_province": "湖北", "home_capital": "武汉"}))
    assert document["settings"]["home_province"] == "湖北省" and document["settings"]["home_capital"] == "武汉市"
    assert document["results"][0]["disposition"] == "revoke"


# ---- what is refused, and how it is named ------------------------------------------------------


def test_a_missing_field_is_named_with_the_office_id():
    office = office_json("tc-wh")
    del office["established_on"]
    (error,) = errors_of(payload(office))
    assert "tc-wh" in error and "established_on" in error


def test_a_bad_sponsor_level_names_the_office_the_field_and_the_value():
    (error,) = errors_of(
        payload(office_json("x-1", sponsor={"level": "town", "kind": "government", "government": "通城县"}))
    )
    assert "x-1" in error and "sponsor.level" in error and "“town”" in error


def test_an_office_without_an_id_is_named_by_its_index():
    office = office_json()
    del office["id"]
    errors = errors_of(payload(office_json("ok"), office))
    assert errors == [e for e in errors if "offices[1]" in e] and any("id" in e for e in errors)


def test_a_date_in_another_format_is_refused():
    (error,) = errors_of(payload(office_json("x", established_on="2003/05/01")))
    assert "established_on" in error and "YYYY-MM-DD" in error


def test_a_yes_or_no_must_be_a_json_boolean():
    (error,) = errors_of(payload(office_json("x", counterpart_assistance="是")))
    assert "counterpart_assistance" in error


def test_a_negative_or_boolean_headcount_is_refused():
    assert len(errors_of(payload(office_json("a", headcount=-1), office_json("b", headcount=True)))) == 2


def test_an_unknown_field_is_refused_so_a_typo_is_never_silently_ignored():
    (error,) = errors_of(payload(office_json("x", counterpart_assistence=True)))
    assert "counterpart_assistence" in error


def test_duplicate_ids_are_refused():
    (error,) = errors_of(payload(office_json("same"), office_json("same")))
    assert "same" in error and "id" in error


def test_an_unknown_province_is_refused():
    (error,) = errors_of(payload(office_json("x", host_province="火星")))
    assert "host_province" in error and "火星" in error


def test_a_known_city_in_the_wrong_province_is_refused():
    (error,) = errors_of(payload(office_json("x", host_city="长沙", host_province="湖北省")))
    assert "host_city" in error and "湖北省" in error


def test_city_level_sponsors_of_two_different_cities_are_refused():
    city = {"level": "city", "kind": "government", "government": "咸宁市"}
    other = {"level": "city", "kind": "department", "government": "宜昌市"}
    (error,) = errors_of(payload(office_json("a", sponsor=city), office_json("b", sponsor=other)))
    assert "“b”" in error and "sponsor.government" in error and "宜昌市" in error


def test_a_bad_setting_is_named_with_its_key():
    (error,) = errors_of(payload(settings={"adjacency": "nearby"}))
    assert "settings.adjacency" in error


def test_a_bad_as_of_date_is_named():
    (error,) = errors_of(payload(as_of="yesterday"))
    assert "as_of" in error


@pytest.mark.parametrize("document", [[], "offices", None, {"office": []}, {"offices": {}}])
def test_a_document_of_the_wrong_shape_is_refused_with_a_message(document):
    assert errors_of(document)


def test_text_that_is_not_json_names_the_line_and_column():
    with pytest.raises(contract.ContractError) as exc:
        contract.parse_json('{"offices": [\n  {"id": }\n]}')
    assert "第 2 行" in exc.value.errors[0]


def test_thousands_of_bad_offices_give_a_bounded_list_of_errors():
    errors = errors_of(payload(*[office_json(f"x{i}", headcount=-1) for i in range(500)]))
    assert len(errors) == contract.MAX_ERRORS + 1 and "450" in errors[-1]


def test_one_line_joins_several_errors():
    with pytest.raises(contract.ContractError) as exc:
        contract.assess(payload(office_json("a", headcount=-1), office_json("b", headcount=-2)))
    assert "\n" not in exc.value.one_line() and "2 处错误" in exc.value.one_line()


# ---- the published schema agrees with the contract ----------------------------------------


def test_the_schema_is_draft_2020_12_and_its_root_is_the_request():
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$ref"] == "#/$defs/AssessRequest"


@pytest.mark.parametrize(
    ("definition", "required", "optional"),
    [
        ("AssessRequest", contract.REQUEST_REQUIRED, contract.REQUEST_OPTIONAL),
        ("Office", contract.OFFICE_REQUIRED, contract.OFFICE_OPTIONAL),
        ("Sponsor", contract.SPONSOR_REQUIRED, ()),
        ("AssessResponse", contract.RESPONSE_FIELDS, ()),
        ("Result", contract.RESULT_FIELDS, ()),
        ("Settings", (), tuple(PolicySettings().to_dict())),
    ],
)
def test_the_schema_and_the_contract_agree_on_required_and_optional_fields(definition, required, optional):
    schema = DEFS[definition]
    assert set(schema.get("required", ())) == set(required)
    assert set(schema["properties"]) == set(required) | set(optional)
    assert schema["additionalProperties"] is False


def test_the_schema_and_the_engine_agree_on_every_code():
    result = DEFS["Result"]["properties"]
    assert result["disposition"]["enum"] == [str(d) for d in Disposition]
    assert result["violations"]["items"]["enum"] == [str(v) for v in Violation]
    assert DEFS["ClauseId"]["enum"] == list(CLAUSE_IDS)
    assert result["settings_used"]["items"]["enum"] == list(PolicySettings().to_dict())
    sponsor = DEFS["Sponsor"]["properties"]
    assert sponsor["level"]["enum"] == [str(v) for v in Level]
    assert sponsor["kind"]["enum"] == [str(v) for v in SponsorKind]
    assert DEFS["Office"]["properties"]["status"]["enum"] == [str(v) for v in Status]


def test_the_schema_defaults_are_the_settings_defaults():
    defaults = PolicySettings().to_dict()
    for key, prop in DEFS["Settings"]["properties"].items():
        assert prop["default"] == defaults[key], key


def test_a_response_has_exactly_the_fields_the_schema_requires():
    document = contract.assess(payload())
    assert set(document) == set(DEFS["AssessResponse"]["required"])
    assert set(document["results"][0]) == set(DEFS["Result"]["required"])


# ---- whose plan: the campaign stated or derived ------------------------------------------------

CITY_CS = office_json(
    "city-cs",
    name="咸宁市人民政府驻长沙办事处",
    sponsor={"level": "city", "kind": "government", "government": "咸宁市"},
    host_city="长沙市",
    host_province="湖南省",
)


def _county_in_changsha(id, government):
    return office_json(
        id,
        name=f"{government}人民政府驻长沙办事处",
        sponsor={"level": "county", "kind": "government", "government": government},
        host_city="长沙市",
        host_province="湖南省",
    )


def test_without_a_campaign_the_counties_are_the_citys_own_in_the_shipped_divisions():
    results = {
        r["id"]: r
        for r in contract.assess(
            payload(
                CITY_CS,
                _county_in_changsha("tc", "通城县"),
                _county_in_changsha("yy", "岳阳县"),
                _county_in_changsha("zone", "咸宁高新区"),
            )
        )["results"]
    }
    assert results["tc"]["disposition"] == "merge" and results["tc"]["merge_into"] == "city-cs"
    assert results["zone"]["disposition"] == "merge"  # the development zone ships with the product
    assert results["yy"]["disposition"] == "review" and "岳阳县" in results["yy"]["explanation"]


def test_a_stated_campaign_decides_which_counties_are_the_citys():
    document = payload(
        CITY_CS, _county_in_changsha("tc", "通城县"), campaign={"city": "咸宁市", "counties": ["崇阳县"]}
    )
    (_city, tc) = contract.assess(document)["results"]
    assert tc["disposition"] == "review" and "通城县" in tc["explanation"]


def test_with_no_city_level_sponsor_the_city_is_the_one_all_counties_belong_to():
    (result,) = contract.assess(payload(_county_in_changsha("tc", "通城县")))["results"]
    assert result["disposition"] == "review"
    assert "咸宁市人民政府在长沙市没有办事机构" in result["explanation"]


def test_counties_of_two_cities_with_no_city_sponsor_are_refused_naming_them():
    (error,) = errors_of(payload(_county_in_changsha("tc", "通城县"), _county_in_changsha("yy", "岳阳县")))
    assert "通城县" in error and "岳阳县" in error and "campaign" in error


@pytest.mark.parametrize(
    ("campaign", "fragment"),
    [
        ("咸宁市", "campaign 须为对象"),
        ({"city": "咸宁市"}, "缺少字段 campaign.counties"),
        ({"city": "", "counties": []}, "campaign.city"),
        ({"city": "咸宁市", "counties": "通城县"}, "campaign.counties"),
        ({"city": "咸宁市", "counties": [], "province": "湖北省"}, "campaign.province"),
    ],
)
def test_a_malformed_campaign_is_refused_naming_the_field(campaign, fragment):
    errors = errors_of(payload(campaign=campaign))
    assert any(fragment in e for e in errors), errors


@pytest.mark.parametrize("value", ["review", "revoked", 1, ["revoke"]])
def test_an_approved_disposition_must_be_one_a_decision_can_approve(value):
    (error,) = errors_of(payload(office_json(approved_disposition=value)))
    assert "tc-wh" in error and "approved_disposition" in error


def test_the_window_cap_cannot_be_raised_through_the_api():
    (error,) = errors_of(payload(settings={"county_window_cap": 4}))
    assert "settings.county_window_cap" in error and "不得超过3人" in error


def test_a_city_the_divisions_do_not_know_is_accepted_until_its_counties_are_needed():
    test_city = dict(CITY_CS, sponsor={"level": "city", "kind": "government", "government": "测试市"})
    assert contract.assess(payload(test_city))["results"][0]["disposition"] == "retain"
    county = _county_in_changsha("tc", "通城县")
    (error,) = errors_of(payload(test_city, county))
    assert "测试市" in error and "campaign.counties" in error
    stated = contract.assess(payload(test_city, county, campaign={"city": "测试市", "counties": ["通城县"]}))
    assert stated["results"][1]["merge_into"] == "city-cs"
