from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "zhuban.policy"
    label = "policy"
