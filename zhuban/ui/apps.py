from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "zhuban.ui"
    label = "ui"
    verbose_name = "界面"
