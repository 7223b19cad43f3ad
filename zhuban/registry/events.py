"""What the registry tells the rest of the product. Sent inside the service's transaction with
keyword arguments; ``zhuban.flows`` connects the receivers. One signal a line, each with what it carries."""

from django.dispatch import Signal

# office_ids (ids or a subquery of them): the registry is about to write these offices or what they
# own; receivers lock what guards them (consolidation: the offices' dossier rows), before the registry
# reads their status, so a write and a dossier's closing queue in one order.
offices_writing = Signal()

# jurisdiction_ids: offices of these jurisdictions were registered, or their 附表一 facts changed
# (an edit, a closing, an import); what is judged on those facts is stale (the decision panel's
# stored assessments).
office_facts_changed = Signal()
