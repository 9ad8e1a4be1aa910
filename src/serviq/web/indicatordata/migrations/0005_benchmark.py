import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('indicatordata', '0004_work_orders_feedback'),
        ('org', '0002_login_throttle_token_expiry'),
    ]

    operations = [
        migrations.CreateModel(
            name='Benchmark',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('indicator', models.CharField(db_index=True, max_length=64)),
                ('reference', models.CharField(max_length=500)),
                ('kind', models.CharField(max_length=16)),
                ('value', models.FloatField()),
                ('source', models.CharField(max_length=500)),
                ('date', models.CharField(max_length=10)),
                ('definition_notes', models.TextField(blank=True)),
                ('comparability', models.CharField(default='same', max_length=16)),
                ('evidence_name', models.CharField(blank=True, max_length=200)),
                ('evidence', models.BinaryField(blank=True, default=b'')),
                ('entered_at', models.DateTimeField(auto_now=True)),
                ('entered_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.person')),
            ],
            options={
                'ordering': ('indicator', '-date', 'reference'),
                'constraints': [models.UniqueConstraint(fields=('indicator', 'reference', 'date'), name='benchmark_unique')],
            },
        ),
    ]
