# Reserved for the review workflow (Reviewers and Publishers groups).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = []
