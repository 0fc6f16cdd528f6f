"""Publish the approved articles whose go-live time has come (run it every minute)."""

import time

from django.core.management.base import BaseCommand, CommandError

from articles.workflow import publish_due_articles


class Command(BaseCommand):
    help = (
        "Publish approved articles whose go-live time has passed. Run it every minute from cron or a "
        "systemd timer; --every SECONDS keeps it running (make run starts it that way)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, metavar="SECONDS", help="Keep running, checking every SECONDS.")

    def handle(self, *args, every=None, **options):
        if every is None:
            self.publish_due()
            return
        if every < 1:
            raise CommandError("--every needs a number of seconds of at least 1.")
        while True:
            self.publish_due()
            time.sleep(every)

    def publish_due(self):
        for article in publish_due_articles():
            self.stdout.write(f"Published “{article.title}” (scheduled)")
