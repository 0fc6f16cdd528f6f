"""Benchmark import and export against PyYAML's C loader, measured in the same run.

Generates N article files shaped like the corpus (provider, topics, images, related
items with their own images), then times, on a fresh database (SQLite, or PostgreSQL
when ``DATABASE_URL`` names one):

  parse      read + yaml.load(CSafeLoader) of every file's front matter (the baseline)
  import     import_paths on every file (what import_articles runs)
  re-import  import_paths again (every file unchanged)
  zip        import_paths again, from a .zip of the same files (every file unchanged)
  export     export_articles of every article

It measures ``--rounds`` times (3 by default; the database is emptied before each round)
and prints each phase's median time, files per second, and its median ratio to the
parse time of the same round with the range over the rounds: on a shared machine a
single round can be off by a quarter. With --memory it also runs import+export for N/4
and N files in child processes and prints their peak RSS, to show that memory stays flat
as N grows.

    python bench/import_export.py [--files 10000] [--rounds 3] [--memory]
"""

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from environment import setup_django

TEMPLATE = """---
category: news
title: "{title}"
excerpt: "{excerpt}"
publishedDateTime: {date}T{hour:02d}:15:00Z
originalUrl: "https://example.org/{slug}?utm=1"
webUrl: "https://example.org/{slug}"
type: article
quality: {quality}
heat: {heat}
published: {published}

provider:
  name: Example {provider}
  domain: {provider}.example.org
  images:
    - url: "https://example.org/assets/images/organizations/{provider}.example.org-50x50.jpg"
      width: 50
      height: 50

topics:
  - {topic_a}
  - {topic_b}

images:
  - url: "https://cdn.example.org/{slug}.jpg?w=720"
    width: 1280
    height: 720
    isCached: true
    title: "{title}"

related:
{related}
secured: "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=;MDEyMzQ1Njc4OQ=="
---

"""
RELATED = """  - title: "Related story {n} about {topic}"
    excerpt: "A related story on {topic}, with an excerpt long enough to look real."
    publishedDateTime: {date}T03:00:00Z
    webUrl: "https://news.example.com/{slug}-{n}"
    ampWebUrl: "https://news.example.com/{slug}-{n}?_amp=true"
    type: article
    provider:
      name: Example News
      domain: news.example.com
    quality: {quality}
    images:
      - url: "https://news.example.com/img/{slug}-{n}.jpg"
        width: 2290
        height: 1322
        isCached: true
"""
TOPICS = ["AI", "Computer Vision", "Power Apps", "Azure", "Robotics", "Security", "Data", "Cloud"]


def generate(folder, count):
    rng = random.Random(42)
    news = folder / "_news"
    news.mkdir(parents=True)
    for index in range(count):
        date = f"20{18 + index % 4}-{1 + index % 12:02d}-{1 + index % 28:02d}"
        slug = f"story-number-{index}-about-things"
        topic = rng.choice(TOPICS)
        related = "".join(
            RELATED.format(n=n, topic=topic, date=date, slug=slug, quality=rng.randint(0, 100)) for n in range(2)
        )
        text = TEMPLATE.format(
            title=f"Story number {index}: what happened — and why it matters",
            excerpt=f"An excerpt for story {index}, long enough to resemble the real ones we import. " * 2,
            date=date,
            hour=index % 24,
            slug=slug,
            quality=rng.randint(-1, 200),
            heat=rng.randint(-1, 100),
            published=rng.choice(["true", "false"]),
            provider=f"provider{index % 50}",
            topic_a=topic,
            topic_b=rng.choice([other for other in TOPICS if other != topic]),  # a topic is listed once
            related=related,
        )
        (news / f"{date}-{slug}.md").write_text(text, encoding="utf-8")


def setup_database(workdir):
    """A fresh database: SQLite in ``workdir``, or a test database beside a PostgreSQL ``DATABASE_URL``'s."""
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        setup_django()
        from django.db import connection

        main_database = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        return lambda: connection.creation.destroy_test_db(main_database, verbosity=0)
    setup_django(DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return lambda: None


def time_parse(folder):
    import yaml

    start = time.perf_counter()
    for path in sorted(folder.rglob("*.md")):
        text = path.read_bytes().decode("utf-8")
        end = text.index("\n---", 3)
        yaml.load(text[4:end], Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def run(count, rounds=1):
    """Measure ``rounds`` times on the same files, emptying the database before each round."""
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        source = workdir / "site"
        generate(source, count)
        archive = shutil.make_archive(str(workdir / "site"), "zip", root_dir=source)
        drop_database = setup_database(workdir)
        try:
            results = [measure_round(source, archive, workdir / f"out-{number}", count) for number in range(rounds)]
        finally:
            drop_database()
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"files": count, "rounds": results, "peak_rss_mb": peak_rss_mb}


def measure_round(source, archive, out, count):
    from django.core.management import call_command
    from django.db import connection

    from articles.exporting import export_articles
    from articles.importing import import_paths

    call_command("flush", interactive=False, verbosity=0)
    parse = min(time_parse(source) for _ in range(3))
    import_time, report = timed(lambda: import_paths([source]))
    assert report.counts["created"] == count, report.summary()
    reimport_time, report = timed(lambda: import_paths([source]))
    assert report.counts["unchanged"] == count, report.summary()
    zip_time, report = timed(lambda: import_paths([archive]))
    assert report.counts["unchanged"] == count, report.summary()
    export_time, report = timed(lambda: export_articles(destination=out))
    assert report.written == count
    return {
        "database": connection.vendor,
        "parse": parse,
        "import": import_time,
        "reimport": reimport_time,
        "zip": zip_time,
        "export": export_time,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3, help="measure this many times; print the median ratios")
    parser.add_argument("--memory", action="store_true", help="also compare peak memory at N/4 and N files")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.json:
        print(json.dumps(run(args.files)))
        return

    result = run(args.files, args.rounds)
    rounds = result["rounds"]
    print(f"{result['files']:,} files (each with 2 related items), {rounds[0]['database']}, {len(rounds)} rounds")
    print(f"{'phase':<10} {'seconds':>8} {'files/s':>9} {'x parse':>8} {'range':>16}   target")
    targets = {"parse": "", "import": "<= 3x", "reimport": "<= 1.5x", "zip": "<= 1.5x", "export": "<= 2x"}
    for phase, target in targets.items():
        ratios = sorted(one[phase] / one["parse"] for one in rounds)
        seconds = statistics.median(one[phase] for one in rounds)
        spread = f"{ratios[0]:.2f}-{ratios[-1]:.2f}"
        print(
            f"{phase:<10} {seconds:8.2f} {result['files'] / seconds:9,.0f} {statistics.median(ratios):8.2f}"
            f" {spread:>16}   {target}"
        )
    if args.memory:
        print("\npeak RSS of import + export (child processes):")
        for count in (args.files // 4, args.files):
            child = subprocess.run(
                [sys.executable, __file__, "--files", str(count), "--json"], capture_output=True, text=True, check=True
            )
            print(f"  {count:>7,} files: {json.loads(child.stdout)['peak_rss_mb']:7.1f} MB")


if __name__ == "__main__":
    main()
