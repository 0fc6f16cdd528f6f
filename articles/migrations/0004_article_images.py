# Reserved for article image uploads and renditions.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_search")]

    operations = []
