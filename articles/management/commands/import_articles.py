from django.core.management.base import BaseCommand, CommandError

from articles.importing import FAILED, import_paths
from articles.management.progress import progress_printer
from articles.sources import FILE_SUFFIXES


class Command(BaseCommand):
    help = "Import front-matter files: files, folders (recursively) or .zip archives."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--dry-run", action="store_true", help="Check and report, write nothing.")

    def handle(self, *args, paths, dry_run, verbosity, **options):
        progress = progress_printer(self.stderr, "Importing")
        report = import_paths(paths, dry_run=dry_run, progress=progress)
        if progress:
            self.stderr.write("", style_func=str)
        for outcome in report.outcomes:
            if outcome.outcome == FAILED:
                self.stderr.write(f"FAILED {outcome.path}: {outcome.message}")
            elif outcome.message:
                self.stdout.write(self.style.WARNING(f"{outcome.outcome:9} {outcome.path}: {outcome.message}"))
            elif verbosity >= 2:
                self.stdout.write(f"{outcome.outcome:9} {outcome.path}")
        self.stdout.write(report.summary())
        if not report.outcomes:
            suffixes = ", ".join(sorted(FILE_SUFFIXES))
            raise CommandError(f"No front-matter files ({suffixes}) were found in {', '.join(paths)}.")
        if report.failures:
            raise CommandError(f"{len(report.failures)} file(s) could not be imported.")
