from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: backup, restore and the national-scale data generator."""

    name = "zhuban.ops"
    label = "ops"
