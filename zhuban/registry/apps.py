from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "zhuban.registry"
    label = "registry"
