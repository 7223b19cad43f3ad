"""Domain events of the campaign. Receivers live in the flows layer (zhuban/flows/); this app
never knows who listens. A receiver of the reminder events returns what it sent (an object with
``created``, ``already``, ``emailed`` and ``failed``), which the reminder run counts."""

from django.dispatch import Signal

submission_returned = Signal()  # submission, event, actor: the offices administration sent it back
submission_due = Signal()  # submission, due, working_days_left, actor, base_url: a deadline is near
submission_overdue = Signal()  # submission, due, working_days_late, state, actor, base_url: a deadline passed
