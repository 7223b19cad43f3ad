"""What receptions tell the rest of the product. Sent inside the sender's transaction with
keyword arguments; ``zhuban.flows`` connects the receivers. One signal a line, each with what it carries."""

from django.dispatch import Signal

warnings_raised = Signal()  # reception, warnings (new Warning rows), actor: a check found something new
