from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "zhuban.audit"
    label = "audit"
