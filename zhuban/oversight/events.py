"""What oversight tells the rest of the product. Sent inside the sender's transaction with
keyword arguments; ``zhuban.flows`` connects the receivers. One signal a line, each with what it carries."""

from django.dispatch import Signal

rotation_due = Signal()  # posting, due, as_of, actor: a cadre's rotation date is near (reminders)
rotation_overdue = Signal()  # posting, due, as_of, actor: a cadre stays in post past the rotation date
mandate_submitted = Signal()  # mandate, actor: an office filed a mandate version for review (mandate_submit)
mandate_approved = Signal()  # mandate, actor: a mandate version came into force (mandate_approve)
