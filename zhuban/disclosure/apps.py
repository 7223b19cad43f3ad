from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "zhuban.disclosure"
    label = "disclosure"
