"""The audit trail as the auditor and the offices administration read it."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from zhuban.audit.queries import trail_for
from zhuban.org.access import require_audit_trail


@login_required
def entry_list(request):
    require_audit_trail(request.user)
    entries = Paginator(trail_for(request.user), 100).get_page(request.GET.get("page"))
    return render(request, "audit/entry_list.html", {"entries": entries})
