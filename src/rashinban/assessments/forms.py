"""Forms built from a question bank, and the forms around a diagnosis."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rashinban.assessments.catalog import Catalog, localized


class AnswersForm(forms.Form):
    """One radio group per question the audience answers; a blank answer counts as "don't know"."""

    def __init__(self, catalog: Catalog, audience: str, lang: str, *args, initial_answers=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, initial=initial_answers or {}, **kwargs)
        self.sections: list[tuple[object, str, str, list[str]]] = []
        for section in catalog.sections:
            names = []
            for question in section.questions:
                if audience not in question.audience:
                    continue
                self.fields[question.id] = forms.ChoiceField(
                    label=localized(question.text, lang),
                    choices=[(o.id, localized(o.label, lang)) for o in question.options],
                    widget=forms.RadioSelect,
                    required=False,
                )
                names.append(question.id)
            if names:
                self.sections.append((section, localized(section.title, lang), section.id, names))

    def grouped(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        return [(title, sid, [self[name] for name in names]) for _s, title, sid, names in self.sections]

    def answers(self) -> dict[str, str]:
        return {qid: value for qid, value in self.cleaned_data.items() if qid in self.question_ids and value}

    @property
    def question_ids(self) -> list[str]:
        return [name for _s, _t, _i, names in self.sections for name in names]

    def unanswered(self) -> int:
        return len(self.question_ids) - len(self.answers())

    def confirmed(self) -> bool:
        """Blank answers count as "don't know": ask once before sending a form with gaps."""
        if self.unanswered() == 0 or self.data.get("confirm_blank") == "1":
            return True
        self.needs_confirmation = True
        return False

    needs_confirmation = False


ANSWER_DAYS = 14  # two weeks by default: time enough for shift workers, no pressure to answer at once
ANSWER_DAYS_MAX = 90


def default_answer_by() -> date:
    return timezone.localdate() + timedelta(days=ANSWER_DAYS)


class SurveyLinksForm(forms.Form):
    field_order = ["emails", "count", "answer_by", "message", "batch"]
    # A one-off id per form: a reload of the sheet's page re-sends it, and the view creates no second batch.
    batch = forms.CharField(widget=forms.HiddenInput, max_length=40)

    answer_by = forms.DateField(
        label=_("Please answer by"),
        initial=default_answer_by,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Named in the invitation and on the survey page. Give at least a few days: a mail that rushes "
            "people looks like the phishing mails staff learn to ignore."
        ),
    )
    message = forms.CharField(
        label=_("A few words from you (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Printed in the invitation under your name, e.g. why this matters to you now."),
    )
    count = forms.IntegerField(
        label=_("Links to hand out yourself"),
        min_value=0,
        max_value=500,
        initial=0,
        required=False,
        help_text=_("For staff without e-mail: print or share each link with one person."),
    )
    emails = forms.CharField(
        label=_("Staff e-mail addresses (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Each address gets its own link. Rashinban does not record who answered what."),
    )

    def clean_emails(self) -> list[str]:
        addresses = []
        for number, line in enumerate(self.cleaned_data.get("emails", "").splitlines(), start=1):
            address = line.strip().strip(",;")
            if not address:
                continue
            try:
                validate_email(address)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("Line %(line)s: “%(value)s” is not an e-mail address."),
                    params={"line": number, "value": address[:80]},
                ) from None
            addresses.append(address)
        if len(addresses) > 500:
            raise forms.ValidationError(_("At most 500 addresses at once."))
        return addresses

    def clean_answer_by(self) -> date:
        answer_by = self.cleaned_data["answer_by"]
        today = timezone.localdate()
        if answer_by < today + timedelta(days=1) or answer_by > today + timedelta(days=ANSWER_DAYS_MAX):
            raise forms.ValidationError(
                _("Choose a date between tomorrow and %(days)s days from now."), params={"days": ANSWER_DAYS_MAX}
            )
        return answer_by

    def clean(self) -> dict:
        data = super().clean() or {}
        if not (data.get("count") or 0) and not data.get("emails"):
            raise forms.ValidationError(_("Enter a number of links or at least one e-mail address."))
        return data


class CatalogUploadForm(forms.Form):
    file = forms.FileField(label=_("Question bank (YAML)"))

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > 512 * 1024:
            raise forms.ValidationError(_("%(name)s is larger than 512 KB.") % {"name": upload.name})
        try:
            return upload.name, upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("%(name)s is not UTF-8 text.") % {"name": upload.name}) from None
