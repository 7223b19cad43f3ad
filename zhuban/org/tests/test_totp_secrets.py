"""TOTP secrets are sealed with TOTP_ENCRYPTION_KEY: the database and its backups hold no usable
secret, and a secret planted in the database by someone without the key verifies nothing."""

from __future__ import annotations

import importlib
from base64 import b32encode
from binascii import hexlify

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from django_otp.oath import totp

from zhuban.org.models import SealedTOTPDevice
from zhuban.testing.personas import TOTP_KEY, totp_code

pytestmark = pytest.mark.django_db


def stored_key(device) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM otp_totp_totpdevice WHERE id = %s", [device.pk])
        return cursor.fetchone()[0]


def test_the_database_holds_no_secret_in_any_usual_encoding(city_officer):
    device = SealedTOTPDevice.objects.get(user=city_officer)
    stored = stored_key(device)
    secret = bytes.fromhex(TOTP_KEY)
    assert stored.startswith("aes1:") and len(stored) <= 80
    for plain in (TOTP_KEY, TOTP_KEY.upper(), b32encode(secret).decode(), b32encode(secret).decode().rstrip("=")):
        assert plain not in stored
    assert device.bin_key == secret


def test_two_devices_with_the_same_secret_are_stored_differently(city_officer, province_officer):
    assert stored_key(SealedTOTPDevice.objects.get(user=city_officer)) != stored_key(
        SealedTOTPDevice.objects.get(user=province_officer)
    )


def test_a_new_authenticator_is_sealed_from_its_first_write(as_persona, city_officer):
    SealedTOTPDevice.objects.filter(user=city_officer).delete()
    officer = as_persona("city_officer", second_factor=False)
    officer.get(reverse("org:otp_setup"))
    device = SealedTOTPDevice.objects.get(user=city_officer, confirmed=False)
    assert stored_key(device).startswith("aes1:")
    assert officer.post(reverse("org:otp_setup"), {"token": f"{totp(device.bin_key):06d}"}).status_code == 302
    assert stored_key(SealedTOTPDevice.objects.get(pk=device.pk)).startswith("aes1:")


@pytest.mark.parametrize(
    "planted",
    [
        "3132333435363738393031323334353637383930",  # a plain hex secret the attacker knows
        "aes1:" + "A" * 64,  # something shaped like a sealed secret
    ],
)
def test_a_secret_planted_in_the_database_verifies_no_code(city_officer, planted):
    device = SealedTOTPDevice.objects.get(user=city_officer)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE otp_totp_totpdevice SET key = %s WHERE id = %s", [planted, device.pk])
    device = SealedTOTPDevice.objects.get(pk=device.pk)
    known = bytes.fromhex("3132333435363738393031323334353637383930")
    assert not device.verify_token(f"{totp(known):06d}")
    assert not device.verify_token(totp_code())


def test_a_secret_sealed_with_another_key_does_not_open(city_officer, settings):
    device = SealedTOTPDevice.objects.get(user=city_officer)
    settings.TOTP_ENCRYPTION_KEY = "another-key"
    assert not SealedTOTPDevice.objects.get(pk=device.pk).verify_token(totp_code())


def test_the_migration_seals_the_secrets_stored_before_it(city_officer):
    device = SealedTOTPDevice.objects.get(user=city_officer)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE otp_totp_totpdevice SET key = %s WHERE id = %s", [TOTP_KEY, device.pk])
    migration = importlib.import_module("zhuban.org.migrations.0004_sealed_totp_secrets")
    migration.seal_existing(apps, None)
    assert stored_key(device).startswith("aes1:")
    assert SealedTOTPDevice.objects.get(pk=device.pk).verify_token(totp_code())
    migration.unseal_existing(apps, None)
    assert stored_key(device) == TOTP_KEY


def test_a_sqlite_backup_holds_no_secret(tmp_path, city_officer):
    if connection.vendor != "sqlite":
        pytest.skip("pg_dump's custom format is compressed; the column itself is checked above")
    from zhuban.ops.backup import backup

    # The test's own writes are not committed; the seeded personas' devices are.
    backup(connection.settings_dict, tmp_path / "db.sqlite3")
    content = (tmp_path / "db.sqlite3").read_bytes()
    assert b"aes1:" in content
    secret = bytes.fromhex(TOTP_KEY)
    for plain in (TOTP_KEY.encode(), secret, b32encode(secret), hexlify(secret).upper()):
        assert plain not in content
