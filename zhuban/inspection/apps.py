from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "zhuban.inspection"
    label = "inspection"
