from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "zhuban.desk"
    label = "desk"
