"""The people every test speaks of. One place, so a test reads like a sentence about them."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_otp.oath import totp

from zhuban.geo.reference import load_reference as load_geography
from zhuban.org.models import Jurisdiction, RoleAssignment, SealedTOTPDevice, Unit
from zhuban.org.reference import load_reference as load_jurisdictions

PASSWORD = "Persona#2015"  # noqa: S105 - test personas only
# The city bureau's personas hold a confirmed TOTP device with this fixed key (tests only).
TOTP_KEY = "3132333435363738393031323334353637383930"


@dataclass(frozen=True)
class Persona:
    username: str
    full_name: str
    role: str | None
    jurisdiction: str | None
    unit: str | None = None
    # The one office a retained office's staff or head acts for.
    office: str | None = None


PERSONAS = {
    "city_officer": Persona("city_officer", "市机关事务管理局 周主任", "offices_admin", "咸宁市"),
    "tongcheng_clerk": Persona("tongcheng_clerk", "通城县 填报员 李明", "county_clerk", "通城县"),
    "chongyang_clerk": Persona("chongyang_clerk", "崇阳县 填报员 王芳", "county_clerk", "崇阳县"),
    "zhaoshang_clerk": Persona("zhaoshang_clerk", "市招商局 填报员 陈刚", "department_clerk", "咸宁市", "咸宁市招商局"),
    "inspector": Persona("inspector", "市监察局 检查人员 刘强", "inspector", "咸宁市"),
    # 市编办's person on the joint team: inspects, never reads a case file.
    "team_member": Persona("team_member", "市编办 检查组成员 郑华", "team_member", "咸宁市"),
    "auditor": Persona("auditor", "市审计局 审计人员 孙丽", "auditor", "咸宁市"),
    "wuhan_office": Persona("wuhan_office", "市政府驻汉办 工作人员 赵磊", "wuhan_office", "咸宁市"),
    # A retained office's own staff member and its head, acting for that one office only (not for
    # the city government's other offices).
    "liaison_staff": Persona(
        "liaison_staff", "市政府驻汉办 综合科 钱进", "office_staff", "咸宁市", office="咸宁市人民政府驻武汉办事处"
    ),
    "liaison_head": Persona(
        "liaison_head", "市政府驻汉办 主任 冯远", "office_head", "咸宁市", office="咸宁市人民政府驻武汉办事处"
    ),
    # 市编办's reviewer of the retained offices' mandates (二(四)1).
    "staffing_officer": Persona("staffing_officer", "市编办 机构编制科 韩雪", "staffing_officer", "咸宁市"),
    # The province above the city: the same role, held one level up.
    "province_officer": Persona("province_officer", "省机关事务管理局 工作人员 吴涛", "offices_admin", "湖北省"),
}


def ensure_persona(name: str):
    persona = PERSONAS[name]
    User = get_user_model()
    user, made = User.objects.get_or_create(username=persona.username, defaults={"first_name": persona.full_name})
    if made:
        user.set_password(PASSWORD)
        user.save()
        if persona.role == "offices_admin":
            SealedTOTPDevice.objects.create(user=user, name="persona", key=TOTP_KEY, confirmed=True)
        if persona.role is not None:
            RoleAssignment.objects.create(
                user=user,
                role=persona.role,
                jurisdiction=Jurisdiction.objects.get(name=persona.jurisdiction),
                unit=Unit.objects.get(name=persona.unit) if persona.unit else None,
                office=apps.get_model("registry", "Office").objects.get(name=persona.office)
                if persona.office
                else None,
            )
    return user


def seed_world() -> None:
    """Reference data, the demo offices and every persona. Idempotent, so a flushed database
    (after a transactional test) can be brought back with one call."""
    load_geography(apps)
    load_jurisdictions(apps)
    call_command("load_demo", "--no-accounts", verbosity=0)
    for name in PERSONAS:
        ensure_persona(name)


def totp_code() -> str:
    """The current code of the personas' authenticator."""
    return f"{totp(bytes.fromhex(TOTP_KEY)):06d}"


def verified_device(user) -> SealedTOTPDevice | None:
    return SealedTOTPDevice.objects.filter(user=user, confirmed=True).first()
