"""Domain events of the decision workflow, sent inside the service's transaction. Receivers live
in the flows layer (zhuban/flows/); this app never knows who listens."""

from django.dispatch import Signal

proposal_returned = Signal()  # proposal, actor: the city bureau sent a proposal back (proposal_return)
proposal_approved = Signal()  # decision, actor: the approval is complete (city, and province where required)
