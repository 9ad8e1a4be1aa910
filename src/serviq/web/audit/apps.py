from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "serviq.web.audit"
    label = "audit"
    verbose_name = "Audit trail"
