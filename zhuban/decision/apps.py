from django.apps import AppConfig


class DecisionConfig(AppConfig):
    name = "zhuban.decision"
    label = "decision"
