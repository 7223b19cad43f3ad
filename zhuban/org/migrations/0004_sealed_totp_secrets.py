"""TOTP secrets sealed with TOTP_ENCRYPTION_KEY: every device stored so far is sealed in place."""

from binascii import hexlify, unhexlify

from django.db import migrations

from zhuban.org.totp_keys import is_sealed, seal, unseal


def seal_existing(apps, schema_editor):
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    for device in TOTPDevice.objects.all():
        if not is_sealed(device.key):
            device.key = seal(unhexlify(device.key))
            device.save(update_fields=["key"])


def unseal_existing(apps, schema_editor):
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    for device in TOTPDevice.objects.all():
        if is_sealed(device.key):
            device.key = hexlify(unseal(device.key)).decode()
            device.save(update_fields=["key"])


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0003_national_tree"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [
        migrations.CreateModel(
            name="SealedTOTPDevice",
            fields=[],
            options={
                "verbose_name": "认证器",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("otp_totp.totpdevice",),
        ),
        migrations.RunPython(seal_existing, unseal_existing),
    ]
