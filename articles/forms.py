"""The admin's forms: edits that keep what the editor did not change byte for byte, review
decisions, merges and file imports."""

import datetime
import json
import re
import zipfile

from django import forms
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat

from newsroom.forms import KeepsUnchangedLines, LinesField, TableRowForm
from providers.forms import CheckedImageField
from providers.models import Provider

from . import archives, documents, images, topics, workflow
from .frontmatter import breaks_lines_with_crlf
from .models import INTEGER_COLUMN_MAX, INTEGER_COLUMN_MIN, Article, RejectionReason, Topic, holds_file
from .sources import UNREADABLE_ZIP


def same_text(submitted, stored):
    """Browsers send text-area newlines as CRLF; that alone is not an edit."""
    return submitted.replace("\r\n", "\n") == stored.replace("\r\n", "\n")


def same_moment(submitted, stored):
    """Time widgets show whole seconds; a stored time's fraction left off is not an edit."""
    return isinstance(stored, datetime.datetime) and submitted == stored.replace(microsecond=0)


class FaithfulModelForm(forms.ModelForm):
    """A model form that neither strips whitespace nor turns newlines into CRLF.

    An article opened and saved unchanged must export exactly as before, and imported
    titles and excerpts can legitimately end in a space. An edited text keeps the line
    breaks it had: CRLF if all of them were, else plain newlines.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            if isinstance(form_field, forms.CharField):
                form_field.strip = False

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            stored = self.initial.get(name)
            if isinstance(value, datetime.datetime) and same_moment(value, stored):
                cleaned[name] = stored
            if not isinstance(value, str):
                continue
            if isinstance(stored, str) and same_text(value, stored):
                cleaned[name] = stored
            elif isinstance(stored, str) and breaks_lines_with_crlf(stored):
                cleaned[name] = value.replace("\r\n", "\n").replace("\n", "\r\n")  # as the file wrote it
            else:
                cleaned[name] = value.replace("\r\n", "\n")
        return cleaned

    @property
    def changed_data(self):
        """What the editor changed: a text area sent back with CRLF, or a time without the
        fraction its widget leaves off, is the stored value (``clean`` put it back).

        Not cached: a formset asks before its forms are cleaned, and the answer changes then.
        """
        cleaned = getattr(self, "cleaned_data", {})
        return [
            name
            for name in super().changed_data
            if not (
                name in cleaned
                and isinstance(cleaned[name], (str, datetime.datetime))
                and cleaned[name] == self.initial.get(name)
            )
        ]


class ArticleImageForm(TableRowForm, FaithfulModelForm):
    """An article image, a row of the change page's table of images: a remote URL as in the
    file, or a file staff upload."""

    upload = CheckedImageField(
        required=False, help_text="JPEG, PNG, WebP or GIF. Its URL, width and height come from the file."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["url"].required = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("url") and not cleaned.get("upload"):
            self.add_error("url", "Give the image's URL or upload an image.")
        return cleaned

    def save(self, commit=True):
        image = super().save(commit=False)
        if "upload" in self.changed_data and self.cleaned_data["upload"]:
            images.attach_upload(image, self.cleaned_data["upload"])
        if commit:
            image.save()
            self._save_m2m()
        return image


SECTIONS_EXAMPLE = '{"": {"sourceUrl": "https://example.com/"}, "/provider": {"authors": ["Ann"]}}'


def checked_file_data(value, shape):
    """``value``, a file's keys Newsroom has no field for, if it is shaped as imports store
    them: ``"mapping"`` ({"key": value}), ``"sections"`` (a mapping of "" and "/provider" to
    mappings) or ``"items"`` (a list of mappings); else a ValidationError. Numbers must be
    finite. (A key "<<", YAML's merge key, is harmless: the export writes it quoted.)"""
    if shape == "sections":
        good = isinstance(value, dict) and all(isinstance(keys, dict) for keys in value.values())
        example = SECTIONS_EXAMPLE
    elif shape == "items":
        good = isinstance(value, list) and all(isinstance(item, dict) for item in value)
        example = '[{"url": "https://example.com/logo.png", "width": 50, "height": 50}]'
    else:
        good, example = isinstance(value, dict), '{"key": "value"}'
    if not good:
        raise forms.ValidationError(f"This file data must be shaped like {example}.")
    try:
        json.dumps(value, allow_nan=False)
    except ValueError:
        raise forms.ValidationError("Numbers in file data must be finite (no NaN or Infinity).") from None
    return value


class RelatedImageForm(TableRowForm, FaithfulModelForm):
    """A related item's image, a row of its change page's table of images."""

    def clean_extra(self):
        return checked_file_data(self.cleaned_data["extra"], "mapping")


class ReviewActionForm(helpers.ActionForm):
    """The action bar of the article list, with what the review actions need."""

    rejection_reason = forms.ModelChoiceField(
        RejectionReason.objects.filter(active=True), required=False, empty_label="Rejection reason…"
    )
    note = forms.CharField(required=False, widget=forms.TextInput(attrs={"placeholder": "Note (optional)"}))
    override_reason = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"placeholder": "Quality override reason (publishers)"})
    )


