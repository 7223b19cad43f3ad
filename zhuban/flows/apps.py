from django.apps import AppConfig


class FlowsConfig(AppConfig):
    name = "zhuban.flows"
    label = "flows"

    def ready(self) -> None:
        # Importing the modules connects their receivers.
        from zhuban.flows import notifying  # noqa: F401
