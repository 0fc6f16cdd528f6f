from django.core.management.base import BaseCommand, CommandError

from articles.exporting import ExportError, export_articles
from articles.management.progress import progress_printer
from articles.models import Article


class Command(BaseCommand):
    help = "Export articles, providers and topics as front-matter files under OUTDIR."

    def add_arguments(self, parser):
        parser.add_argument("outdir", metavar="OUTDIR")
        parser.add_argument("--published", action="store_true", help="Only published articles.")
        parser.add_argument("--category", help="Only articles of this category (news, learning, samples...).")
        parser.add_argument("--articles-only", action="store_true", help="Skip provider and topic files.")
        parser.add_argument(
            "--delete",
            action="store_true",
            help="Delete content files under OUTDIR whose article, provider or topic is no longer in Newsroom "
            "(a whole export only).",
        )

    def handle(self, *args, outdir, published, category, articles_only, delete, **options):
        articles = Article.objects.all()
        if published:
            articles = articles.published()
        if category:
            articles = articles.filter(category=category)
        progress = progress_printer(self.stderr, "Exporting")
        try:
            report = export_articles(
                articles if published or category else None,
                destination=outdir,
                taxonomy=not articles_only,
                progress=progress,
                delete_stale=delete,
            )
        except (ExportError, OSError) as error:
            raise CommandError(str(error)) from error
        if progress:
            self.stderr.write("", style_func=str)
        self.stdout.write(report.summary())
        if report.stale and not report.deleted:
            self.stdout.write("Export again with --delete to delete them.")
