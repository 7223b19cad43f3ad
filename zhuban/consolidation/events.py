"""What consolidation tells the rest of the product. Sent inside the service's transaction with
keyword arguments; ``zhuban.flows`` connects the receivers. One signal a line, each with what it carries."""

from django.dispatch import Signal

dossier_closed = Signal()  # dossier, office, closed_on, actor: a dossier closed; its office is to be closed too
report_submitted = (
    Signal()
)  # jurisdiction, document, actor, at (None: now): a jurisdiction reported its special report (专项工作报告)
report_state_asked = (
    Signal()
)  # jurisdiction: where its special report's submission stands; answered with a ReportState or None
window_applied = Signal()  # window, actor: a county applied for a window (window_apply)
window_decided = Signal()  # window, actor: the window was approved or rejected (window_approve, window_reject)
