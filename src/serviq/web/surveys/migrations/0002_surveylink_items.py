from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="surveylink",
            name="items",
            field=models.JSONField(blank=True, default=list),
        ),
    ]
