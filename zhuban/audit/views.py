"""The audit trail as the auditor and the offices administration read it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from zhuban.audit.queries import trail_for, trail_page
from zhuban.lib.keyset import int_param
from zhuban.org.access import require
from zhuban.org.capabilities import Capability


@login_required
def entry_list(request):
    require(request.user, Capability.AUDIT_READ_TRAIL)
    entries = trail_page(
        trail_for(request.user), before=int_param(request.GET, "before"), after=int_param(request.GET, "after")
    )
    return render(request, "audit/entry_list.html", {"entries": entries})
