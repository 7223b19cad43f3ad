from django.apps import AppConfig


class ConsolidationConfig(AppConfig):
    name = "zhuban.consolidation"
    label = "consolidation"

    def ready(self) -> None:
        # The audit trail names each action on screen; register ours beside the registry's.
        from zhuban.audit.models import ACTION_LABELS
        from zhuban.consolidation.models import AUDIT_ACTIONS

        ACTION_LABELS.update(AUDIT_ACTIONS)
