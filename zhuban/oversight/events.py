"""What oversight tells the rest of the product. Sent inside the sender's transaction with
keyword arguments; ``zhuban.flows`` connects the receivers. One signal a line, each with what it carries."""

from django.dispatch import Signal

rotation_due = Signal()  # posting, due, as_of, actor: a cadre's rotation date is near (reminders)
rotation_overdue = Signal()  # posting, due, as_of, actor: a cadre stays in post past the rotation date
