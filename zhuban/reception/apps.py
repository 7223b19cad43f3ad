from django.apps import AppConfig


class ReceptionConfig(AppConfig):
    name = "zhuban.reception"
    label = "reception"
