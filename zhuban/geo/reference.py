"""Geography that ships with the product, and the loader the migrations call.

PROVINCES: all 34 provincial-level divisions (GB/T 2260 code, name, short name, English, kind,
capital). BORDERS: pairs that share a land border (symmetric; Hainan and Taiwan have none).
STRAITS: pairs that face each other only across a strait (no land border); whether they are
"临近" for 二(二)2 is a setting, so they are kept apart from BORDERS. OUTSIDE_PLAN_FRAME: the
provincial-level divisions outside the plan's frame (the mainland's 省区 and municipalities).
CITIES: the non-capital cities the registry and the demo use, with their special status.
The loader upserts, so a later migration can call it again after the data changes.
"""

from __future__ import annotations

PROVINCES: list[tuple[str, str, str, str, str, str, str]] = [
    # code, name, short, English, kind, capital, capital in English
    ("11", "北京市", "北京", "Beijing", "municipality", "北京市", "Beijing"),
    ("12", "天津市", "天津", "Tianjin", "municipality", "天津市", "Tianjin"),
    ("13", "河北省", "河北", "Hebei", "province", "石家庄市", "Shijiazhuang"),
    ("14", "山西省", "山西", "Shanxi", "province", "太原市", "Taiyuan"),
    ("15", "内蒙古自治区", "内蒙古", "Inner Mongolia", "autonomous_region", "呼和浩特市", "Hohhot"),
    ("21", "辽宁省", "辽宁", "Liaoning", "province", "沈阳市", "Shenyang"),
    ("22", "吉林省", "吉林", "Jilin", "province", "长春市", "Changchun"),
    ("23", "黑龙江省", "黑龙江", "Heilongjiang", "province", "哈尔滨市", "Harbin"),
    ("31", "上海市", "上海", "Shanghai", "municipality", "上海市", "Shanghai"),
    ("32", "江苏省", "江苏", "Jiangsu", "province", "南京市", "Nanjing"),
    ("33", "浙江省", "浙江", "Zhejiang", "province", "杭州市", "Hangzhou"),
    ("34", "安徽省", "安徽", "Anhui", "province", "合肥市", "Hefei"),
    ("35", "福建省", "福建", "Fujian", "province", "福州市", "Fuzhou"),
    ("36", "江西省", "江西", "Jiangxi", "province", "南昌市", "Nanchang"),
    ("37", "山东省", "山东", "Shandong", "province", "济南市", "Jinan"),
    ("41", "河南省", "河南", "Henan", "province", "郑州市", "Zhengzhou"),
    ("42", "湖北省", "湖北", "Hubei", "province", "武汉市", "Wuhan"),
    ("43", "湖南省", "湖南", "Hunan", "province", "长沙市", "Changsha"),
    ("44", "广东省", "广东", "Guangdong", "province", "广州市", "Guangzhou"),
    ("45", "广西壮族自治区", "广西", "Guangxi", "autonomous_region", "南宁市", "Nanning"),
    ("46", "海南省", "海南", "Hainan", "province", "海口市", "Haikou"),
    ("50", "重庆市", "重庆", "Chongqing", "municipality", "重庆市", "Chongqing"),
    ("51", "四川省", "四川", "Sichuan", "province", "成都市", "Chengdu"),
    ("52", "贵州省", "贵州", "Guizhou", "province", "贵阳市", "Guiyang"),
    ("53", "云南省", "云南", "Yunnan", "province", "昆明市", "Kunming"),
    ("54", "西藏自治区", "西藏", "Tibet", "autonomous_region", "拉萨市", "Lhasa"),
    ("61", "陕西省", "陕西", "Shaanxi", "province", "西安市", "Xi'an"),
    ("62", "甘肃省", "甘肃", "Gansu", "province", "兰州市", "Lanzhou"),
    ("63", "青海省", "青海", "Qinghai", "province", "西宁市", "Xining"),
    ("64", "宁夏回族自治区", "宁夏", "Ningxia", "autonomous_region", "银川市", "Yinchuan"),
    ("65", "新疆维吾尔自治区", "新疆", "Xinjiang", "autonomous_region", "乌鲁木齐市", "Urumqi"),
    ("71", "台湾省", "台湾", "Taiwan", "province", "台北市", "Taipei"),
    ("81", "香港特别行政区", "香港", "Hong Kong", "sar", "香港", "Hong Kong"),
    ("82", "澳门特别行政区", "澳门", "Macao", "sar", "澳门", "Macao"),
]

