"""The first reference load, frozen as it was: a city-rooted tree of 咸宁市 and its counties.

0003 puts it into the national tree; this copy keeps old and new databases on one history.
"""

from django.db import migrations

CITY = ("421200", "咸宁市", "Xianning", "prefecture_city", "咸宁市人民政府", "Xianning Municipal People's Government")

COUNTIES = [
    # code, name, English, kind, government, government in English
    ("421202", "咸安区", "Xian'an District", "district", "咸安区人民政府", "Xian'an District People's Government"),
    ("421221", "嘉鱼县", "Jiayu County", "county", "嘉鱼县人民政府", "Jiayu County People's Government"),
    ("421222", "通城县", "Tongcheng County", "county", "通城县人民政府", "Tongcheng County People's Government"),
    ("421223", "崇阳县", "Chongyang County", "county", "崇阳县人民政府", "Chongyang County People's Government"),
    ("421224", "通山县", "Tongshan County", "county", "通山县人民政府", "Tongshan County People's Government"),
    ("421281", "赤壁市", "Chibi City", "county_city", "赤壁市人民政府", "Chibi Municipal People's Government"),
    (
        "421200-GX",
        "咸宁高新区",
        "Xianning High-tech Zone",
        "development_zone",
        "咸宁高新区管理委员会",
        "Xianning High-tech Zone Management Committee",
    ),
]

CITY_DEPARTMENTS = [
    # name, English, campaign function
    ("咸宁市人民政府办公室", "General Office of the Municipal Government", "general_office"),
    ("咸宁市机关事务管理局", "Municipal Offices Administration", "offices_administration"),
    ("咸宁市机构编制委员会办公室", "Municipal Staffing Office", "staffing_office"),
    ("咸宁市财政局", "Municipal Finance Bureau", "finance_bureau"),
    ("咸宁市审计局", "Municipal Audit Bureau", "audit_bureau"),
    ("咸宁市监察局", "Municipal Supervision Bureau", "supervision_bureau"),
    ("咸宁市发展和改革委员会", "Municipal Development and Reform Commission", ""),
    ("咸宁市商务局", "Municipal Commerce Bureau", ""),
    ("咸宁市招商局", "Municipal Investment Promotion Bureau", ""),
    ("咸宁市交通运输局", "Municipal Transport Bureau", ""),
    ("咸宁市住房和城乡建设委员会", "Municipal Housing and Construction Commission", ""),
    ("咸宁市农业局", "Municipal Agriculture Bureau", ""),
    ("咸宁市旅游委员会", "Municipal Tourism Commission", ""),
    ("咸宁市人力资源和社会保障局", "Municipal Human Resources and Social Security Bureau", ""),
    ("咸宁市信访局", "Municipal Petitions Bureau", ""),
    ("咸宁市卫生和计划生育委员会", "Municipal Health and Family Planning Commission", ""),
]

# Every county-level government has a general office: county windows' posts belong to it (三(二)2).
COUNTY_DEPARTMENTS = [
    ("人民政府办公室", "General Office", "general_office"),
    ("招商局", "Investment Promotion Bureau", ""),
    ("发展和改革局", "Development and Reform Bureau", ""),
]


def load(apps, schema_editor):
    """Upsert jurisdictions and units (called from migrations with their app registry)."""
    Jurisdiction = apps.get_model("org", "Jurisdiction")
    Unit = apps.get_model("org", "Unit")
    code, name, english, kind, government, government_en = CITY
    city, _ = Jurisdiction.objects.update_or_create(
        code=code,
        defaults={"name": name, "name_en": english, "kind": kind, "level": "city", "parent": None, "path": f"/{code}/"},
    )
    Unit.objects.update_or_create(
        jurisdiction=city, name=government, defaults={"name_en": government_en, "kind": "government"}
    )
    for dept, dept_en, function in CITY_DEPARTMENTS:
        Unit.objects.update_or_create(
            jurisdiction=city, name=dept, defaults={"name_en": dept_en, "kind": "department", "function": function}
        )
    for code, name, english, kind, government, government_en in COUNTIES:
        county, _ = Jurisdiction.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": english,
                "kind": kind,
                "level": "county",
                "parent": city,
                "path": f"{city.path}{code}/",
            },
        )
        Unit.objects.update_or_create(
            jurisdiction=county, name=government, defaults={"name_en": government_en, "kind": "government"}
        )
        for suffix, suffix_en, function in COUNTY_DEPARTMENTS:
            if kind == "development_zone":
                # A zone's management committee has an office, not a people's government's.
                if function != "general_office":
                    continue
                suffix = "管委会办公室"
            dept = f"{name}{suffix}"
            Unit.objects.update_or_create(
                jurisdiction=county,
                name=dept,
                defaults={"name_en": f"{english} {suffix_en}", "kind": "department", "function": function},
            )


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
