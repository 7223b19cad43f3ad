from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "zhuban.org"
    label = "org"
