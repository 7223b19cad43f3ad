from django.apps import AppConfig


class ConsolidationConfig(AppConfig):
    name = "zhuban.consolidation"
    label = "consolidation"
