"""Domain events of the consolidation, sent inside the service's transaction. Receivers live in
the flows layer (zhuban/flows/); this app never knows who listens."""

from django.dispatch import Signal

window_applied = Signal()  # window, actor: a county applied for a window (window_apply)
window_decided = Signal()  # window, actor: the window was approved or rejected (window_approve, window_reject)
