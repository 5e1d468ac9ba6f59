"""Forms of the training pages: assigning lessons and answering a quiz."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rashinban.training.bank import Lesson, localized


class AssignForm(forms.Form):
    lesson = forms.ChoiceField(label=_("Lesson"))
    department = forms.ChoiceField(label=_("Who"), required=False)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, lessons: list[Lesson], departments: list[str], lang: str, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["lesson"].choices = [(lesson.id, localized(lesson.title, lang)) for lesson in lessons]
        self.fields["department"].choices = [("", _("Everyone")), *[(d, d) for d in departments]]


class QuizForm(forms.Form):
    """One radio group per question; a question left blank counts as wrong."""

    def __init__(self, lesson: Lesson, lang: str, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for question in lesson.quiz:
            self.fields[question.id] = forms.ChoiceField(
                label=localized(question.text, lang),
                choices=[(o.id, localized(o.label, lang)) for o in question.options],
                widget=forms.RadioSelect,
                required=False,
            )

    def answers(self) -> dict[str, str]:
        return {key: value for key, value in self.cleaned_data.items() if value}