class ReviewDecisionForm(forms.Form):
    """One decision on one article, posted from the change page or the review mode."""

    verb = forms.ChoiceField(choices=[(verb, verb) for verb in [*workflow.USER_VERBS, "score", "schedule"]])
    version = forms.IntegerField()
    note = forms.CharField(required=False)
    reason = forms.ModelChoiceField(RejectionReason.objects.filter(active=True), required=False)
    override_reason = forms.CharField(required=False)
    quality = forms.IntegerField(required=False, min_value=INTEGER_COLUMN_MIN, max_value=INTEGER_COLUMN_MAX)
    go_live_at = forms.DateTimeField(required=False, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"])
    next = forms.CharField(required=False)


class VersionedArticleForm(FaithfulModelForm):
    """An article form that refuses to save over a change made after it was loaded."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        article = self.guarded_article()
        self.fields["loaded_version"].required = article is not None
        self.fields["loaded_version"].initial = article.version if article else None

    def guarded_article(self):
        """The article whose version the form is loaded with: the form's own."""
        return self.instance

    def clean(self):
        cleaned = super().clean()
        article = self.guarded_article()
        if article is not None and article.pk and "loaded_version" in cleaned:
            current = Article.objects.filter(pk=article.pk).values_list("version", flat=True).first()
            if current != cleaned["loaded_version"]:
                self.add_error(
                    None,
                    forms.ValidationError(
                        "Someone else changed this article after you loaded the page; your edits were not saved. "
                        "Reload to see the current version, then make your change again.",
                        code="stale",
                    ),
                )
        return cleaned


class ArticleRowForm(TableRowForm, VersionedArticleForm):
    """A row of the article list (its quality), refused if the article changed after the list loaded."""


class RelatedItemForm(VersionedArticleForm):
    """A related item on its own page: refused if its article changed after it was loaded,
    or if the ``editor`` (set by the admin) may not edit the article it is moved to."""

    editor = None

    def guarded_article(self):
        return self.instance.article if self.instance.pk else None

    def clean_extra(self):
        return checked_file_data(self.cleaned_data["extra"], "sections")

    def clean_article(self):
        article = self.cleaned_data["article"]
        try:
            workflow.require_may_edit(self.editor, article)
        except PermissionDenied as refusal:
            raise forms.ValidationError(str(refusal)) from None
        return article


def topic_names(text):
    """The topic names of a text area, one a line, without blanks or repeats."""
    return list(dict.fromkeys(line.strip() for line in (text or "").splitlines() if line.strip()))


class TopicNamesField(forms.CharField):
    """An article's topics, one a line: names may hold commas and quotes, and keep their order."""

    widget = forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"})

    def has_changed(self, initial, data):
        return topic_names(initial) != topic_names(data)


class ArticleChangeForm(VersionedArticleForm):
    """The article change page's form. The admin sets ``editor``, whose permissions decide
    whether a topic name no topic has yet may create one."""

    editor = None
    review_note = forms.CharField(
        required=False,
        label="Review note",
        help_text="Recorded in the history, with a changed quality score or edit if there is one.",
    )
    topic_names = TopicNamesField(
        required=False,
        strip=False,
        label="Topics",
        help_text="One topic a line, in the order the file lists them. "
        "A merged topic's old name files the article under the topic it was merged into.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["topic_names"] = "\n".join(topic.name for topic in self.instance.ordered_topics())

    def clean_extra(self):
        """The file's keys Newsroom has no field for, shaped as imports store them; a key
        that names a field (``published``) is refused: the field, and its workflow, decide."""
        extra = checked_file_data(self.cleaned_data["extra"], "sections")
        if named := documents.keys_naming_columns(extra):
            raise forms.ValidationError(
                "%(keys)s can only be changed in the article's own fields, not in its file data.",
                params={"keys": ", ".join(f"“{key}”" for key in named)},
            )
        return extra

    def clean_provider_logos(self):
        return checked_file_data(self.cleaned_data["provider_logos"], "items")

    def clean_topic_names(self):
        """The chosen topics, in order: existing ones (or what they were merged into; a name
        typed in another case is the topic, as a rename treats it), and new, unsaved ones only
        for an editor who may add topics."""
        chosen, unknown = [], []
        for name in topic_names(self.cleaned_data["topic_names"]):
            topic = topics.topic_named(name) or topics.clashing_topic(name)
            if topic is None:
                unknown.append(name)
                topic = Topic(name=name)
            if topic not in chosen:
                chosen.append(topic)
        if unknown and not (self.editor and self.editor.has_perm("articles.add_topic")):
            raise forms.ValidationError(
                "No topic is called %(names)s: choose existing topics, or ask someone who may add topics.",
                params={"names": ", ".join(f"“{name}”" for name in unknown)},
            )
        return chosen

    class Meta:
        wide_text = {"class": "vLargeTextField"}
        address = forms.TextInput(attrs={"class": "vURLField"})
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2, **wide_text}),
            "excerpt": forms.Textarea(attrs={"rows": 5, **wide_text}),
            "original_url": address,
            "web_url": address,
            "amp_web_url": address,
            "cdn_amp_web_url": address,
        }