BORDERS: dict[str, list[str]] = {
    "北京": ["天津", "河北"],
    "天津": ["河北"],
    "河北": ["山西", "内蒙古", "辽宁", "山东", "河南"],
    "山西": ["内蒙古", "陕西", "河南"],
    "内蒙古": ["黑龙江", "吉林", "辽宁", "陕西", "宁夏", "甘肃"],
    "辽宁": ["吉林"],
    "吉林": ["黑龙江"],
    "上海": ["江苏", "浙江"],
    "江苏": ["浙江", "安徽", "山东"],
    "浙江": ["安徽", "江西", "福建"],
    "安徽": ["江西", "湖北", "河南", "山东"],
    "福建": ["江西", "广东"],
    "江西": ["湖北", "湖南", "广东"],
    "山东": ["河南"],
    "河南": ["陕西", "湖北"],
    "湖北": ["湖南", "重庆", "陕西"],
    "湖南": ["广东", "广西", "贵州", "重庆"],
    "广东": ["广西", "香港", "澳门"],
    "广西": ["贵州", "云南"],
    "重庆": ["四川", "贵州", "陕西"],
    "四川": ["贵州", "云南", "西藏", "青海", "甘肃", "陕西"],
    "贵州": ["云南"],
    "云南": ["西藏"],
    "西藏": ["新疆", "青海"],
    "陕西": ["甘肃", "宁夏"],
    "甘肃": ["宁夏", "新疆", "青海"],
    "青海": ["新疆"],
}

# Facing each other only across a strait: 琼州海峡 (海南–广东), 渤海海峡 (山东–辽宁).
STRAITS: dict[str, list[str]] = {
    "海南": ["广东"],
    "山东": ["辽宁"],
}

# Codes of the divisions the plan does not speak of: it regulates offices in the provincial
# capitals of the mainland's provinces and autonomous regions (省区); Taiwan, Hong Kong and Macao
# are outside every clause.
OUTSIDE_PLAN_FRAME = ("71", "81", "82")

CITIES: list[tuple[str, str, str, bool, bool]] = [
    # province short name, city, English, separate plan status (计划单列市), special economic zone
    ("广东", "深圳市", "Shenzhen", True, True),
    ("广东", "珠海市", "Zhuhai", False, True),
    ("广东", "汕头市", "Shantou", False, True),
    ("广东", "东莞市", "Dongguan", False, False),
    ("福建", "厦门市", "Xiamen", True, True),
    ("辽宁", "大连市", "Dalian", True, False),
    ("山东", "青岛市", "Qingdao", True, False),
    ("浙江", "宁波市", "Ningbo", True, False),
    ("新疆", "喀什市", "Kashgar", False, True),
    ("新疆", "博尔塔拉蒙古自治州", "Bortala", False, False),
    ("西藏", "山南市", "Shannan", False, False),
    ("湖南", "岳阳市", "Yueyang", False, False),
    ("江西", "九江市", "Jiujiang", False, False),
    ("江苏", "苏州市", "Suzhou", False, False),
    ("湖北", "宜昌市", "Yichang", False, False),
    ("湖北", "咸宁市", "Xianning", False, False),
]


def _short(name: str) -> str:
    return name[:-1] if name.endswith("市") and len(name) > 2 else name


def load_reference(apps) -> None:
    """Upsert the geography into the database (called from migrations with their app registry)."""
    Province = apps.get_model("geo", "Province")
    City = apps.get_model("geo", "City")
    by_short = {}
    for code, name, short, english, kind, capital, capital_en in PROVINCES:
        province, _ = Province.objects.update_or_create(
            code=code, defaults={"name": name, "short_name": short, "name_en": english, "kind": kind}
        )
        by_short[short] = province
        City.objects.update_or_create(
            province=province,
            name=capital,
            defaults={"short_name": _short(capital), "name_en": capital_en, "is_capital": True},
        )
    # Both directions explicitly: the historical models of a migration may not mirror the pair.
    for short, neighbours in BORDERS.items():
        for n in neighbours:
            by_short[short].neighbours.add(by_short[n])
            by_short[n].neighbours.add(by_short[short])
    for short, name, english, separate_plan, sez in CITIES:
        City.objects.update_or_create(
            province=by_short[short],
            name=name,
            defaults={
                "short_name": _short(name),
                "name_en": english,
                "is_capital": False,
                "is_separate_plan": separate_plan,
                "is_sez": sez,
            },
        )
