# A merged topic's name keeps leading to the topic it was merged into.
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_article_images"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="TopicMerge",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("merged_name", models.CharField(db_index=True, max_length=100)),
                ("merged_slug", models.SlugField(allow_unicode=True, max_length=100)),
                (
                    "merged_data",
                    models.JSONField(
                        blank=True, default=dict, help_text="The merged topic's other fields, as they were."
                    ),
                ),
                ("articles_moved", models.PositiveIntegerField(default=0)),
                ("merged_at", models.DateTimeField(auto_now_add=True)),
                (
                    "merged_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "topic",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="merges", to="articles.topic"
                    ),
                ),
            ],
            options={"ordering": ["-merged_at", "-id"]},
        ),
    ]
