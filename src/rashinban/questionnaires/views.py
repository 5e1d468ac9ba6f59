"""Pages for a customer's questionnaire: upload, review the drafts (confirm or edit each), download the workbook."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from rashinban.limits import LimitError
from rashinban.orgs.choices import Role
from rashinban.orgs.tenancy import get_scoped_or_404, org_view
from rashinban.questionnaires.commands import fill_workbook
from rashinban.questionnaires.models import KEEP, Upload
from rashinban.questionnaires.workbook import LIMITS, read_layout

LEADS = [Role.OWNER, Role.ADVISOR]
MAX_ANSWER = 2_000


def _lang() -> str:
    return get_language() or "ja"


@org_view(roles=LEADS)
def upload(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    if request.method == "POST":
        file = request.FILES.get("file")
        if file is None:
            messages.error(request, _("Choose the customer's Excel file (.xlsx)."))
        elif file.size > LIMITS.max_bytes:
            messages.error(request, _("%(file)s: the file is too large") % {"file": file.name})
        else:
            data = file.read()
            sheet = request.POST.get("sheet", "").strip()[:100]
            qcol = request.POST.get("question_column", "").strip()[:3]
            acol = request.POST.get("answer_column", "").strip()[:3]
            try:
                read_layout(data, file.name, sheet or None, qcol or None, acol or None)
            except LimitError as error:
                messages.error(request, str(error))
            else:
                item = Upload.objects.create(
                    organisation=org,
                    name=file.name[:255],
                    data=data,
                    sheet=sheet,
                    question_column=qcol,
                    answer_column=acol,
                    created_by=request.user,
                )
                old = Upload.objects.filter(organisation=org).values_list("pk", flat=True)[KEEP:]
                Upload.objects.filter(pk__in=list(old)).delete()
                return redirect("questionnaires:review", org.id, item.pk)
    recent = Upload.objects.filter(organisation=org).defer("data")[:KEEP]
    return render(request, "questionnaires/upload.html", {"recent": recent})


@org_view(roles=LEADS)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    item = get_scoped_or_404(Upload.objects.all(), org, pk=pk)
    data = bytes(item.data)
    args = (item.sheet or None, item.question_column or None, item.answer_column or None)
    edits = None
    if request.method == "POST":
        edits = {}
        for key, value in request.POST.items():
            if key.startswith("answer-") and key[7:].isdigit():
                edits[int(key[7:])] = value.strip()[:MAX_ANSWER]
    try:
        content, layout, drafts, written = fill_workbook(org, data, item.name, *args, lang=_lang(), edits=edits)
    except LimitError as error:
        messages.error(request, str(error))
        return redirect("questionnaires:upload", org.id)
    if request.method == "POST":
        from rashinban.downloads import attachment

        stem = item.name.rsplit(".", 1)[0]
        return attachment(
            content,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            company=org.name,
            title=stem,
            extension="xlsx",
            label=_("answered"),
            day=timezone.localdate(),
        )
    rows = [{"draft": d, "row": r} for d, r in zip(drafts, layout.rows, strict=True)]
    context = {"item": item, "layout": layout, "rows": rows, "answered": sum(1 for d in drafts if d.answer)}
    return render(request, "questionnaires/review.html", context)
