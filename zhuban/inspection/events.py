"""What inspection tells the rest of the product. Sent inside the service's transaction with
keyword arguments; ``zhuban.flows`` connects the receivers. One signal a line, each with what it carries."""

from django.dispatch import Signal

finding_recorded = Signal()  # finding, actor: a finding was recorded against an office
finding_returned = Signal()  # finding, rectification, actor: the team returned a rectification
finding_due = Signal()  # finding, working_days_left, actor: a rectification deadline is near
finding_overdue = Signal()  # finding, working_days_late, actor: a rectification deadline has passed
case_disclosed = Signal()  # case, notice, actor: a case was opened to the jurisdiction concerned
summary_submitted = Signal()  # jurisdiction, document, actor, at: a county reported its summary (county_summary_submit)
