"""The file format alone: parse and render are a lossless, strict pair."""

import datetime
import difflib
import random

import pytest
import yaml

from articles.frontmatter import FrontMatterError, parse, render
from tests.conftest import CORPUS, FIXTURES, front_matter_files, requires_corpus


def read(path):
    return path.read_bytes().decode("utf-8")


def parse_file(path):
    return parse(read(path), fenced=path.suffix != ".yaml", path=str(path))


def changed_lines(before, after):
    return [
        line
        for line in difflib.unified_diff(before.splitlines(True), after.splitlines(True), n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.mark.parametrize("path", front_matter_files(FIXTURES), ids=lambda p: p.name)
def test_every_fixture_renders_back_byte_for_byte(path):
    assert render(parse_file(path)) == read(path)


@requires_corpus
@pytest.mark.corpus
def test_every_corpus_file_renders_back_byte_for_byte():
    files = front_matter_files(CORPUS)
    assert len(files) > 150
    mismatched = [str(path) for path in files if render(parse_file(path)) != read(path)]
    assert mismatched == []


def test_values_come_out_typed_and_in_file_order():
    document = parse_file(FIXTURES / "site/_news/2021-03-04-newsroom-fixture-robots-learn-to-read.md")
    data = document.data
    assert list(data)[:4] == ["category", "title", "excerpt", "publishedDateTime"]
    assert data["title"] == 'Robots learn to read "between the lines" — a café study'
    assert data["publishedDateTime"] == datetime.datetime(2021, 3, 4, 9, 15, tzinfo=datetime.UTC)
    assert data["quality"] == 39 and data["heat"] == -1 and data["published"] is False
    assert data["topics"] == ["Computer Vision", "AI"]
    assert data["related"][0]["provider"] == {"name": "Example News", "domain": "news.example.com"}
    assert document.body == "\n"


def test_crlf_and_missing_final_newline_survive():
    crlf = read(FIXTURES / "site/_news/2021-03-02-published-with-crlf-line-endings.md")
    assert "\r\n" in crlf
    assert render(parse(crlf)) == crlf
    bare = read(FIXTURES / "site/_news/2021-03-01-no-final-newline.md")
    assert not bare.endswith("\n")
    assert render(parse(bare)) == bare


def test_yaml_one_one_plain_scalars_keep_their_meaning_and_their_text():
    text = "---\nremoved: no\nswitch: on\nratio: 1:20\nmode: 0755\nday: 2021-03-03\nprice: 1.50\nnone: ~\n---\n"
    document = parse(text)
    assert document.data == {
        "removed": False,
        "switch": True,
        "ratio": 80,
        "mode": 0o755,
        "day": datetime.date(2021, 3, 3),
        "price": 1.5,
        "none": None,
    }
    assert [document.scalar_text(f"/{key}") for key in ("removed", "ratio", "mode", "day", "price")] == [
        "no",
        "1:20",
        "0755",
        "2021-03-03",
        "1.50",
    ]
    assert render(document) == text


def test_an_edited_value_changes_only_its_own_line():
    text = read(FIXTURES / "site/_news/2021-03-04-newsroom-fixture-robots-learn-to-read.md")
    document = parse(text)
    document.data["quality"] = 55
    document.data["topics"].append("Robotics")
    document.data["published"] = True
    assert changed_lines(text, render(document)) == [
        "-quality: 39\n",
        "+quality: 55\n",
        "-published: false\n",
        "+published: true\n",
        "+  - Robotics\n",
    ]


def test_an_edited_text_is_quoted_when_the_old_style_cannot_hold_it():
    document = parse("---\ntitle: Plain title\nurl: https://example.com/a\n---\n")
    document.data["title"] = "Now: with a colon"
    document.data["url"] = "https://example.com/b"
    assert render(document) == '---\ntitle: "Now: with a colon"\nurl: https://example.com/b\n---\n'


def test_an_edited_block_text_stays_a_block_so_only_its_changed_lines_change():
    text = "---\nexcerpt: |\n    One line.\n    Two lines.\nnote: >-\n  folded\n  words\n---\n"
    document = parse(text)
    document.data["excerpt"] = "One line.\nTwo lines, edited.\n"
    document.data["note"] = "folded\nwords"
    assert changed_lines(text, render(document)) == [
        "-    Two lines.\n",
        "-note: >-\n",
        "+    Two lines, edited.\n",
        "+note: |-\n",
    ]


@pytest.mark.parametrize("value", [" leading space\n", "two final newlines\n\n", "a\rb\n", "bell\x07\n"])
def test_an_edited_block_text_a_block_cannot_hold_is_double_quoted(value):
    document = parse("---\nexcerpt: |\n  old\n---\n")
    document.data["excerpt"] = value
    rendered = render(document)
    assert rendered.startswith('---\nexcerpt: "')
    assert parse(rendered).data["excerpt"] == value


@pytest.mark.parametrize("text", ["2021-13-45", "<<", "="])
def test_a_text_no_yaml_reader_reads_plain_is_quoted_and_refused_unquoted(text):
    document = parse("---\ntitle: Old\n---\n")
    document.data["title"] = text
    assert render(document) == f'---\ntitle: "{text}"\n---\n'
    with pytest.raises(FrontMatterError, match=f"2:8: '{text}' is not a valid value; put it in quotes"):
        parse(f"---\ntitle: {text}\n---\n")


@pytest.mark.parametrize("line_break", ["\r", "\x85", "\u2028"])
def test_a_value_broken_by_an_unusual_line_break_renders_back_byte_for_byte(line_break):
    text = f"---\nquality: 87{line_break} 87\ntitle: x\n---\n"
    assert render(parse(text)) == text


@pytest.mark.parametrize("text, line", [("---\n\ufefftitle: x\n---\n", 2), ("---\na: 1\nb:\n \ufeff - x\n---\n", 4)])
def test_a_byte_order_mark_inside_the_front_matter_is_refused_not_garbled(text, line):
    with pytest.raises(FrontMatterError, match=f"^{line}: a byte order mark"):
        parse(text)
    assert parse("\ufeff---\ntitle: x\n---\n").layout["bom"]  # where a BOM belongs, it is kept


def test_a_merge_key_is_refused_with_its_line():
    with pytest.raises(FrontMatterError, match="3:1: merge keys"):
        parse("---\ntitle: x\n<<: y\n---\n")


def test_a_plain_text_that_would_read_as_another_type_is_quoted():
    document = parse("---\ntitle: Plain\n---\n")
    for value in ("yes", "2020", "1:20", "null", "2020-01-01"):
        document.data["title"] = value
        assert render(document) == f'---\ntitle: "{value}"\n---\n'
        assert parse(render(document)).data["title"] == value


def test_a_new_key_lands_after_its_predecessor_not_at_the_end():
    text = "---\ntitle: A\nheat: 5\n\nprovider:\n  name: P\n---\n"
    document = parse(text)
    document.data = {"title": "A", "heat": 5, "published": True, "provider": {"name": "P"}}
    assert render(document) == "---\ntitle: A\nheat: 5\npublished: true\n\nprovider:\n  name: P\n---\n"


def test_an_unchanged_time_keeps_its_offset_spelling():
    text = "---\npublishedDateTime: 2020-08-18T02:57:00-07:00\n---\n"
    document = parse(text)
    document.data["publishedDateTime"] = datetime.datetime(2020, 8, 18, 9, 57, tzinfo=datetime.UTC)
    assert render(document) == text
    document.data["publishedDateTime"] = datetime.datetime(2020, 8, 18, 10, 0, tzinfo=datetime.UTC)
    assert render(document) == "---\npublishedDateTime: 2020-08-18T10:00:00Z\n---\n"


def test_a_time_with_no_utc_form_still_parses_and_renders_back():
    text = "---\nfirst: 0001-01-01T00:00:00+05:00\nlast: 9999-12-31T23:00:00-05:00\n---\n"
    document = parse(text)
    assert document.data["first"].year == 1 and document.data["last"].year == 9999
    assert render(document) == text


def test_comments_blank_lines_and_block_scalars_survive():
    text = "---\n# top comment\ntitle: A   # trailing\n\n\nnotes: |\n  one\n  two\nflow: [a, b]\n---\nBody\n"
    assert render(parse(text)) == text


def test_bare_yaml_topic_files_round_trip():
    path = FIXTURES / "site/_data/topics/04-ai-builder.yaml"
    document = parse_file(path)
    assert document.data["keywords"] == ["ai builder", "form processing"]
    assert render(document) == read(path)


def test_a_bare_yaml_file_with_cr_line_endings_round_trips():
    """YAML takes CR alone for a line break; only fenced files, whose fences Jekyll finds by
    their LF, are refused for it."""
    text = "taxonomy: topic\r_id: old-mac\rname: Old Mac\rkeywords:\r  - classic\r"
    document = parse(text, fenced=False)
    assert document.data["keywords"] == ["classic"]
    assert render(document) == text


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        ("title: no fences\n", "no front matter", 1, None),
        ("---\ntitle: never closed\n", "unterminated front matter", 1, None),
        ("---\rtitle: old Mac\r---\r", "its line endings are CR alone", 1, None),
        ("---\ntitle: [unclosed\n---\n", "YAML syntax error", 3, 1),
        ("---\n- a list\n---\n", "must be a mapping", 2, None),
        ("---\n---\n", "empty", 2, None),
        ("---\ntitle: a\ntitle: b\n---\n", "duplicate key", 3, 1),
        ("---\na: &x [1]\nb: *x\n---\n", "anchors and aliases are not allowed", 2, 4),
        ("---\na: !!python/object:os.system x\n---\n", "explicit YAML tags", 2, 4),
        ("---\na: &x plain\n---\n", "anchors and aliases are not allowed", 2, 4),
        ("---\na: *x\n---\n", "anchors and aliases are not allowed", 2, 4),
        ("---\na: !!seq [1]\n---\n", "explicit YAML tags", 2, 4),
        ("---\na: b\n\x01c\n---\n", "the control character U+0001 cannot appear in YAML", 3, 1),
        ("---\ntitle: Zoë 東京\nx: a\x01b\n---\n", "the control character U+0001", 3, 5),
        ('---\ntitle: "Zoë 東京" y\n---\n', "YAML syntax error", 2, 17),
        ("---\ntitle: Zoë 東京\nx: *a\n---\n", "anchors and aliases are not allowed", 3, 4),
    ],
)
def test_bad_front_matter_is_refused_with_line_and_column(text, message, line, column):
    with pytest.raises(FrontMatterError) as raised:
        parse(text, path="bad.md")
    error = raised.value
    assert message in str(error)
    assert str(error).startswith("bad.md:")
    assert (error.line, error.column) == (line, column)


