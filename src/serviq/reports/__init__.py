"""The department's reports: definitions, data contexts, SPC and renderings (docs/reports.md)."""
