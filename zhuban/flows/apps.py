from django.apps import AppConfig


class FlowsConfig(AppConfig):
    name = "zhuban.flows"
    label = "flows"

    def ready(self) -> None:
        # Connecting is importing: each module connects its receivers with @receiver.
        from zhuban.flows import (  # noqa: F401
            consolidation,
            dashboard,
            decisions,
            disclosure,
            inspection,
            notifying,
            oversight,
            policy,
            reception,
        )
