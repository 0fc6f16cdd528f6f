# Reserved for public search.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_review_groups")]

    operations = []