class TopicRenameForm(forms.Form):
    name = forms.CharField(max_length=100, label="New name")


class MergeForm(forms.Form):
    """What the ``selected`` topics or providers merge into: one of them, or another."""

    def __init__(self, data=None, *, selected):
        super().__init__(data)
        self.selected = selected

    def clean_into(self):
        into = self.cleaned_data["into"]
        if not self.selected.exclude(pk=into.pk).exists():
            raise forms.ValidationError(f"“{into}” cannot be merged into itself: choose another to keep.")
        return into


TOPIC_FILE = re.compile(r"_data/topics/[^./\\\x00-\x1f\x7f][^/\\\x00-\x1f\x7f]*\.ya?ml")


class TopicForm(KeepsUnchangedLines, FaithfulModelForm):
    keywords = LinesField(
        help_text="One a line: words that, found in an article's title or excerpt, suggest this topic."
    )
    hashtags = LinesField(help_text="One a line, e.g. #PowerApps.")

    def clean_extra(self):
        return checked_file_data(self.cleaned_data["extra"], "mapping")

    def clean_source_path(self):
        """A new topic's file, if it is to have one: a YAML file in ``_data/topics/`` that no
        other record has. (Once the topic exists, its path is read-only.)"""
        path = self.cleaned_data["source_path"]
        if not path:
            return None
        if not TOPIC_FILE.fullmatch(path):
            raise forms.ValidationError(
                "A topic's file sits in _data/topics/ and ends in .yaml, e.g. _data/topics/07-robotics.yaml."
            )
        if holds_file(path):
            raise forms.ValidationError(f"{path} is already the file of another article, provider or topic.")
        return path

    def clean_name(self):
        name = self.cleaned_data["name"]
        clash = topics.clashing_topic(name, other_than=self.instance if self.instance.pk else None)
        if clash is not None:
            raise forms.ValidationError(f"Another topic is already called “{clash.name}”.")
        return name


class TopicMergeForm(MergeForm):
    into = forms.ModelChoiceField(Topic.objects.all(), label="Merge into", empty_label="Choose the topic to keep…")


class ProviderMergeForm(MergeForm):
    into = forms.ModelChoiceField(
        Provider.objects.all(), label="Merge into", empty_label="Choose the provider to keep…"
    )


class ArchiveImportForm(forms.Form):
    archive = forms.FileField(
        label="Zip archive",
        validators=[FileExtensionValidator(["zip"])],
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
        help_text="Files at their paths in the content repository: _news/…, _learning/…, _data/topics/…",
    )
    dry_run = forms.BooleanField(label="Check only: report what would happen, change nothing", required=False)

    def clean_archive(self):
        archive = self.cleaned_data["archive"]
        if archive.size > archives.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The archive is {filesizeformat(archive.size)}; the limit here is "
                f"{filesizeformat(archives.MAX_UPLOAD_BYTES)}. Import it with `manage.py import_articles`."
            )
        try:
            with zipfile.ZipFile(archive) as zipped:
                files = sum(not entry.is_dir() for entry in zipped.infolist())
        except UNREADABLE_ZIP:
            return archive  # the import reports it, naming the archive
        if files > archives.MAX_UPLOAD_FILES:
            raise forms.ValidationError(
                f"The archive holds {files:,} files; the limit here is {archives.MAX_UPLOAD_FILES:,}. "
                "Import it with `manage.py import_articles`."
            )
        return archive
