"""What the policy app tells the rest of the product. Sent inside the service's transaction with
keyword arguments; ``zhuban.flows`` connects the receivers. One signal a line, each with what it carries."""

from django.dispatch import Signal

policy_settings_changed = Signal()  # root, settings, actor: a city's policy settings were saved
