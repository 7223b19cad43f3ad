import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('event', models.CharField(choices=[('proposal_returned', '精简整合意见被退回'), ('proposal_approved', '精简整合意见获批准'), ('window_applied', '申请设立工作窗口'), ('window_decided', '工作窗口审批结果'), ('submission_due', '报送事项即将截止'), ('submission_overdue', '报送事项已逾期'), ('submission_escalated', '逾期督办'), ('submission_returned', '报送事项被退回'), ('finding_recorded', '检查发现问题'), ('legacy', '通知')], max_length=32, verbose_name='事件')),
                ('key', models.CharField(max_length=200, verbose_name='幂等键')),
                ('subject', models.CharField(max_length=200, verbose_name='标题')),
                ('summary', models.CharField(max_length=500, verbose_name='内容')),
                ('params', models.JSONField(blank=True, default=dict, verbose_name='参数')),
                ('link', models.CharField(blank=True, max_length=300, verbose_name='链接')),
                ('object_type', models.CharField(blank=True, max_length=100, verbose_name='对象类型')),
                ('object_id', models.CharField(blank=True, max_length=64, verbose_name='对象编号')),
                ('jurisdiction_path', models.CharField(blank=True, db_index=True, max_length=255, verbose_name='行政区划路径')),
                ('unit_id', models.IntegerField(blank=True, null=True, verbose_name='单位')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='时间')),
                ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='阅读时间')),
                ('emailed_at', models.DateTimeField(blank=True, null=True, verbose_name='邮件发送时间')),
                ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='收件人')),
            ],
            options={
                'verbose_name': '通知',
                'verbose_name_plural': '通知',
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['recipient', 'read_at'], name='notification_unread')],
                'constraints': [models.UniqueConstraint(fields=('recipient', 'key'), name='notification_once_per_key')],
            },
        ),
    ]
