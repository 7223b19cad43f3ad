"""A retained office's staff held their grant on the office's sponsor, and so reached the
sponsor's other offices; from here they hold it on one office. An existing grant moves to the
sponsor's first office (by registration order), which the administration can change."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def grants_on_one_office(apps, schema_editor):
    RoleAssignment = apps.get_model("org", "RoleAssignment")
    Office = apps.get_model("registry", "Office")
    for assignment in RoleAssignment.objects.filter(role="office_staff", office__isnull=True):
        office = Office.objects.filter(sponsor_id=assignment.unit_id).order_by("pk").first()
        if office is None:
            # A grant on a unit with no office reaches nothing: there is nothing to move it to.
            assignment.delete()
            continue
        assignment.office = office
        assignment.unit = None
        assignment.save(update_fields=["office", "unit"])


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0006_team_member_role'),
        ('registry', '0002_exact_money'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='roleassignment',
            name='org_role_unique',
        ),
        migrations.RemoveConstraint(
            model_name='roleassignment',
            name='org_office_staff_has_unit',
        ),
        migrations.AddField(
            model_name='roleassignment',
            name='office',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='role_assignments', to='registry.office', verbose_name='办事机构'),
        ),
        migrations.AlterField(
            model_name='roleassignment',
            name='role',
            field=models.CharField(choices=[('offices_admin', '市机关事务管理局'), ('county_clerk', '县级填报员'), ('department_clerk', '部门填报员'), ('inspector', '检查人员'), ('auditor', '审计人员'), ('wuhan_office', '驻汉办工作人员'), ('office_staff', '驻外机构工作人员'), ('office_head', '驻外机构负责人'), ('team_member', '联合检查组成员')], max_length=20, verbose_name='角色'),
        ),
        migrations.RunPython(grants_on_one_office, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='roleassignment',
            constraint=models.UniqueConstraint(fields=('user', 'role', 'jurisdiction', 'unit', 'office'), name='org_role_unique'),
        ),
        migrations.AddConstraint(
            model_name='roleassignment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('office__isnull', False), ('role__in', ['office_staff', 'office_head']), ('unit__isnull', True)), models.Q(models.Q(('role__in', ['office_staff', 'office_head']), _negated=True), ('office__isnull', True)), _connector='OR'), name='org_office_roles_have_office'),
        ),
    ]
