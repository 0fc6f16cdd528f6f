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
