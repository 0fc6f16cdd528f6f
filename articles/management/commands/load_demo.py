from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from articles.importing import import_paths

DEMO_PASSWORD = "newsroom-demo"
DEMO_EDITORS = [("reviewer", "Reviewers"), ("publisher", "Publishers")]


class Command(BaseCommand):
    help = "Import the demo content and create the demo accounts (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="Where the site runs, for the message.")

    def handle(self, *args, url, **options):
        if not settings.DEBUG:
            raise CommandError("load_demo creates accounts with a published password: run it with DEBUG=1 only.")
        sources = [settings.BASE_DIR / "demo" / "content"]
        corpus = settings.BASE_DIR.parent / "shared" / "corpus"
        if corpus.is_dir():
            sources += sorted(path for path in Path(corpus).iterdir() if path.is_dir() and path.name != "api-sample")
        report = import_paths(sources)
        self.stdout.write(f"Demo content: {report.summary()}")

        User = get_user_model()
        admin, _ = User.objects.get_or_create(username="admin", defaults={"is_staff": True, "is_superuser": True})
        admin.set_password(DEMO_PASSWORD)
        admin.save()
        for username, group in DEMO_EDITORS:
            editor, _ = User.objects.get_or_create(username=username, defaults={"is_staff": True})
            editor.set_password(DEMO_PASSWORD)
            editor.save()
            editor.groups.add(Group.objects.get(name=group))
        self.stdout.write(f"Log in at {url}/admin/ (password {DEMO_PASSWORD} for each):")
        self.stdout.write("  admin      superuser: everything")
        self.stdout.write("  reviewer   Reviewers: score, approve, reject (try Review mode on the admin home)")
        self.stdout.write("  publisher  Publishers: also publish, unpublish and schedule")
