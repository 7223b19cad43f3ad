"""What the decision workflow tells the rest of the product. Sent inside the service's
transaction with keyword arguments; ``zhuban.flows`` connects the receivers.
One signal a line, each with what it carries."""

from django.dispatch import Signal

proposal_returned = Signal()  # proposal, actor: the city bureau sent a proposal back (proposal_return)
proposal_submitted = Signal()  # proposal, actor: a jurisdiction submitted a proposal for one office
decision_approved = Signal()  # decision, actor: a decision became approved (by the city, or by the province after it)