def test_a_key_spelled_like_yamls_merge_key_is_written_quoted_and_reads_back_as_a_key():
    document = parse("---\ntitle: A\n---\n")
    document.data["<<"] = {"published": True}
    text = render(document)
    assert '"<<":\n  published: true\n' in text
    assert parse(text).data["<<"] == {"published": True}


def test_alias_bombs_are_refused_before_they_expand():
    lines = ["---", 'a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 30)]
    with pytest.raises(FrontMatterError, match="anchors and aliases"):
        parse("\n".join(lines + ["---", ""]))


def test_very_deep_nesting_is_refused():
    text = "---\nroot: " + "[" * 500 + "]" * 500 + "\n---\n"
    with pytest.raises(FrontMatterError, match="nesting"):
        parse(text)


# Files nobody here has seen: PyYAML writes random documents in its own styles (other
# indents, folded long lines, flow collections, YAML 1.1 look-alikes as text).
TRICKY_TEXT = ["Power Apps", "no", "on", "1:20", "0755", "café — “quoted”", "a: b", "#tag", "- dash", "x\ny",
               "  lead", "trail  ", "null", "", "'q'", '"dq"', "https://e.com/?a=1&b=2", "tab\there", "2020-06-18"]  # fmt: skip


def random_value(rng, depth):
    roll = rng.random()
    if depth < 3 and roll < 0.2:
        return {f"k{rng.randint(0, 99)}": random_value(rng, depth + 1) for _ in range(rng.randint(1, 4))}
    if depth < 3 and roll < 0.35:
        return [random_value(rng, depth + 1) for _ in range(rng.randint(1, 3))]
    long_text = " ".join(rng.choice(TRICKY_TEXT) for _ in range(rng.randint(5, 25)))
    return rng.choice([rng.choice(TRICKY_TEXT), rng.randint(-5, 300), rng.random() * 100, True, False, None, long_text])


def random_file(seed):
    rng = random.Random(seed)
    data = {f"key{index}": random_value(rng, 0) for index in range(rng.randint(1, 8))}
    text = yaml.dump(
        data,
        Dumper=yaml.SafeDumper,
        sort_keys=False,
        allow_unicode=rng.random() < 0.5,
        indent=rng.choice([2, 4]),
        width=rng.choice([40, 80, 1000]),
        default_flow_style=rng.choice([False, None]),
    )
    text = "---\n" + text + "---\n" + rng.choice(["", "\n", "Body\n"])
    return (text.replace("\n", "\r\n") if rng.random() < 0.3 else text), rng


@pytest.mark.parametrize("seed", range(0, 300, 3))
def test_files_written_in_other_styles_render_back_byte_for_byte(seed):
    text, _ = random_file(seed)
    assert render(parse(text)) == text


@pytest.mark.parametrize("seed", range(1, 300, 3))
def test_edited_values_in_any_style_read_back_as_edited(seed):
    text, rng = random_file(seed)
    document = parse(text)
    for key in rng.sample(list(document.data), k=min(3, len(document.data))):
        document.data[key] = random_value(rng, 2)
    document.data["added"] = random_value(rng, 1)
    assert parse(render(document)).data == document.data


# Damaged files: the fixtures with random bytes inserted, deleted or copied, the way
# hand edits and bad merges damage them. Each one must be refused with a FrontMatterError
# or, if it still parses, render back byte for byte; anything else is a bug. It found:
# list keys, impossible dates, merge keys, bare CR line breaks, stray BOMs, multi-line
# values whose first line is "---", flow "? key" entries and times with no UTC form.
DAMAGE = [": ", "\n", "\r", "\r\n", "\x85", "- ", "[", "]", "{", "}", '"', "'", "|", ">", "#", "&a", "*a", "? ",
          "\t", "  ", "2021-13-45", "0x", "1e999", "~", "---", "%YAML 1.1\n", "\\", "\u2028", "\ufeff", "<<: ", "=", "\x0c"]  # fmt: skip


@pytest.mark.parametrize("seed", range(40))
def test_damaged_files_are_refused_or_render_back_byte_for_byte(seed):
    rng = random.Random(seed)
    originals = [(path.read_bytes().decode(), path.suffix != ".yaml") for path in front_matter_files(FIXTURES)]
    for _ in range(250):
        text, fenced = rng.choice(originals)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(text) + 1)
            roll = rng.random()
            if roll < 0.4:
                text = text[:at] + rng.choice(DAMAGE) + text[at:]
            elif roll < 0.7:
                text = text[:at] + text[at + rng.randint(1, 8) :]
            else:
                start = rng.randrange(len(text) + 1)
                text = text[:at] + text[start : start + 10] + text[at:]
        try:
            document = parse(text, fenced=fenced)
        except FrontMatterError:
            continue
        assert render(document) == text, text
