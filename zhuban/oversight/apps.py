from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "zhuban.oversight"
    label = "oversight"
