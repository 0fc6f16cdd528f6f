"""Form pieces every app's admin shares."""

from django import forms


class TableRowForm(forms.ModelForm):
    """A form shown as a table row: an admin list's editable columns, or a tabular inline.
    Its inputs sit in cells with no ``<label>``, so each is named for screen readers after
    its column and its row ("quality: Robots learn to read")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.name_inputs()

    def name_inputs(self):
        row = str(self.instance) if self.instance.pk else f"new {self._meta.model._meta.verbose_name}"
        for field in self.fields.values():
            if not field.widget.is_hidden:
                field.widget.attrs["aria-label"] = f"{field.label}: {row}"


class TableRowFormSet(forms.BaseInlineFormSet):
    """A tabular inline's rows: the delete box the formset adds to each row is named too."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.name_inputs()


class LinesField(forms.CharField):
    """A list of names edited one a line (a topic's keywords, a provider's other names),
    instead of as JSON. Blank lines are dropped; a line keeps its spaces. A name is at most
    ``MAX_NAME_LENGTH`` characters, as files may hold them."""

    widget = forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"})
    MAX_NAME_LENGTH = 100

    def __init__(self, **kwargs):
        super().__init__(required=False, strip=False, **kwargs)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        text = super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")  # as browsers send a lone CR
        return [line for line in text.split("\n") if line.strip()]

    def validate(self, value):
        super().validate(value)
        for line in value:
            if len(line) > self.MAX_NAME_LENGTH:
                raise forms.ValidationError(f"“{line[:40]}…” is longer than {self.MAX_NAME_LENGTH} characters.")

    def has_changed(self, initial, data):
        return self.to_python(self.prepare_value(initial or [])) != self.to_python(data)


class KeepsUnchangedLines:
    """A model form that stores a ``LinesField``'s list as it was unless the editor changed
    its lines: a name holding a line break would otherwise come back split in two."""

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            if isinstance(field, LinesField) and name in cleaned and name not in self.changed_data:
                cleaned[name] = self.initial.get(name, [])
        return cleaned
